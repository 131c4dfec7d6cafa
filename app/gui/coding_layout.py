"""Where codings are drawn: highlight runs with blended colours and stripe lanes in the margin.

Pure Python over plain tuples so that the arithmetic is tested without a window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

HIGHLIGHT_ALPHA = 0.45  # how much of a code's colour shows over the white page


@dataclass(frozen=True)
class Run:
    """A stretch of text covered by the same set of codings (indices into the input)."""

    start: int
    end: int
    layers: tuple[int, ...]


def runs(spans: Sequence[tuple[int, int]]) -> list[Run]:
    """Split overlapping spans into runs where the covering set does not change."""
    edges: list[tuple[int, int, int]] = []  # (position, +1 open / -1 close, index)
    for index, (start, end) in enumerate(spans):
        if end > start:
            edges.append((start, 1, index))
            edges.append((end, -1, index))
    edges.sort(key=lambda edge: (edge[0], edge[1]))
    result: list[Run] = []
    active: list[int] = []
    previous = 0
    for position, kind, index in edges:
        if active and position > previous:
            result.append(Run(previous, position, tuple(active)))
        if kind > 0:
            active.append(index)
        else:
            active.remove(index)
        previous = position
    return result


def lanes(spans: Sequence[tuple[int, int]]) -> tuple[list[int], int]:
    """A lane (column) per span so that overlapping spans never share one; and lane count.

    Longer spans take the inner lanes (next to the text) when they start together, so that
    short nested codings sit outside them like brackets.
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], -spans[i][1]))
    lane_end: list[int] = []
    assigned = [0] * len(spans)
    for index in order:
        start, end = spans[index]
        for lane, busy_until in enumerate(lane_end):
            if busy_until <= start:
                lane_end[lane] = end
                assigned[index] = lane
                break
        else:
            assigned[index] = len(lane_end)
            lane_end.append(end)
    return assigned, len(lane_end)


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    if len(color) != 6:
        return (200, 200, 200)
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def blend(colors: Sequence[str], alpha: float = HIGHLIGHT_ALPHA) -> str:
    """The highlight of a run: its codes' colours averaged, laid thinly over white.

    Overlaps come out a shade darker than a single code so that they stay visible.
    """
    if not colors:
        return "#FFFFFF"
    channels = [_rgb(color) for color in colors]
    average = [sum(channel[i] for channel in channels) / len(channels) for i in range(3)]
    strength = min(0.85, alpha + 0.12 * (len(colors) - 1))
    mixed = [round(255 + (value - 255) * strength) for value in average]
    return "#{:02X}{:02X}{:02X}".format(*mixed)


def readable_on(color: str) -> str:
    """Black or white text, whichever reads better on ``color``."""
    red, green, blue = _rgb(color)
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return "#000000" if luminance > 140 else "#FFFFFF"
