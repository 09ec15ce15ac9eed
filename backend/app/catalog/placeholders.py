"""A drawn stand-in for a poster or a backdrop nobody can get: the title on a calm background (SVG).

The kiosk shows it wherever TMDB has no image or cannot be reached, so a grid of results never has a
hole or a broken-image icon. The text is escaped (it comes from TMDB or the caller) and an SVG shown as
an <img> runs no script.
"""

from __future__ import annotations

import textwrap
import zlib
from typing import Literal
from xml.sax.saxutils import escape

ImageKind = Literal["poster", "backdrop"]

# Poster 2:3 and backdrop 16:9, as TMDB's images; the placeholder takes the place of one without a jump.
_BOX = {"poster": (342, 513), "backdrop": (1280, 720)}
_BACKGROUNDS = ("#2b3a55", "#3d2b55", "#2b5548", "#553a2b", "#4a4a4a", "#2b4d55")
_MAX_TITLE = 120


def placeholder_svg(title: str, kind: ImageKind = "poster") -> bytes:
    """The SVG drawn for `title` (the same title always gets the same colour)."""
    width, height = _BOX[kind]
    title = " ".join(title.split())[:_MAX_TITLE] or "?"
    background = _BACKGROUNDS[zlib.crc32(title.encode()) % len(_BACKGROUNDS)]
    columns = 14 if kind == "poster" else 30
    lines = textwrap.wrap(title, columns)[:4] or ["?"]
    font = 34 if kind == "poster" else 56
    first_y = height / 2 - (len(lines) - 1) * font * 0.6
    text = "".join(
        f'<tspan x="{width / 2:g}" y="{first_y + i * font * 1.2:g}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">'
        f'<rect width="{width}" height="{height}" fill="{background}"/>'
        f'<rect x="12" y="12" width="{width - 24}" height="{height - 24}" rx="10" fill="none" '
        'stroke="#ffffff" stroke-opacity="0.25" stroke-width="3"/>'
        f'<text fill="#ffffff" font-family="sans-serif" font-size="{font}" font-weight="700" '
        f'text-anchor="middle" dominant-baseline="middle">{text}</text></svg>'
    )
    return svg.encode()
