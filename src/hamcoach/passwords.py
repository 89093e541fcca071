"""Password hashing (argon2, through pwdlib) and the password rules.

pwdlib is imported when a password is first hashed or checked, never at start-up.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pwdlib import PasswordHash

MIN_LENGTH = 12
"""OWASP ASVS 4.0 V2.1.1: at least 12 characters."""
MAX_LENGTH = 128
"""ASVS V2.1.2 allows at least 64; longer only costs hashing time."""


@cache
def _hasher() -> PasswordHash:
    from pwdlib import PasswordHash

    return PasswordHash.recommended()


@cache
def _common() -> frozenset[str]:
    text = files("hamcoach").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(w for w in text.split() if not w.startswith("#"))


def problem(password: str, *, email: str = "") -> str | None:
    """Why this password would not do, or None when it will."""
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters (this one has {len(password)})"
    if len(password) > MAX_LENGTH:
        return f"a password may have at most {MAX_LENGTH} characters"
    folded = password.lower()
    stem = re.sub(r"[\d\W_]+$", "", folded)  # 'password2024!' is 'password'
    repeated = re.fullmatch(r"(.+?)\1+", folded)
    local = email.split("@")[0].lower()
    if folded in _common() or stem in _common() or (repeated and repeated[1] in _common()):
        return "that password is one of the most common ones: choose another"
    if len(set(folded)) < 4:
        return "that password repeats too few characters: choose another"
    if len(local) >= 4 and local in folded:
        return "a password must not contain your e-mail name"
    return None


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify(password: str, hashed: str | None) -> bool:
    """True when it matches; a missing hash still costs one hash, so that timing does not
    tell whether the account exists."""
    if hashed is None:
        _hasher().hash(password)
        return False
    return bool(_hasher().verify(password, hashed))
