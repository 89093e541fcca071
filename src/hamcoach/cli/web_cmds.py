"""`hamcoach serve` (the web app) and `hamcoach users` (who may sign in to it).

The web stack (FastAPI, uvicorn, argon2) is imported inside these commands only, so
the CLI's start-up does not pay for it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from hamcoach.cli.common import (
    JsonFlag,
    console,
    fail,
    now,
    print_json,
    require_extra,
    settings,
    store,
)

commands = typer.Typer()
users_app = typer.Typer(
    help="Who may sign in to the web app ('hamcoach serve').", no_args_is_help=True
)


class RoleName(StrEnum):
    PATIENT = "patient"
    CLINICIAN = "clinician"
    ADMIN = "admin"


@commands.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes (more than 1: gunicorn).")
    ] = 1,
) -> None:
    """Serve the web app: the patient's app for phones, its JSON API and calendar feeds."""
    require_extra("fastapi", "web", "hamcoach serve")
    from hamcoach.web.serve import run

    run(settings(), host=host, port=port, workers=workers)


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Argument(help="Their e-mail address: they sign in with it.")],
    role: Annotated[RoleName, typer.Option(help="What they may do.")] = RoleName.PATIENT,
    patient: Annotated[
        str | None,
        typer.Option(
            "--patient", help="For a patient: the person (see 'patients list'); default: new."
        ),
    ] = None,
    name: Annotated[str | None, typer.Option(help="A new person's name.")] = None,
) -> None:
    """Add an account and print a one-time link where they set their password."""
    require_extra("pwdlib", "web", "hamcoach users")
    from hamcoach.services.account_ports import Role
    from hamcoach.services.accounts import LINK_LIFETIME, add_user

    added = add_user(store(), email, Role(role.value), now=now(), patient_id=patient, name=name)
    u = added.user
    hours = int(LINK_LIFETIME.total_seconds() // 3600)
    out = console()
    who = f" for '{u.patient_id}'" if u.patient_id else ""
    out.print(f"Added {u.email} ({u.role.value}{who}).")
    out.print(f"Their link to set a password (works once, for {hours} hours):")
    out.print(f"{settings().base_url}/set-password/{added.link_token}", soft_wrap=True)
    _where_hint()


@users_app.command("link")
def users_link(email: Annotated[str, typer.Argument(help="The account's e-mail.")]) -> None:
    """A new one-time link to set a password (a forgotten password)."""
    require_extra("pwdlib", "web", "hamcoach users")
    from hamcoach.services.accounts import new_link

    token = new_link(store(), email, now=now())
    console().print(f"{settings().base_url}/set-password/{token}", soft_wrap=True)
    _where_hint()


def _where_hint() -> None:
    """The link is made from HAMCOACH_BASE_URL (found by a new user's trial: it named port
    8000 for a server on another one)."""
    import os

    if not os.environ.get("HAMCOACH_BASE_URL"):
        console().print(
            "(The address is the default, http://127.0.0.1:8000: for a server on another "
            "host or port, set HAMCOACH_BASE_URL to its address before making the link.)",
            soft_wrap=True,
        )


@users_app.command("list")
def users_list(as_json: JsonFlag = False) -> None:
    """Every account: e-mail, role, person, and whether it can sign in."""
    from hamcoach.services.accounts import list_users

    users = list_users(store())
    rows = [
        {
            "email": u.email,
            "role": u.role.value,
            "patient_id": u.patient_id,
            "state": "disabled" if u.disabled_at else "active" if u.password_hash else "invited",
        }
        for u in users
    ]
    if as_json:
        print_json(rows)
        return
    out = console()
    if not rows:
        out.print("No accounts yet: hamcoach users add EMAIL")
    for r in rows:
        who = f" {r['patient_id']}" if r["patient_id"] else ""
        out.print(f"{r['email']}  {r['role']}{who}  {r['state']}")


@users_app.command("disable")
def users_disable(email: Annotated[str, typer.Argument(help="The account's e-mail.")]) -> None:
    """Stop an account from signing in; its sessions end at once."""
    from hamcoach.services.accounts import disable_user

    u = disable_user(store(), email, now=now())
    if u.disabled_at is None:
        fail(f"{email} could not be disabled")
    console().print(f"Disabled {u.email}; its sessions have ended.")
