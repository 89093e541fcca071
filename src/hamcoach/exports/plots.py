"""The progress figure: pain over time, weekly volume, adherence."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from hamcoach.domain import rules as R
from hamcoach.exports.views.progress import ProgressFacts


class FigureFacts(ProgressFacts, Protocol):
    """The progress report (services.reports.Progress) with adherence per week."""

    @property
    def weekly_adherence(self) -> Mapping[int, tuple[int, int]]: ...


def progress_figure(report: FigureFacts, path: Path) -> None:
    """Write a PNG or SVG (by the file's suffix) that reads at a glance."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.dates import DateFormatter
    from matplotlib.ticker import MaxNLocator

    fig, (pain_ax, vol_ax, adh_ax) = plt.subplots(3, 1, figsize=(8, 9), constrained_layout=True)
    fig.suptitle("hamcoach progress")

    sessions = [(d, p) for d, p, kind in report.pain_points if kind == "session"]
    mornings = [(d, p) for d, p, kind in report.pain_points if kind == "check-in"]
    if sessions:
        pain_ax.plot(
            [d for d, _ in sessions], [p for _, p in sessions], "o", label="during/after a session"
        )
    if mornings:
        pain_ax.plot(
            [d for d, _ in mornings], [p for _, p in mornings], "s-", label="next-morning check-in"
        )
    green, amber, top = R.PAIN_GREEN_MAX, R.PAIN_AMBER_MAX, R.PAIN_SCALE_MAX
    pain_ax.axhspan(0, green, color="tab:green", alpha=0.12, label=f"{R.GREEN_RANGE} may progress")
    pain_ax.axhspan(green, amber, color="tab:orange", alpha=0.12, label=f"{R.AMBER_RANGE} repeat")
    pain_ax.axhspan(amber, top, color="tab:red", alpha=0.08, label=f"above {amber} step back")
    pain_ax.set_ylim(0, top)
    pain_ax.set_ylabel(f"pain (0-{top})")
    pain_ax.set_title("Pain over time")
    pain_ax.legend(loc="upper right", fontsize="small")
    # dates on this panel only (autofmt_xdate would hide them, taking the panels as shared)
    pain_ax.xaxis.set_major_formatter(DateFormatter("%d %b"))  # type: ignore[no-untyped-call]
    pain_ax.tick_params(axis="x", labelrotation=30)

    weeks = sorted({w for per in report.weekly_volume.values() for w in per})
    for exercise, per in sorted(report.weekly_volume.items()):
        vol_ax.plot(weeks, [per.get(w, 0) for w in weeks], marker="o", label=exercise)
    vol_ax.set_title("Weekly volume per exercise (reps, or hold seconds)")
    vol_ax.set_xlabel("plan week")
    if report.weekly_volume:
        vol_ax.legend(fontsize="x-small", ncol=2)

    aw = sorted(report.weekly_adherence)
    done = [report.weekly_adherence[w][0] for w in aw]
    planned = [report.weekly_adherence[w][1] for w in aw]
    adh_ax.bar(aw, planned, color="lightgrey", label="planned")
    adh_ax.bar(aw, done, color="tab:blue", label="done")
    adh_ax.set_title("Adherence: sessions done of those planned so far")
    adh_ax.set_xlabel("plan week")
    adh_ax.legend(fontsize="small")
    for ax in (vol_ax, adh_ax):  # weeks, reps and sessions are whole numbers
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    fig.savefig(path)
    plt.close(fig)
