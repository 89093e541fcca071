"""The progress figure: pain over time, weekly volume, adherence.

Meant to read at a glance: every panel's x-axis is labelled (dates, or plan weeks), the
axes span the plan (so one stray entry outside it cannot squeeze the rest into a corner;
the panel says what it left out), exercises appear by name, and each volume panel holds
one unit (reps, or seconds held).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

from hamcoach.domain import rules as R
from hamcoach.exports.views.progress import ProgressFacts

if TYPE_CHECKING:
    from matplotlib.axes import Axes


class FigureFacts(ProgressFacts, Protocol):
    """The progress report (services.reports.Progress) with what only the figure needs."""

    @property
    def weekly_adherence(self) -> Mapping[int, tuple[int, int]]: ...
    @property
    def plan_start(self) -> dt.date | None: ...
    @property
    def plan_end(self) -> dt.date | None: ...
    @property
    def plan_weeks(self) -> int: ...
    @property
    def names(self) -> Mapping[str, str]: ...
    @property
    def volume_units(self) -> Mapping[str, str]: ...


_UNITS = (("reps", "Reps a week, per exercise", "reps"), ("seconds", "Time held a week", "seconds"))


def progress_figure(report: FigureFacts, fmt: str, *, narrow: bool = False) -> bytes:
    """A PNG or SVG (``fmt``: 'png' or 'svg') that reads at a glance; the caller writes it
    (files.write_atomic: 0600, never half a file). ``narrow`` lays it out for a phone's
    width: the same charts, stacked at the size a phone shows them, legends underneath."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = io.BytesIO()
    # an SVG keeps its words as text: searchable, readable by a screen reader, and testable
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        _draw(plt, report, out, fmt, narrow=narrow)
    return out.getvalue()


def _draw(plt: Any, report: FigureFacts, out: BinaryIO, fmt: str, *, narrow: bool) -> None:

    units = [u for u in _UNITS if u[0] in set(report.volume_units.values())]
    panels = 2 + max(len(units), 1)
    size = (3.7, 3.3 * panels) if narrow else (10, 3.1 * panels)  # narrow: shown ~1.3x
    fig, axes = plt.subplots(panels, 1, figsize=size, constrained_layout=True, squeeze=False)
    fig.suptitle("hamcoach progress", fontweight="bold")
    _pain(axes[0][0], report)
    weeks = list(range(1, max(report.plan_weeks, 1) + 1))
    if not units:
        _weeks_axis(axes[1][0], weeks)
        axes[1][0].set_title("Weekly volume")
        axes[1][0].text(0.5, 0.5, "nothing logged yet", ha="center", va="center",
                        transform=axes[1][0].transAxes)  # fmt: skip
    for i, (unit, title, label) in enumerate(units, 1):
        _volume(axes[i][0], report, weeks, unit, title, label)
    _adherence(axes[-1][0], report, weeks)
    if narrow:  # no room beside a chart on a phone: each legend goes under its chart
        import textwrap

        for (ax,) in axes:
            ax.set_title("\n".join(textwrap.wrap(ax.get_title(), 34)))
            if ax is axes[0][0]:
                ax.set_xlabel("")  # the dates say it; the slanted labels need the room
            handles, labels = ax.get_legend_handles_labels()
            if handles:
                many = len(handles) > 3
                ax.legend(handles, labels, loc="upper center", ncol=1 if many else 2,
                          bbox_to_anchor=(0.5, -0.3 if ax is axes[0][0] else -0.22),
                          fontsize="small", frameon=False)  # fmt: skip
    fig.savefig(out, format=fmt)
    plt.close(fig)


def _pain(ax: Any, report: FigureFacts) -> None:  # Any: matplotlib's stubs refuse dates
    from matplotlib.dates import AutoDateLocator, DateFormatter

    first, last = report.plan_start, report.plan_end
    points = list(report.pain_points)
    left_out = ""
    if first is not None and last is not None:
        # the morning after the last session is the plan's too (its check-in)
        last = max(last + dt.timedelta(days=1), first + dt.timedelta(days=6))
        shown = [p for p in points if first <= p[0] <= last]
        left_out = _left_out(
            len(points) - len(shown), "entry", f"outside the plan's {first:%d %b}-{last:%d %b}"
        )
        points = shown
        ax.set_xlim(first - dt.timedelta(days=1), last + dt.timedelta(days=1))
    sessions = [(d, p) for d, p, kind in points if kind == "session"]
    mornings = [(d, p) for d, p, kind in points if kind == "check-in"]
    if sessions:
        ax.plot([d for d, _ in sessions], [p for _, p in sessions], "o", alpha=0.6,
                label="during/after a session")  # fmt: skip
    if mornings:
        ax.plot([d for d, _ in mornings], [p for _, p in mornings], "s-",
                label="next-morning check-in")  # fmt: skip
    green, amber, top = R.PAIN_GREEN_MAX, R.PAIN_AMBER_MAX, R.PAIN_SCALE_MAX
    ax.axhspan(0, green, color="tab:green", alpha=0.12, label=f"{R.GREEN_RANGE} may progress")
    ax.axhspan(green, amber, color="tab:orange", alpha=0.12, label=f"{R.AMBER_RANGE} repeat")
    ax.axhspan(amber, top, color="tab:red", alpha=0.08, label=f"above {amber} step back")
    ax.set_ylim(0, top)
    ax.set_ylabel(f"pain (0-{top})")
    ax.set_xlabel("date" + left_out)
    ax.set_title("Pain over time")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=8))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(DateFormatter("%d %b"))  # type: ignore[no-untyped-call]
    ax.tick_params(axis="x", labelrotation=30)


def _volume(
    ax: Axes, report: FigureFacts, weeks: list[int], unit: str, title: str, label: str
) -> None:
    mine = sorted(
        (report.names.get(ex, ex), per)
        for ex, per in report.weekly_volume.items()
        if report.volume_units.get(ex) == unit
    )
    outside = sum(1 for _, per in mine for w in per if w not in weeks)
    # weeks not reached yet have no volume to show: a line dropping to 0 would read as a stop
    reached = [w for w in weeks if report.weekly_adherence.get(w, (0, 0))[1]]
    shown = [w for w in weeks if w <= max(reached + [w for _, per in mine for w in per], default=0)]
    top = 0.0
    for name, per in mine:
        values = [per.get(w, 0) for w in shown]
        ax.plot(shown, values, marker="o", label=name)
        top = max([top, *values])
    ax.set_title(title)
    ax.set_ylabel(label)
    ax.set_ylim(0, top * 1.12 or 1)  # room above the highest point, which is never cut
    _weeks_axis(
        ax, weeks, _left_out(outside, "week's total", f"outside the plan's {len(weeks)} weeks")
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")


def _adherence(ax: Axes, report: FigureFacts, weeks: list[int]) -> None:
    counts = [report.weekly_adherence.get(w, (0, 0)) for w in weeks]
    ax.bar(weeks, [planned for _, planned in counts], color="lightgrey", label="due")
    ax.bar(weeks, [done for done, _ in counts], color="tab:blue", label="done")
    ax.set_title("Adherence: sessions done of those due so far")
    ax.set_ylabel("sessions")
    ax.set_ylim(0, max([1] + [planned for _, planned in counts]))  # none due yet: 0 to 1
    _weeks_axis(ax, weeks)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")


def _weeks_axis(ax: Axes, weeks: list[int], left_out: str = "") -> None:
    """Every plan week as a tick, and whole numbers up the side."""
    from matplotlib.ticker import MaxNLocator

    ax.set_xticks(weeks, [f"week {w}" for w in weeks])
    ax.set_xlim(weeks[0] - 0.5, weeks[-1] + 0.5)
    ax.set_xlabel("plan week" + left_out)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def _left_out(count: int, what: str, where: str) -> str:
    """An axis label's note on what lies outside the plan and is not drawn (it would squeeze
    everything else into a corner)."""
    if not count:
        return ""
    plural = "entries" if what == "entry" else what.replace("week's", "weeks'")
    return f"   ({count} {what if count == 1 else plural} {where} not drawn)"
