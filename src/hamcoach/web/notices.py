"""What a saved form says on the page it goes on to (Post/Redirect/Get): the form answers
with 303 See Other to a page read with GET (``/settings?saved=swap&old=..&new=..``), so Back
and reload never send it again; the page turns the code into words here.

The words come from fixed sentences, the catalog's names and the person's own plan, never
from text in the address: a link made by someone else can say no more than these."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi.responses import RedirectResponse
from starlette.datastructures import QueryParams

from hamcoach.domain.catalog import Catalog
from hamcoach.domain.plan import Plan

SAVED = {
    "schedule": "Your schedule is changed from today. Every dose so far stays; the calendar "
    "follows.",
    "swap": "{new} takes the place of {old} from today. Every dose so far stays.",
    "add": "{new} is added to your sessions from today, at its starting dose. Every dose so far "
    "stays.",
    "load": "{exercise}: {kg} kg from today. The weight rises from there as your logged sets "
    "reach the top of the range.",
}
"""Each code's sentence; ``{old}``, ``{new}`` and ``{exercise}`` are exercise ids in the
address, said by their names; ``{kg}`` is the exercise's coming weight in the plan."""


def saved_at(path: str, code: str, **ids: str) -> RedirectResponse:
    """The redirect after a saved form: to ``path``, saying ``code`` (with exercise ids)."""
    assert code in SAVED
    return RedirectResponse(f"{path}?{urlencode({'saved': code, **ids})}", status_code=303)


def saved_words(query: QueryParams, catalog: Catalog, plan: Plan | None) -> str | None:
    """The sentence the address asks for, or None (no code, an unknown one, an unknown
    exercise, or a weight the plan does not hold)."""
    from hamcoach.services.folding import upcoming_doses

    text = SAVED.get(query.get("saved", ""))
    if text is None:
        return None
    said: dict[str, str] = {}
    for key in ("old", "new", "exercise"):
        if f"{{{key}}}" in text:
            ex = catalog.exercises.get(query.get(key, "")[:80])
            if ex is None:
                return None
            said[key] = ex.name
    if "{kg}" in text:
        dose = upcoming_doses(plan).get(query.get("exercise", "")[:80]) if plan else None
        if dose is None or not dose.load_kg:
            return None
        said["kg"] = f"{dose.load_kg:g}"
    return text.format(**said)
