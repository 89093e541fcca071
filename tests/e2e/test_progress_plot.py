"""`hamcoach progress --plot` reads at a glance: the figure is drawn as an SVG (its words
stay text) and each panel's words are read back from it."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml
from typer.testing import CliRunner

from hamcoach.cli.main import app
from profiles import profile_data

runner = CliRunner()
TODAY = dt.date.today()
SVG = "{http://www.w3.org/2000/svg}"


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def panels(svg: Path) -> dict[str, dict[str, list[str]]]:
    """Each axes group's words: its title, x and y tick labels, axis labels and legend."""
    root = ET.parse(svg).getroot()
    out: dict[str, dict[str, list[str]]] = {}
    for axes in root.iter(f"{SVG}g"):
        if not re.fullmatch(r"axes_\d+", axes.get("id", "")):
            continue
        words: dict[str, list[str]] = {"xtick": [], "ytick": [], "other": []}
        _collect(axes, "other", words)
        title = next(t for t in words["other"] if t[:1].isupper())
        out[title] = words
    return out


def _collect(node: ET.Element, kind: str, words: dict[str, list[str]]) -> None:
    group = re.sub(r"_\d+$", "", node.get("id", ""))
    kind = group if group in {"xtick", "ytick"} else kind
    if node.tag == f"{SVG}text":
        words[kind].append(node.text or "")
    for child in node:
        _collect(child, kind, words)


def test_the_plot_reads_at_a_glance(_isolated_home: Path, tmp_path: Path) -> None:
    start = TODAY - dt.timedelta(days=28)
    profile = tmp_path / "p.yaml"
    every_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    profile.write_text(
        yaml.safe_dump(profile_data(schedule={"start_date": start.isoformat(), "days": every_day})),
        encoding="utf-8",
    )
    run("plan", "create", "--profile", str(profile), "--weeks", "2")
    sessions = json.loads(run("plan", "show", "--json"))["sessions"]
    ids = {i["exercise_id"] for s in sessions for i in s["items"]}
    assert {"bridge", "hamstring-static-stretch"} <= ids
    for s in sessions:
        day = s["at"][:10]
        run("log", "bridge", "--reps", "6,6", "--pain", "2", "--date", day)
        run("log", "hamstring-static-stretch", "--hold", "20", "--pain", "1", "--date", day)
        run("checkin", "--pain", "2", "--date", (dt.date.fromisoformat(day) + dt.timedelta(1)).isoformat())  # fmt: skip
    last = dt.date.fromisoformat(sessions[-1]["at"][:10])
    assert (TODAY - last).days > 7  # today is weeks after the plan's end
    run("log", "bridge", "--reps", "8,8", "--pain", "3")  # outside the plan's range
    svg = tmp_path / "progress.svg"
    assert "Plot written" in run("progress", "--plot", str(svg))
    found = panels(svg)
    assert set(found) == {
        "Pain over time",
        "Reps a week, per exercise",
        "Time held a week",  # reps and seconds never share a panel
        "Adherence: sessions done of those due so far",
    }
    pain = found["Pain over time"]
    # dates on the x-axis, all within the plan (the late log did not stretch it)
    shown = [dt.datetime.strptime(f"{t} {start.year}", "%d %b %Y").date() for t in pain["xtick"]]
    assert shown and all(
        start - dt.timedelta(days=40) < d < last + dt.timedelta(days=4) for d in shown
    )  # fmt: skip
    assert any("1 entry outside the plan's" in t and "not drawn" in t for t in pain["other"])
    for title in ("Reps a week, per exercise", "Time held a week"):
        assert found[title]["xtick"] == ["week 1", "week 2"]
    reps = found["Reps a week, per exercise"]
    assert "Bridge" in reps["other"] and "bridge" not in reps["other"]
    assert any("1 week's total outside the plan's 2 weeks not drawn" in t for t in reps["other"])
    assert "Static hamstring stretch" in found["Time held a week"]["other"]
    assert "Bridge" not in found["Time held a week"]["other"]
    adherence = found["Adherence: sessions done of those due so far"]
    assert adherence["xtick"] == ["week 1", "week 2"]
    assert all(re.fullmatch(r"\d+", t) for t in adherence["ytick"])  # whole sessions
    assert "plan week" in adherence["other"]


def test_the_text_report_names_exercises_and_units(_isolated_home: Path, tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        yaml.safe_dump(profile_data(schedule={"start_date": TODAY.isoformat()})), encoding="utf-8"
    )
    run("plan", "create", "--profile", str(profile))
    run("log", "bridge", "--reps", "6,6", "--pain", "2")
    run("log", "hamstring-static-stretch", "--hold", "20,25", "--pain", "1")
    out = run("progress")
    assert "  Bridge (reps): wk1 12" in out
    assert "  Static hamstring stretch (seconds): wk1 45" in out
