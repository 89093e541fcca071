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


def sign_up(page: Any, base: str, link: str, email: str, password: str,
            shot: Any = None) -> None:  # fmt: skip
    """From the one-time link to signed in: set the password, then sign in. ``shot(name)``,
    if given, is called on each page as it is first shown."""
    page.goto(f"{base}/set-password/{link}")
    if shot:
        shot("01-set-password")
    page.get_by_label("New password").fill(password)
    page.get_by_label("The same again").fill(password)
    page.get_by_role("button", name="Set password").click()
    page.wait_for_url("**/login")
    if shot:
        shot("02-sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def intake_to_step_three(page: Any, shot: Any = None) -> None:
    """From Today's "Make my plan" through the intake's first two steps (a knee, pain 3,
    every safety answer no) to step 3."""
    page.get_by_role("link", name="Make my plan").click()
    if shot:
        shot("04-intake-about")
    page.get_by_label("Your age").fill("41")
    page.get_by_label("Knee").check()
    page.get_by_label("Pain right now").select_option("3")
    page.get_by_label("Activity 1").fill("stairs")
    page.get_by_label("How well can you do it").first.select_option("5")
    page.get_by_role("button", name="Next: safety questions").click()
    if shot:
        shot("05-intake-safety")
    for group in page.locator("fieldset").all():
        group.get_by_label("No").check()
    page.get_by_role("button", name="Next").click()
