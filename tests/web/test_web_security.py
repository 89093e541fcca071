"""Security promises (OWASP ASVS level 1 as the checklist): anti-forgery tokens, session
rotation and revocation, the sign-in limit, headers, cookie flags, body limits, the
password rules, and the audit log."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from hamcoach import passwords
from hamcoach.config import Settings
from hamcoach.services import accounts
from hamcoach.web.guard import MAX_BODY
from pagetree import alerts, form_values, problem_beside
from webkit import PASSWORD, Web


def test_a_form_without_the_sessions_token_is_refused_and_changes_nothing(web: Web) -> None:
    ann, _ = web.signed_in("ann@example.com")
    _, ben_csrf = web.signed_in("ben@example.com")
    for csrf in ("", "forged", ben_csrf):  # none, made up, another session's
        r = ann.post("/log", data={"csrf": csrf, "exercise_id": "bridge", "reps": "10",
                                   "pain": "1"})  # fmt: skip
        assert r.status_code == 403 and "reload the page" in r.text
    assert ann.get("/api/v1/patients/ann/history").json() == []


def test_an_api_change_needs_the_csrf_header(web: Web) -> None:
    ann, csrf = web.signed_in("ann@example.com")
    body = {"checked_on": "2026-11-23", "pain": 2}
    assert ann.post("/api/v1/patients/ann/checkins", json=body).status_code == 403
    assert ann.post("/api/v1/patients/ann/checkins", json=body,
                    headers={"x-csrf-token": csrf}).status_code == 201  # fmt: skip


def test_signing_in_again_rotates_the_session(web: Web) -> None:
    c, _ = web.signed_in("ann@example.com")
    old = c.cookies.get("hc_session")
    r = c.post("/api/v1/login", json={"email": "ann@example.com",
                                      "password": PASSWORD["ann@example.com"]})  # fmt: skip
    assert r.status_code == 200
    new = c.cookies.get("hc_session")
    assert old and new and old != new
    stale = TestClient(web.app, follow_redirects=False, cookies={"hc_session": old})
    assert stale.get("/api/v1/me").status_code == 401


def test_signing_out_and_disabling_end_the_session(web: Web) -> None:
    c, csrf = web.signed_in("ann@example.com")
    assert c.post("/api/v1/logout", headers={"x-csrf-token": csrf}).status_code == 204
    token = c.cookies.get("hc_session")
    again = TestClient(web.app, cookies={"hc_session": token or "x"})
    assert again.get("/api/v1/me").status_code == 401
    c, _ = web.signed_in("ben@example.com")
    accounts.disable_user(web.store, "ben@example.com", now=web.clock())
    assert c.get("/api/v1/me").status_code == 401
    r = web.client().post("/api/v1/login", json={"email": "ben@example.com",
                                                 "password": PASSWORD["ben@example.com"]})  # fmt: skip
    assert r.status_code == 401


def test_a_session_expires(web: Web) -> None:
    c, _ = web.signed_in("ann@example.com")
    web.clock.move(seconds=accounts.SESSION_LIFETIME.total_seconds() + 1)
    assert c.get("/api/v1/me").status_code == 401
    assert c.get("/today").headers["location"] == "/login"


def test_repeated_failures_lock_sign_in_for_a_while_without_telling_who_exists(web: Web) -> None:
    c = web.client()
    for email in ("ann@example.com", "nobody@example.com"):
        for _ in range(accounts.MAX_FAILURES_PER_ACCOUNT):
            r = c.post("/api/v1/login", json={"email": email, "password": "not it at all"})
            assert r.status_code == 401
        r = c.post("/api/v1/login", json={"email": email, "password": PASSWORD.get(email, "x")})
        assert r.status_code == 429, email
        assert "wait 15 minutes" in r.json()["detail"]
    web.clock.move(minutes=16)
    assert c.post("/api/v1/login", json={"email": "ann@example.com",
                                         "password": PASSWORD["ann@example.com"]}).status_code == 200  # fmt: skip


def test_one_client_cannot_try_many_accounts(web: Web) -> None:
    c = web.client()
    for n in range(accounts.MAX_FAILURES_PER_CLIENT):
        c.post("/api/v1/login", json={"email": f"guess{n}@example.com", "password": "guess"})
    r = c.post("/api/v1/login", json={"email": "ann@example.com",
                                      "password": PASSWORD["ann@example.com"]})  # fmt: skip
    assert r.status_code == 429


def test_every_answer_carries_the_security_headers(web: Web) -> None:
    ann, _ = web.signed_in("ann@example.com")
    for r in (web.client().get("/login"), ann.get("/today"), web.client().get("/nowhere"),
              ann.get("/api/v1/me"), web.client().post("/api/v1/login", content=b"x" * (MAX_BODY + 1),
                                                       headers={"content-type": "application/json"})):  # fmt: skip
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["x-content-type-options"] == "nosniff"


def test_no_page_has_an_inline_script(web: Web) -> None:
    ann, _ = web.signed_in("ann@example.com")
    for path in ("/today", "/plan", "/history", "/exercises", "/exercises/bridge", "/settings",
                 "/checkin"):  # fmt: skip
        html = ann.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"<[^>]+\son[a-z]+=", html), f"{path}: an inline handler"


def test_cookies_are_secure_behind_https(web: Web, tmp_path: object) -> None:
    from hamcoach.web.app import create_app

    settings = Settings(home=web.app.state.ctx.settings.home, secure_cookies=True)
    app = create_app(settings, store=web.store, catalog=web.catalog, clock=web.clock)
    r = TestClient(app).post("/api/v1/login", json={"email": "ann@example.com",
                                                    "password": PASSWORD["ann@example.com"]})  # fmt: skip
    cookie = r.headers["set-cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert r.headers["strict-transport-security"].startswith("max-age=")


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        (b"{not json", 422, "JSON"),
        (b'{"email": 5, "password": []}', 422, "email"),
        (b'{"email": "a@b.co", "password": "x", "extra": 1}', 422, "extra"),
        (b"x" * (MAX_BODY + 1), 413, "larger than"),
    ],
)
def test_bad_requests_get_a_4xx_that_says_what_is_wrong(
    web: Web, body: bytes, status: int, says: str
) -> None:
    r = web.client().post("/api/v1/login", content=body,
                          headers={"content-type": "application/json"})  # fmt: skip
    assert r.status_code == status, r.text
    assert says.lower() in r.json()["detail"].lower()


def test_impossible_values_are_refused_and_nothing_is_stored(web: Web) -> None:
    ann, csrf = web.signed_in("ann@example.com")
    h = {"x-csrf-token": csrf}
    bad = [
        {"exercise_id": "bridge", "performed_on": "2026-11-23", "pain": 11, "sets": [{"reps": 1}]},
        {"exercise_id": "bridge", "performed_on": "2026-11-23", "sets": [{"reps": 10**12}]},
        {"exercise_id": "bridge", "performed_on": "9999-12-31", "sets": [{"reps": 1}]},
        {"exercise_id": "bridge", "performed_on": "2026-11-23", "sets": []},
        {"exercise_id": "no-such", "performed_on": "2026-11-23", "sets": [{"reps": 1}]},
        {"exercise_id": "bridge", "performed_on": "2026-11-23", "sets": [{"load_kg": -5}]},
    ]
    for body in bad:
        r = ann.post("/api/v1/patients/ann/logs", json=body, headers=h)
        assert 400 <= r.status_code < 500, (body, r.status_code)
        assert r.json()["detail"]
    assert ann.get("/api/v1/patients/ann/history").json() == []
    for form in ({"reps": "ten", "pain": "1"}, {"reps": "10", "pain": "99"},
                 {"reps": "10", "load": "heavy", "pain": "1"}, {"pain": "1"}):  # fmt: skip
        page_csrf = web.page_csrf(ann)
        r = ann.post("/log", data={"csrf": page_csrf, "exercise_id": "bridge", **form})
        assert r.status_code == 400, (form, r.status_code)
        assert 'role="alert">Bridge: ' in r.text  # it names the exercise (a new user's trial)
    assert ann.get("/api/v1/patients/ann/history").json() == []


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short", "at least 12"),
        ("password1234", "common"),
        ("Password2024!", "common"),
        ("qwertyqwertyqwerty", "common"),
        ("abababababababab", "too few"),
        ("ann-example-2026", "e-mail"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, why: str) -> None:
    problem = passwords.problem(password, email="ann-example@example.com")
    assert problem is not None and why in problem


def test_a_good_password_passes_and_is_stored_only_as_an_argon2_hash(web: Web) -> None:
    assert passwords.problem("correct horse battery staple") is None
    with web.store.unit_of_work() as uow:
        user = uow.accounts.by_email("ann@example.com")
    assert user is not None and user.password_hash is not None
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD["ann@example.com"] not in user.password_hash


def test_a_set_password_link_works_once(web: Web) -> None:
    new = accounts.add_user(web.store, "cat@example.com", accounts.Role.PATIENT, now=web.clock())
    c = web.client()
    assert c.get(f"/set-password/{new.link_token}").status_code == 200
    r = c.post(f"/set-password/{new.link_token}",
               data={"password": "cat naps in the sun", "again": "cat naps in the sun"})  # fmt: skip
    assert r.status_code == 303
    assert c.get(f"/set-password/{new.link_token}").status_code == 404
    late = accounts.new_link(web.store, "cat@example.com", now=web.clock())
    web.clock.move(seconds=accounts.LINK_LIFETIME.total_seconds() + 1)
    assert c.get(f"/set-password/{late}").status_code == 404


def test_sign_ins_and_changes_are_in_the_audit_log(web: Web) -> None:
    ann, csrf = web.signed_in("ann@example.com")
    web.client().post("/api/v1/login", json={"email": "ann@example.com", "password": "wrong one!"})
    ann.post("/api/v1/patients/ann/checkins", json={"checked_on": "2026-11-23", "pain": 2},
             headers={"x-csrf-token": csrf})  # fmt: skip
    with web.store.unit_of_work() as uow:
        actions = [e.action for e in uow.accounts.audit_log()]
    assert {"sign-in", "sign-in-failed", "checkin", "password-set", "user-added"} <= set(actions)


def test_secrets_are_stored_only_as_digests(web: Web) -> None:
    c, _ = web.signed_in("ann@example.com")
    token = c.cookies.get("hc_session")
    assert token and len(token) >= 43  # 256 bits, URL-safe base64
    with web.store.unit_of_work() as uow:
        assert uow.accounts.session(token) is None
        assert uow.accounts.session(accounts.digest(token)) is not None


def _form_token(c: TestClient) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text)
    assert m
    return m.group(1)


def test_two_sign_in_tabs_both_work_and_a_failure_keeps_the_email(web: Web) -> None:
    c = web.client()
    first, second = _form_token(c), _form_token(c)  # the same browser opens /login twice
    assert first == second
    r = c.post("/login", data={"email": "ann@example.com", "password": "not it at all",
                               "csrf": first})  # fmt: skip
    assert r.status_code == 401
    assert 'value="ann@example.com"' in r.text, "the e-mail has to be typed again"
    r = c.post("/login", data={"email": "ann@example.com", "password": PASSWORD["ann@example.com"],
                               "csrf": second})  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/today"


def test_a_planted_sign_in_token_is_replaced(web: Web) -> None:
    c = TestClient(web.app, follow_redirects=False, cookies={"hc_login": "short"})
    assert _form_token(c) != "short"


def test_bad_input_is_said_in_plain_words_not_the_framework_s(web: Web) -> None:
    ann, csrf = web.signed_in("ann@example.com")
    r = ann.post("/checkin", data={"csrf": web.page_csrf(ann, "/checkin")})
    assert r.status_code == 400 and "Field required" not in r.text
    assert 'role="alert">Pain: choose a number from 0 to 10.' in r.text  # on the form itself
    assert 'action="/checkin"' in r.text
    log = {"exercise_id": "bridge", "performed_on": "2026-11-23", "pain": "lots",
           "sets": [{"reps": 10}]}  # fmt: skip
    r = ann.post("/api/v1/patients/ann/logs", json=log, headers={"x-csrf-token": csrf})
    assert r.status_code == 422
    assert "pain must be a whole number" in r.text and "Input should" not in r.text
    r = ann.post("/api/v1/patients/ann/logs", content=b"{not json",
                 headers={"x-csrf-token": csrf, "content-type": "application/json"})  # fmt: skip
    assert r.status_code == 422 and "is not valid JSON" in r.text


def test_a_short_password_is_said_in_words_on_the_page_not_only_by_the_browser(
    web: Web,
) -> None:
    """Found by a new user's trial: only the browser's bubble (minlength) said a password
    was short; a request without that check must get the reason on the page, with a 400,
    and the link must still work."""
    new = accounts.add_user(web.store, "cat@example.com", accounts.Role.PATIENT, now=web.clock())
    c = web.client()
    page = f"/set-password/{new.link_token}"
    for typed, says in (
        ({"password": "short", "again": "short"},
         ["A password needs at least 12 characters (this one has 5)."]),
        ({"password": "short", "again": "shorter"},
         ["A password needs at least 12 characters (this one has 5).",
          "The two passwords differ."]),
        ({"password": "cat naps in the sun", "again": "cat naps in the shade"},
         ["The two passwords differ."]),
    ):  # fmt: skip
        r = c.post(page, data=typed)
        assert r.status_code == 400, r.text
        assert alerts(r.text) == [" ".join(says)]
        beside = problem_beside(r.text, "password")
        assert beside.startswith(" ".join(says)) and "Use at least 12 characters" in beside
        kept = form_values(r.text, page)
        assert kept == {"password": "", "again": ""}  # the form again; a password is never
        # written back into a page (a cache or a screen reader would keep it)
        assert "cat@example.com" in r.text
    ok = c.post(page, data={"password": "cat naps in the sun", "again": "cat naps in the sun"})
    assert ok.status_code == 303
