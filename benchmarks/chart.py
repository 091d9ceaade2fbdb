"""A small PNG line chart written with the standard library (zlib and struct), no matplotlib.

Enough for one figure: lines with square markers on a log-scaled x axis, a linear y axis
from zero with gridlines, target crosses, a legend, and labels in a 5×7 bitmap font.
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

Colour = tuple[int, int, int]
WHITE, BLACK, GREY, LIGHT = (255, 255, 255), (11, 12, 12), (80, 90, 95), (222, 224, 226)
RED = (212, 53, 28)
PALETTE = ((29, 112, 184), (0, 112, 60), (244, 119, 56), (76, 44, 146), (11, 12, 12),
           (40, 161, 151), (213, 56, 128), (181, 136, 64))  # fmt: skip

_FONT_ROWS = """
A .###. #...# #...# ##### #...# #...# #...#|B ####. #...# #...# ####. #...# #...# ####.
C .###. #...# #.... #.... #.... #...# .###.|D ###.. #..#. #...# #...# #...# #..#. ###..
E ##### #.... #.... ####. #.... #.... #####|F ##### #.... #.... ####. #.... #.... #....
G .###. #...# #.... #.### #...# #...# .####|H #...# #...# #...# ##### #...# #...# #...#
I .###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.|J ..### ...#. ...#. ...#. ...#. #..#. .##..
K #...# #..#. #.#.. ##... #.#.. #..#. #...#|L #.... #.... #.... #.... #.... #.... #####
M #...# ##.## #.#.# #.#.# #...# #...# #...#|N #...# #...# ##..# #.#.# #..## #...# #...#
O .###. #...# #...# #...# #...# #...# .###.|P ####. #...# #...# ####. #.... #.... #....
Q .###. #...# #...# #...# #.#.# #..#. .##.#|R ####. #...# #...# ####. #.#.. #..#. #...#
S .#### #.... #.... .###. ....# ....# ####.|T ##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..
U #...# #...# #...# #...# #...# #...# .###.|V #...# #...# #...# #...# #...# .#.#. ..#..
W #...# #...# #...# #.#.# #.#.# #.#.# .#.#.|X #...# #...# .#.#. ..#.. .#.#. #...# #...#
Y #...# #...# .#.#. ..#.. ..#.. ..#.. ..#..|Z ##### ....# ...#. ..#.. .#... #.... #####
0 .###. #...# #..## #.#.# ##..# #...# .###.|1 ..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.
2 .###. #...# ....# ...#. ..#.. .#... #####|3 ##### ...#. ..#.. ...#. ....# #...# .###.
4 ...#. ..##. .#.#. #..#. ##### ...#. ...#.|5 ##### #.... ####. ....# ....# #...# .###.
6 ..##. .#... #.... ####. #...# #...# .###.|7 ##### ....# ...#. ..#.. .#... .#... .#...
8 .###. #...# #...# .###. #...# #...# .###.|9 .###. #...# #...# .#### ....# ...#. .##..
+ ..... ..#.. ..#.. ##### ..#.. ..#.. .....|- ..... ..... ..... ##### ..... ..... .....
. ..... ..... ..... ..... ..... .##.. .##..|, ..... ..... ..... ..... .##.. ..#.. .#...
( ...#. ..#.. .#... .#... .#... ..#.. ...#.|) .#... ..#.. ...#. ...#. ...#. ..#.. .#...
/ ..... ....# ...#. ..#.. .#... #.... .....|: ..... .##.. .##.. ..... .##.. .##.. .....
% ##... ##..# ...#. ..#.. .#... #..## ...##|= ..... ..... ##### ..... ##### ..... .....
< ...#. ..#.. .#... #.... .#... ..#.. ...#.|> .#... ..#.. ...#. ....# ...#. ..#.. .#...
"""
FONT: dict[str, list[str]] = {
    glyph[0]: glyph[2:].split()
    for line in _FONT_ROWS.strip().splitlines()
    for glyph in line.split("|")
}
SCALE = 2  # each font pixel drawn as 2×2


class Canvas:
    """An RGB image in memory."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(WHITE * (width * height))

    def dot(self, x: int, y: int, colour: Colour) -> None:
        """Set one pixel (silently clipped)."""
        if 0 <= x < self.width and 0 <= y < self.height:
            at = (y * self.width + x) * 3
            self.pixels[at : at + 3] = bytes(colour)

    def box(self, x0: int, y0: int, x1: int, y1: int, colour: Colour) -> None:
        """A filled rectangle, corners included."""
        for y in range(min(y0, y1), max(y0, y1) + 1):
            for x in range(min(x0, x1), max(x0, x1) + 1):
                self.dot(x, y, colour)

    def line(self, x0: int, y0: int, x1: int, y1: int, colour: Colour, width: int = 1) -> None:
        """A straight line (Bresenham), `width` pixels thick."""
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        error = dx + dy
        half = width // 2
        while True:
            self.box(x0 - half, y0 - half, x0 - half + width - 1, y0 - half + width - 1, colour)
            if (x0, y0) == (x1, y1):
                return
            twice = 2 * error
            if twice >= dy:
                error, x0 = error + dy, x0 + sx
            if twice <= dx:
                error, y0 = error + dx, y0 + sy

    def text(self, x: int, y: int, words: str, colour: Colour = BLACK) -> int:
        """Draw text (upper-cased) with its top-left at (x, y); returns the width drawn."""
        for index, char in enumerate(words.upper()):
            for row, bits in enumerate(FONT.get(char, ["....."] * 7)):
                for column, bit in enumerate(bits):
                    if bit == "#":
                        left, top = x + (index * 6 + column) * SCALE, y + row * SCALE
                        self.box(left, top, left + SCALE - 1, top + SCALE - 1, colour)
        return text_width(words)

    def png(self) -> bytes:
        """The image as PNG bytes (8-bit RGB, no filtering)."""
        stride = self.width * 3
        rows = b"".join(
            b"\x00" + bytes(self.pixels[y * stride : (y + 1) * stride]) for y in range(self.height)
        )
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + b"".join(
            _chunk(tag, data)
            for tag, data in ((b"IHDR", header), (b"IDAT", zlib.compress(rows, 9)), (b"IEND", b""))
        )


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def text_width(words: str) -> int:
    """Pixels a label takes."""
    return len(words) * 6 * SCALE


def _nice_step(top: float) -> float:
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def line_chart(
    path: Path,
    title: str,
    y_label: str,
    series: dict[str, list[tuple[float, float]]],
    targets: list[tuple[float, float, str]] = (),  # type: ignore[assignment]
    size: tuple[int, int] = (960, 540),
) -> None:
    """Write a PNG: one line per series over a log x axis, crosses for targets, a legend."""
    canvas = Canvas(*size)
    left, right, top, bottom = 90, size[0] - 290, 80, size[1] - 70
    xs = sorted({x for points in series.values() for x, _ in points} | {t[0] for t in targets})
    ys = [y for points in series.values() for _, y in points] + [t[1] for t in targets]
    if not xs:
        xs = [1.0, 10.0]
    y_top = _nice_step(max(ys, default=1) * 1.1) * 5.5
    step = _nice_step(y_top)
    low, high = math.log10(min(xs)), math.log10(max(xs))
    span = (high - low) or 1.0

    def at(x: float, y: float) -> tuple[int, int]:
        px = left + 20 + (math.log10(x) - low) / span * (right - left - 40)
        return int(px), int(bottom - min(y, y_top) / y_top * (bottom - top))

    canvas.text(10, 14, title)
    tick = 0.0
    while tick <= y_top:
        _, y = at(xs[0], tick)
        canvas.line(left, y, right, y, LIGHT)
        label = f"{tick:g}"
        canvas.text(left - 10 - text_width(label), y - 7, label, GREY)
        tick += step
    canvas.line(left, top, left, bottom, BLACK, 2)
    canvas.line(left, bottom, right, bottom, BLACK, 2)
    for x in xs:
        px, _ = at(x, 0)
        canvas.line(px, bottom, px, bottom + 6, BLACK, 2)
        label = f"{x / 1000:g}K" if x >= 1000 else f"{x:g}"
        canvas.text(px - text_width(label) // 2, bottom + 12, label)
    canvas.text(left, bottom + 40, "CATALOGUE SIZE (INTERVENTIONS, LOG SCALE)", GREY)
    canvas.text(10, top - 36, y_label, GREY)
    for number, (name, points) in enumerate(series.items()):
        colour = PALETTE[number % len(PALETTE)]
        placed = [at(x, y) for x, y in sorted(points)]
        for (x0, y0), (x1, y1) in zip(placed, placed[1:], strict=False):
            canvas.line(x0, y0, x1, y1, colour, 3)
        for x, y in placed:
            canvas.box(x - 4, y - 4, x + 4, y + 4, colour)
        legend_y = top + number * 24
        canvas.box(right + 20, legend_y, right + 34, legend_y + 14, colour)
        canvas.text(right + 42, legend_y + 1, name[:20])
    for number, (x, y, name) in enumerate(targets):
        px, py = at(x, y)
        canvas.line(px - 7, py - 7, px + 7, py + 7, RED, 3)
        canvas.line(px - 7, py + 7, px + 7, py - 7, RED, 3)
        legend_y = top + (len(series) + number) * 24 + 10
        canvas.text(right + 20, legend_y, f"X {name}"[:22], RED)
    path.write_bytes(canvas.png())
