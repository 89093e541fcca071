"""Reading a PDF the way a person sees it, for the handout tests: each page's text and size,
its figures (by their alt text, with what is drawn inside them), and its fonts."""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw


@dataclass(frozen=True)
class Figure:
    alt: str
    drawn: int
    """Page objects (paths, text, images) drawn inside the figure."""
    width: float
    height: float


@dataclass(frozen=True)
class Page:
    text: str
    """The page's text with every run of whitespace made one space."""
    size: tuple[float, float]
    figures: tuple[Figure, ...]
    fonts_embedded: bool


def _utf16(fn: object, el: object) -> str:
    size = fn(el, None, 0)  # type: ignore[operator]
    buf = ctypes.create_string_buffer(size)
    fn(el, buf, size)  # type: ignore[operator]
    return buf.raw[: max(size - 2, 0)].decode("utf-16-le")


def _figures(page: pdfium.PdfPage) -> tuple[Figure, ...]:
    found: list[tuple[str, set[int]]] = []

    def walk(el: object) -> None:
        if _utf16(raw.FPDF_StructElement_GetType, el) == "Figure":
            ids = {
                raw.FPDF_StructElement_GetMarkedContentIdAtIndex(el, i)
                for i in range(raw.FPDF_StructElement_GetMarkedContentIdCount(el))
            }
            found.append((_utf16(raw.FPDF_StructElement_GetAltText, el), ids))
        for i in range(raw.FPDF_StructElement_CountChildren(el)):
            child = raw.FPDF_StructElement_GetChildAtIndex(el, i)
            if child:
                walk(child)

    tree = raw.FPDF_StructTree_GetForPage(page.raw)
    try:
        for i in range(raw.FPDF_StructTree_CountChildren(tree)):
            walk(raw.FPDF_StructTree_GetChildAtIndex(tree, i))
    finally:
        raw.FPDF_StructTree_Close(tree)
    objects = [
        (raw.FPDFPageObj_GetMarkedContentID(o.raw), o.get_bounds()) for o in page.get_objects()
    ]
    out = []
    for alt, ids in found:
        boxes = [b for mcid, b in objects if mcid in ids]
        left = min((b[0] for b in boxes), default=0.0)
        right = max((b[2] for b in boxes), default=0.0)
        bottom = min((b[1] for b in boxes), default=0.0)
        top = max((b[3] for b in boxes), default=0.0)
        out.append(Figure(alt, len(boxes), right - left, top - bottom))
    return tuple(out)


def _fonts_embedded(page: pdfium.PdfPage) -> bool:
    texts = [o for o in page.get_objects() if o.type == raw.FPDF_PAGEOBJ_TEXT]
    return bool(texts) and all(
        raw.FPDFFont_GetIsEmbedded(raw.FPDFTextObj_GetFont(o.raw)) == 1 for o in texts
    )


def read_pdf(data: bytes | Path) -> list[Page]:
    pdf = pdfium.PdfDocument(data.read_bytes() if isinstance(data, Path) else data)
    pages = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            text = re.sub(r"\s+", " ", textpage.get_text_range())
            pages.append(
                Page(
                    text,
                    (round(page.get_width()), round(page.get_height())),
                    _figures(page),
                    _fonts_embedded(page),
                )
            )
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return pages


def words(text: str) -> str:
    """``text`` as it reads on a page: every run of whitespace one space."""
    return re.sub(r"\s+", " ", text).strip()
