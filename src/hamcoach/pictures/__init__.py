"""Exercise pictures drawn from the body model (:mod:`hamcoach.motion`).

The public surface, used by the CLI, the web app and the handouts:

- :func:`static_svg` - the exercise's key positions side by side, as an SVG document.

Work in progress (issue 10): the first version below draws a labelled frame only; the
body model's figures replace it.
"""

from __future__ import annotations

from html import escape

from hamcoach.domain.catalog import Exercise


def static_svg(exercise: Exercise) -> str:
    """The exercise's key positions side by side, as a standalone SVG document."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 240" width="600" height="240">'
        '<rect x="1" y="1" width="598" height="238" fill="none" stroke="#333"/>'
        f'<text x="300" y="125" text-anchor="middle" font-size="20">{escape(exercise.name)}</text>'
        "</svg>"
    )
