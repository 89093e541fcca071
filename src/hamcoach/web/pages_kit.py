"""Settings: the equipment a person has, and taking up an exercise it opens, in place of one
to come or added to the sessions. Each changes the plan from today as `hamcoach plan edit
--equipment`, `plan swap` and `plan add` do: every dose and decision so far stays."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from hamcoach.errors import InputError
from hamcoach.services import accounts
from hamcoach.web.auth import Context, Patient, Who, check_form
from hamcoach.web.context import Ctx
from hamcoach.web.forms import sentence
from hamcoach.web.notices import saved_at
from hamcoach.web.pages import settings_response

router = APIRouter(include_in_schema=False)

Id = Annotated[str, Form(max_length=80)]
Csrf = Annotated[str, Form(max_length=200)]
KIT = "kit-"
"""The checkbox name of a piece of equipment: kit-<name>, as in the intake."""


@router.post("/settings/equipment")
async def change_kit(request: Request, user: Patient, c: Context) -> Response:
    """The equipment ticked is all the person has now."""
    from hamcoach.services.equipment import change_equipment, parse_equipment
    from hamcoach.web.views import active_plan, local_today

    form = await request.form()
    check_form(request, user, str(form.get("csrf", "")))
    names = [k.removeprefix(KIT) for k in form if k.startswith(KIT)]
    try:
        kit = parse_equipment(names)
        plan = active_plan(c, user.patient_id)
        result = change_equipment(
            c.store, c.catalog, kit, now=c.now(), on=local_today(c, plan),
            patient_id=user.patient_id, rules=c.settings.rules(),
        )  # fmt: skip
    except InputError as exc:
        return settings_response(request, user, c, status=400, message=sentence(str(exc)))
    if not result.changed:
        return settings_response(request, user, c, saved="Your equipment is as it was.")
    accounts.audit(
        c.store, "plan-equipment", now=c.now(), user_id=user.user.id,
        patient_id=user.patient_id,
        detail={"before": sorted(result.before), "after": sorted(result.after),
                "swapped": [[s.old, s.new] for s in result.swapped]},
    )  # fmt: skip
    saved = "Your equipment is saved. " + (
        "Every dose so far stays; these changes apply from today:"
        if result.swapped
        else "Your sessions need no change."
    )
    return settings_response(request, user, c, saved=saved, kit_result=result)


def _change(
    c: Ctx,
    user: Who,
    kind: str,
    ex_id: str,
    action: str,
    detail: dict[str, object],
    **fields: Any,
) -> str | None:
    """One plan change from today, as `hamcoach plan ...` makes it, and its audit line; why
    it was refused (a sentence), else None."""
    from hamcoach.domain.fold_values import ChangeKind, PlanChange
    from hamcoach.services.plan_changes import change_plan
    from hamcoach.web.views import active_plan, local_today

    today = local_today(c, active_plan(c, user.patient_id))
    change = PlanChange(today, c.now(), ChangeKind(kind), ex_id, **fields)
    try:
        change_plan(c.store, c.catalog, change, patient_id=user.patient_id,
                    rules=c.settings.rules())  # fmt: skip
    except InputError as exc:
        return sentence(str(exc))
    accounts.audit(c.store, action, now=c.now(), user_id=user.user.id,
                   patient_id=user.patient_id, detail=detail)  # fmt: skip
    return None


@router.post("/settings/swap")
def take_offer(
    request: Request, user: Patient, c: Context, old: Id = "", new: Id = "", csrf: Csrf = ""
) -> Response:
    """Take up an exercise the new equipment opens, in place of one to come."""
    check_form(request, user, csrf)
    why_not = _change(c, user, "swap", old, "plan-swap", {"old": old, "new": new},
                      new_exercise_id=new)  # fmt: skip
    if why_not is not None:
        return settings_response(request, user, c, status=400, message=why_not)
    return saved_at("/settings", "swap", old=old, new=new)


@router.post("/settings/add")
def add_offer(
    request: Request, user: Patient, c: Context, new: Id = "", csrf: Csrf = ""
) -> Response:
    """Add an exercise the new equipment opens, when none to come is of its kind."""
    check_form(request, user, csrf)
    why_not = _change(c, user, "add", new, "plan-add", {"new": new})
    if why_not is not None:
        return settings_response(request, user, c, status=400, message=why_not)
    return saved_at("/settings", "add", new=new)


Weight = Annotated[str, Form(max_length=40)]


@router.post("/plan/load")
def set_starting_weight(
    request: Request,
    user: Patient,
    c: Context,
    exercise_id: Id = "",
    weight: Weight = "",
    csrf: Csrf = "",
) -> Response:
    """The starting weight of a loaded exercise (Today asks for it), as `plan set-load`:
    from today on, and the load rules take it from there."""
    from hamcoach.limits import read_load
    from hamcoach.web.pages_training import today_response

    check_form(request, user, csrf)
    try:
        kg = read_load(weight)
    except ValueError as exc:
        return today_response(request, user, c, status=400,
                              message=sentence(f"starting weight: {exc}"))  # fmt: skip
    why_not = _change(c, user, "set-load", exercise_id, "plan-set-load",
                      {"exercise": exercise_id, "kg": kg}, load_kg=kg)  # fmt: skip
    if why_not is not None:
        return today_response(request, user, c, status=400, message=why_not)
    return saved_at("/today", "load", exercise=exercise_id)
