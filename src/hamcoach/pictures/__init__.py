"""Exercise pictures drawn from the body model (:mod:`hamcoach.motion`) and each exercise's
``poses``, for the CLI, the web app and the handouts.

- :func:`static_svg`: the key positions side by side, with ghosts and arrows.
- :func:`animated_svg`: one figure looping through them at the exercise's tempo.
- :func:`png`: either picture's first frame as PNG (typst, from the ``pdf`` extra).

An exercise without poses (a clinic's own file may have none) gets a plain frame that says
so, never an error.
"""

from __future__ import annotations

from html import escape

from hamcoach.domain.catalog import Exercise

NO_POSES = "No picture yet: this exercise's file has no poses."


def _placeholder(exercise: Exercise) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 160" width="600" '
        f'height="160" role="img" aria-label="{escape(exercise.name)}">'
        '<rect x="1" y="1" width="598" height="158" rx="8" fill="none" stroke="#57606a"/>'
        '<text x="300" y="75" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" '
        f'font-size="20">{escape(exercise.name)}</text>'
        '<text x="300" y="105" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" '
        f'font-size="14">{escape(NO_POSES)}</text></svg>'
    )


def static_svg(exercise: Exercise) -> str:
    """The exercise's key positions side by side, as a standalone SVG document."""
    if exercise.poses is None:
        return _placeholder(exercise)
    from hamcoach.pictures.sheet import static_svg as draw

    return draw(exercise, exercise.poses)


def animated_svg(exercise: Exercise) -> str:
    """The movement as a looping SVG animation (SMIL; no script)."""
    if exercise.poses is None:
        return _placeholder(exercise)
    from hamcoach.pictures.animate import animated_svg as draw

    return draw(exercise, exercise.poses)


def png(svg: str, *, ppi: float = 144) -> bytes:
    """An SVG picture as PNG, rendered by typst (1 SVG pixel = 1 point)."""
    import re

    import typst

    width = re.search(r'width="([\d.]+)"', svg)
    height = re.search(r'height="([\d.]+)"', svg)
    if width is None or height is None:
        raise ValueError("the SVG has no width and height")
    source = (
        f"#set page(width: {width.group(1)}pt, height: {height.group(1)}pt, margin: 0pt)\n"
        '#image(bytes(sys.inputs.at("svg")), format: "svg", width: 100%)\n'
    )
    out = typst.compile(source.encode(), format="png", ppi=ppi, sys_inputs={"svg": svg})
    assert isinstance(out, bytes)
    return out
