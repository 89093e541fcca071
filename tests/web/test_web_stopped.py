"""Today says what is paused and why. Found by a new user's trial: red pain at the easiest
dose paused leg swings, but Today showed only a green 'Done and logged', and the pause and
its advice (see a physical therapist) were in the plan's history alone."""

from __future__ import annotations

import html
import re

from webkit import Web


def text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).strip())


def test_today_lists_what_is_paused_with_its_advice(web: Web) -> None:
    c, csrf = web.signed_in("ann@example.com")
    assert "Stopped for now" not in text(c.get("/today").text)
    log = {"exercise_id": "leg-swings", "performed_on": "2026-11-23", "pain": 7,
           "sets": [{"reps": 10}]}  # fmt: skip

    r = c.post("/api/v1/patients/ann/logs", headers={"x-csrf-token": csrf}, json=log)

    assert r.status_code == 201
    [pause] = r.json()["pauses"]
    assert pause.startswith("Leg swings is paused") and "see a physical therapist" in pause
    page = c.get("/today").text
    words = text(page)
    assert "Stopped for now " + pause in words
    assert re.search(r'<section class="alert" role="alert" aria-labelledby="stopped">', page)
    b, _ = web.signed_in("ben@example.com")
    assert "Stopped for now" not in text(b.get("/today").text)  # Ann's pause is Ann's
