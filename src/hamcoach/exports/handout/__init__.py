"""Printed handouts (``hamcoach handout``, the web app's "Print handout"): a cover with the
reader's schedule, the pain rules and what to do in an emergency, then a page (or half a
page) per exercise with its picture, steps, cues, mistakes, dose, cautions and sources.

- ``model``: the handout as a tree of frozen dataclasses, and its cover's words; every
  clinical number comes from ``domain.rules``.
- ``build``: a handout from domain values: a person's plan, a routine, catalog exercises.
- ``typeset``: the model to PDF bytes with typst (``handout.typ``); the data goes in as
  JSON, never as markup, so a name such as ``O'Brien #1 *x*`` prints as written.

Importing this package imports neither (typst is an optional extra, ``pdf``): the CLI
takes ``Paper`` from here as it starts.
"""

from enum import StrEnum


class Paper(StrEnum):
    """The paper a handout fits, by typst's names for it."""

    A4 = "a4"
    US_LETTER = "us-letter"

    @property
    def label(self) -> str:
        return {"a4": "A4", "us-letter": "US Letter"}[self.value]
