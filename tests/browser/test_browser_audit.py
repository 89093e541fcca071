"""The audit's annotated picture (`hamcoach audit --annotate OUT.svg`) in a real browser:
every panel drawn, no label written over another, nothing outside the picture."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browserkit import axe_violations
from typer.testing import CliRunner

from hamcoach.audit.families import FAMILIES
from hamcoach.audit.synthetic import Plan, as_hamcoach_json, landmarks
from hamcoach.cli.main import app
from hamcoach.domain.catalog import Catalog
from webkit import SHOTS

OVERLAPS = """() => {
  const out = [];
  const box = document.documentElement.getBoundingClientRect();
  for (const panel of document.querySelectorAll('g.panel')) {
    const texts = [...panel.querySelectorAll('text')].map(t => [t.textContent,
                                                               t.getBoundingClientRect()]);
    for (const [words, r] of texts) {
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1)
        out.push(`${words} is outside the picture`);
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const [a, p] = texts[i], [b, q] = texts[j];
      const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (w > 2 && h > 2) out.push(`${a} over ${b}`);
    }
  }
  return out;
}"""


def test_the_annotated_audit_reads_in_a_browser(
    tmp_path: Path, browser: Any, catalog: Catalog
) -> None:
    poses = catalog.get("bodyweight-squat").poses
    assert poses is not None
    plan = Plan(
        reps=5,
        faults={1: {"depth": 1.0}, 2: {"trunk-lean": 1.0}, 3: {"heels-lift": 1.0},
                4: {"knees-past-toes": 1.0}, 5: {"rushing": 1.0}},
        seed=11, noise_px=2.0,
    )  # fmt: skip
    recording = tmp_path / "squat.json"
    recording.write_text(as_hamcoach_json(landmarks(poses, plan), 30.0), encoding="utf-8")
    out = tmp_path / "audit.svg"
    result = CliRunner().invoke(
        app, ["audit", str(recording), "--exercise", "bodyweight-squat", "--annotate", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(out.as_uri())
    assert page.locator("g.panel").count() == 5
    assert page.evaluate(OVERLAPS) == []
    assert axe_violations(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "desktop-audit-annotated.png"))
    page.close()


@pytest.mark.parametrize(
    ("exercise", "faults", "panels"),
    [
        ("bridge", {2: {"hips-not-high": 1.0}, 4: {"toes-push": 1.0}}, 2),
        ("single-leg-deadlift", {1: {"hips-open": 1.0}, 2: {"back-v": 1.0},
                                 4: {"back-first": 1.0}}, 3),
    ],
)  # fmt: skip
def test_lying_and_one_legged_figures_read_in_a_browser(
    tmp_path: Path, browser: Any, catalog: Catalog, exercise: str, faults: Any, panels: int
) -> None:
    """A bridge lying on the floor and a single-leg deadlift on one leg: every mark and
    word inside its own panel, no label over another."""
    poses = catalog.get(exercise).poses
    assert poses is not None
    plan = Plan(reps=5, faults=faults, seed=11, noise_px=2.0)
    recording = tmp_path / f"{exercise}.json"
    raw = landmarks(poses, plan, FAMILIES[exercise].synth)
    recording.write_text(as_hamcoach_json(raw, 30.0), encoding="utf-8")
    out = tmp_path / f"{exercise}.svg"
    result = CliRunner().invoke(
        app, ["audit", str(recording), "--exercise", exercise, "--annotate", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(out.as_uri())
    assert page.locator("g.panel").count() == panels
    assert page.evaluate(OVERLAPS) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"desktop-audit-{exercise}.png"))
    page.close()
