"""A handout (``model.Handout``) to PDF bytes, typeset with typst.

The template (``handout.typ``) reads the handout as JSON from ``sys.inputs``: every string
a person or a catalog wrote reaches the page as text, never as typst markup, so nothing in
it needs escaping and nothing in it can change the layout. Only the fonts built into the
typst wheel are used (system fonts are ignored), so a handout looks the same on every
machine and the PDF embeds every font it uses.
"""

from __future__ import annotations

import json
from pathlib import Path

from hamcoach.exports.handout import Paper
from hamcoach.exports.handout.model import Handout
from hamcoach.exports.views.base import jsonable

TEMPLATE = Path(__file__).with_name("handout.typ")


def qr_svg(url: str) -> str:
    """``url`` as a QR code, an SVG document in black on white."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, border=4, xmldecl=False)
    return out.getvalue().decode("utf-8")


def handout_json(handout: Handout) -> str:
    data = jsonable(handout)
    data["feed_qr_svg"] = qr_svg(handout.feed_url) if handout.feed_url else None
    return json.dumps(data, ensure_ascii=False)


def render_pdf(handout: Handout, *, paper: Paper = Paper.A4) -> bytes:
    """The handout as a PDF on ``paper``."""
    import typst

    pdf: bytes = typst.compile(
        TEMPLATE.read_bytes(),
        format="pdf",
        sys_inputs={"handout": handout_json(handout), "paper": paper.value},
        ignore_system_fonts=True,
    )
    return pdf
