"""A page's HTML as a tree (the standard library's parser), so that a test finds a form, a
link or a section by what it is, and reads its words as a person does."""

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


def page(html: str) -> Node:
    """The document's <main> (what the page says; not the navigation)."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root.one("main")
