"""What the browser tests share: an accessibility check with axe-core, and screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from webkit import SHOTS

AXE = Path(__file__).resolve().parents[1] / "e2e" / "vendor" / "axe-4.14.1.min.js"


def axe_violations(page: Any) -> list[str]:
    """Serious and critical axe-core violations on the page, one line each."""
    page.evaluate(AXE.read_text() + "\n;0")  # DevTools evaluation: the page's CSP allows it
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def look(page: Any, size: str, name: str) -> None:
    """Save what the person sees, and check it for accessibility."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{size}-{name}.png"), full_page=True)
    problems = axe_violations(page)
    assert not problems, f"{name} ({size}):\n" + "\n".join(problems)
