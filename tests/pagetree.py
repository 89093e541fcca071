"""A page's HTML as a tree (the standard library's parser), so that a test finds a form, a
link or a section by what it is, and reads its words as a person does: what a form would
send as it stands (a field's value, a ticked box, a chosen option), the problems said beside
a field (its ``aria-describedby``) and in alerts. A test checks what the page holds, not
how the template spells it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        """The words inside, spaces folded."""
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else f" {child.text()} ")
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def walk(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def all(self, tag: str, **attrs: str) -> list[Node]:
        """Every element ``tag`` inside with these attributes (``class_`` for class, which
        matches one of the element's classes)."""
        want = {k.rstrip("_"): v for k, v in attrs.items()}
        return [
            n for n in self.walk()
            if n.tag == tag and all(
                v in n.attrs.get(k, "").split() if k == "class" else n.attrs.get(k) == v
                for k, v in want.items()
            )
        ]  # fmt: skip

    def one(self, tag: str, **attrs: str) -> Node:
        found = self.all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}>, not one"
        return found[0]

    def section(self, heading: str) -> Node:
        """The <section> whose <h2> starts with ``heading``."""
        found = [s for s in self.all("section")
                 if any(h.text().startswith(heading) for h in s.all("h2"))]  # fmt: skip
        assert len(found) == 1, f"{len(found)} sections headed {heading!r}"
        return found[0]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.open[-1].children.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, 0, -1):  # close up to the matching element
            if self.open[i].tag == tag:
                del self.open[i:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def document(html: str) -> Node:
    """The whole document."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def page(html: str) -> Node:
    """The document's <main> (what the page says; not the navigation)."""
    return document(html).one("main")


def by_id(html: str, element_id: str) -> Node | None:
    found = [n for n in document(html).walk() if n.attrs.get("id") == element_id]
    assert len(found) <= 1, f"{len(found)} elements with id {element_id}"
    return found[0] if found else None


def form_values(html: str, action: str) -> dict[str, str]:
    """What the form posting to ``action`` would send as it stands (one value a name): a
    text field's value, a box or a radio only when ticked, a list's chosen option (else its
    first), a text area's words."""
    forms = document(html).all("form", action=action)
    assert forms, f"no form posting to {action}"
    values: dict[str, str] = {}
    for n in forms[0].walk():
        name = n.attrs.get("name")
        if name is None:
            continue
        if n.tag == "input":
            kind = n.attrs.get("type", "text")
            if kind not in ("checkbox", "radio") or "checked" in n.attrs:
                values[name] = n.attrs.get("value", "on" if kind == "checkbox" else "")
        elif n.tag == "select":
            options = n.all("option")
            chosen = [o for o in options if "selected" in o.attrs] or options[:1]
            values[name] = chosen[0].attrs.get("value", "") if chosen else ""
        elif n.tag == "textarea":
            values[name] = "".join(c for c in n.children if isinstance(c, str))
    return values


def problem_beside(html: str, field_id: str) -> str:
    """The words that describe the field (its ``aria-describedby``), '' when none."""
    field_node = by_id(html, field_id)
    assert field_node is not None, f"no element with id {field_id}"
    described = [by_id(html, i) for i in field_node.attrs.get("aria-describedby", "").split()]
    return " ".join(n.text() for n in described if n is not None).strip()


def alerts(html: str) -> list[str]:
    """The words of each element with role=alert, in page order."""
    return [n.text() for n in document(html).walk() if n.attrs.get("role") == "alert"]


def text_of(html: str, element_id: str) -> str:
    found = by_id(html, element_id)
    return "" if found is None else found.text()
