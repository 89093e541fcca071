"""`hamcoach users` and `hamcoach serve` from the command line, as an operator uses them."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

HAMCOACH = [sys.executable, "-m", "hamcoach"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HAMCOACH, *args], capture_output=True, text=True, env=os.environ)


def test_users_add_prints_a_one_time_link_and_lists_the_account(tmp_path: Path) -> None:
    r = run("users", "add", "Sam@Example.com", "--name", "Sam Example")
    assert r.returncode == 0, r.stderr
    assert "Added sam@example.com (patient for 'sam-example')" in r.stdout
    link = re.search(r"http://127\.0\.0\.1:8000/set-password/([A-Za-z0-9_-]{43,})", r.stdout)
    assert link, r.stdout
    assert "set HAMCOACH_BASE_URL" in " ".join(r.stdout.split())  # the default address
    elsewhere = {**os.environ, "HAMCOACH_BASE_URL": "https://clinic.example:8443"}
    r = subprocess.run([*HAMCOACH, "users", "link", "sam@example.com"], capture_output=True,
                       text=True, env=elsewhere)  # fmt: skip
    assert r.returncode == 0 and "https://clinic.example:8443/set-password/" in r.stdout
    assert "HAMCOACH_BASE_URL" not in r.stdout
    listed = run("users", "list")
    assert "sam@example.com  patient sam-example  invited" in listed.stdout
    assert run("patients", "list").stdout.count("sam-example") == 1
    again = run("users", "add", "sam@example.com")
    assert again.returncode == 2 and "has an account already" in again.stderr
    assert run("users", "disable", "sam@example.com").returncode == 0
    assert "disabled" in run("users", "list").stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("users", "add", "not-an-email"), "is not an e-mail address"),
        (("users", "add", "a@b.co", "--patient", "nobody"), "no person 'nobody'"),
        (("users", "add", "a@b.co", "--role", "clinician", "--patient", "x"), "only patient"),
        (("users", "disable", "who@example.com"), "no account for"),
        (("users", "add", "a@b.co", "--role", "boss"), "boss"),
    ],
)
def test_users_refuse_bad_input_with_exit_2(args: tuple[str, ...], says: str) -> None:
    r = run(*args)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert says in r.stderr
    assert "Traceback" not in r.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_the_sign_in_page_and_says_nothing_of_requests(workers: int) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [*HAMCOACH, "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ,
    )  # fmt: skip
    try:
        body = ""
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as r:
                    body = r.read().decode()
                    headers = dict(r.headers)
                break
            except OSError:
                time.sleep(0.1)
        assert "Sign in" in body and "does not diagnose" in body
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/calendar/secret-token.ics")
        assert missing.value.code == 404
        missing.value.close()
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    assert "secret-token" not in out + err  # no access log: a feed's token is its key
