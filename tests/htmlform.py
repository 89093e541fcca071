"""A page as a browser reads it, parsed with the standard library's HTML parser: what a
form would send (a field's value, a ticked box, a chosen option), the text of an element by
its id, the problems said beside a field (its ``aria-describedby``) and in alerts. A test
checks what the page holds, not how the template spells it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


@dataclass
class _Capture:
    depth: int
    key: str
    parts: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: dict[str, dict[str, str]] = {}
        self.attrs: dict[str, dict[str, str]] = {}  # by id
        self.texts: dict[str, str] = {}  # by id
        self.alerts: list[str] = []
        self._open: list[str] = []
        self._captures: list[_Capture] = []
        self._form: dict[str, str] | None = None
        self._select: str | None = None
        self._option: tuple[str, bool] | None = None
        self._first_option: dict[str, str] = {}

    def handle_starttag(self, tag: str, raw: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in raw}
        if "id" in a:
            self.attrs[a["id"]] = {"tag": tag, **a}
        if tag == "form":
            self._form = self.forms.setdefault(a.get("action", ""), {})
        elif tag == "input" and self._form is not None and "name" in a:
            kind = a.get("type", "text")
            if kind not in ("checkbox", "radio") or "checked" in a:
                self._form[a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and self._form is not None:
            value = a.get("value")
            self._option = (value if value is not None else "", "selected" in a)
        if tag in VOID:
            return
        self._open.append(tag)
        for key in ([f"#{a['id']}"] if "id" in a else []) + (
            ["alert"] if a.get("role") == "alert" else []
        ):
            self._captures.append(_Capture(len(self._open), key))

    def handle_data(self, data: str) -> None:
        for capture in self._captures:
            capture.parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._option is not None and self._select and self._form is not None:
            value, chosen = self._option
            self._first_option.setdefault(self._select, value)
            if chosen:
                self._form[self._select] = value
            self._option = None
        elif tag == "select" and self._select and self._form is not None:
            self._form.setdefault(self._select, self._first_option.get(self._select, ""))
            self._select = None
        elif tag == "form":
            self._form = None
        if tag not in self._open:
            return
        while self._open:
            if self._open.pop() == tag:
                break
        for capture in [c for c in self._captures if c.depth > len(self._open)]:
            self._captures.remove(capture)
            words = re.sub(r"\s+", " ", "".join(capture.parts)).strip()
            if capture.key == "alert":
                self.alerts.append(words)
            else:
                self.texts[capture.key[1:]] = words


def read(page: str) -> _Reader:
    reader = _Reader()
    reader.feed(page)
    reader.close()
    return reader


def form_values(page: str, action: str) -> dict[str, str]:
    """What the form posting to ``action`` would send as it stands (one value a name)."""
    forms = read(page).forms
    assert action in forms, f"no form posting to {action}: {sorted(forms)}"
    return forms[action]


def problem_beside(page: str, field_id: str) -> str:
    """The words that describe the field (its ``aria-describedby``), '' when none."""
    r = read(page)
    assert field_id in r.attrs, f"no element with id {field_id}"
    ids = r.attrs[field_id].get("aria-describedby", "").split()
    return " ".join(r.texts.get(i, "") for i in ids).strip()


def alerts(page: str) -> list[str]:
    """The text of each element with role=alert, in page order of their ends."""
    return read(page).alerts


def text_of(page: str, element_id: str) -> str:
    return read(page).texts.get(element_id, "")
