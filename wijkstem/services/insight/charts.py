"""Geometry for the server-drawn SVG charts and the map of the Netherlands.

Small enough that a chart library would be heavier than the charts: this module turns numbers
into coordinates and colours, the templates in templates/insight/ draw them (with a text
alternative and the data as a table beside every chart).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

MAP_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "map.json"
# One colour per series, readable on white and told apart without colour by the table and labels.
SERIES_COLOURS = ("#1d4f91", "#c2410c", "#15803d", "#7e22ce")
# Light to dark; even the lightest step is clearly blue, so it is never mistaken for the grey of
# "no support" (MAP_ZERO). Dark enough steps that neighbours stand apart.
MAP_SCALE = ("#bcd6f0", "#86b3e0", "#4f8ccb", "#2a64a8", "#123d73")
MAP_EMPTY = "#f1f1f1"  # shapes without a value of their own (the locator map's background)
MAP_ZERO = "#d4d4d4"  # no support: a colour of its own, in the legend
MAP_TOO_FEW = "#f4dfa8"  # some support, too little for a rate per 1,000 inhabitants


@dataclass(frozen=True)
class LineSeries:
    label: str
    colour: str
    points: str  # "x,y x,y ..." for <polyline>
    last: int


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    series: list[LineSeries]
    maximum: int
    first_day: date | None
    last_day: date | None


def line_chart(days: list[date], lines: list[tuple[str, list[int]]], width: int = 640, height: int = 220) -> LineChart:
    maximum = max((max(values, default=0) for _, values in lines), default=0) or 1
    span = max(len(days) - 1, 1)
    series = []
    for index, (label, values) in enumerate(lines):
        points = " ".join(f"{i / span * width:.1f},{height - v / maximum * height:.1f}" for i, v in enumerate(values))
        series.append(
            LineSeries(label, SERIES_COLOURS[index % len(SERIES_COLOURS)], points, values[-1] if values else 0)
        )
    return LineChart(width, height, series, maximum, days[0] if days else None, days[-1] if days else None)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: str
    y: float
    length: float


@dataclass(frozen=True)
class BarGroup:
    label: str
    y: float
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    groups: list[BarGroup]
    legend: list[tuple[str, str]]  # label, colour


def bar_chart(groups: list[tuple[str, list[tuple[str, int]]]], width: int = 640, bar: int = 16) -> BarChart:
    """Horizontal bars, one group per pillar, one bar per series; a group title above each group."""
    maximum = max((v for _, bars in groups for _, v in bars), default=0) or 1
    laid_out, y = [], 0.0
    for title, bars in groups:
        group_y = y + 14
        y += 20
        placed = []
        for index, (label, value) in enumerate(bars):
            placed.append(
                Bar(label, value, SERIES_COLOURS[index % len(SERIES_COLOURS)], y, value / maximum * (width - 60))
            )
            y += bar + 4
        laid_out.append(BarGroup(title, group_y, placed))
        y += 10
    legend = (
        [(label, SERIES_COLOURS[i % len(SERIES_COLOURS)]) for i, (label, _) in enumerate(groups[0][1])]
        if groups
        else []
    )
    return BarChart(width, int(y), laid_out, legend)


@dataclass(frozen=True)
class MapShapes:
    width: int
    height: int
    municipalities: dict[str, str]  # CBS code -> SVG path data
    provinces: dict[str, str]  # province name -> SVG path data
    source: str


@lru_cache(maxsize=1)
def map_shapes() -> MapShapes:
    """The projected, simplified boundaries written by scripts/build_map.py; read once per process."""
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    return MapShapes(data["width"], data["height"], data["municipalities"], data["provinces"], data["source"])


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    slug: str
    path: str
    fill: str
    value: float
    highlighted: bool


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    kind: str  # "range" (lowest to highest value in the class), "zero" or "too-few"
    lower: float = 0
    upper: float = 0


@dataclass(frozen=True)
class ChoroplethMap:
    width: int
    height: int
    regions: list[Region]
    provinces: list[str]
    legend: list[LegendEntry]
    source: str


def quantile_classes(values: list[float]) -> list[tuple[float, float]]:
    """Colour classes of a skewed distribution: about as many places in each class (quantiles),
    as (lowest, highest) value in the class. One outlier then colours only its own class, not the
    whole scale. Zero is not a class: it has its own colour."""
    ordered = sorted(v for v in values if v > 0)
    if not ordered:
        return []
    k = min(len(MAP_SCALE), len(set(ordered)))
    uppers: list[float] = []
    for i in range(1, k + 1):
        upper = ordered[-(-i * len(ordered) // k) - 1]
        if not uppers or upper > uppers[-1]:
            uppers.append(upper)
    classes, lower_index = [], 0
    for upper in uppers:
        lows = [v for v in ordered[lower_index:] if v <= upper]
        classes.append((lows[0], upper))
        lower_index += len(lows)
    return classes


def _class_colours(count: int) -> list[str]:
    """`count` colours spread over the scale, lightest to darkest."""
    if count <= 1:
        return [MAP_SCALE[len(MAP_SCALE) // 2]][:count]
    return [MAP_SCALE[round(i * (len(MAP_SCALE) - 1) / (count - 1))] for i in range(count)]


def choropleth(
    places: list,
    values: dict[str, float],
    highlight: str | None = None,
    all_shapes: bool = False,
    too_few: frozenset[str] = frozenset(),
) -> ChoroplethMap:
    """`places` have code, name and slug; `values` maps CBS code to the measure (missing or 0: no
    support); `too_few`: codes with support too small to show a rate for (own colour).
    With all_shapes, every municipality is drawn (unnamed, unlinked) behind the given places."""
    shapes = map_shapes()
    classes = quantile_classes([v for code, v in values.items() if code not in too_few])
    colours = _class_colours(len(classes))
    regions = []
    for place in places:
        path = shapes.municipalities.get(place.code)
        if path is None:
            continue
        value = values.get(place.code, 0)
        if highlight:
            fill = MAP_SCALE[-1] if place.code == highlight else MAP_EMPTY
        elif place.code in too_few:
            fill = MAP_TOO_FEW
        elif value and classes:
            fill = colours[next((i for i, (_low, up) in enumerate(classes) if value <= up + 1e-9), len(classes) - 1)]
        else:
            fill = MAP_ZERO
        regions.append(Region(place.code, place.name, place.slug, path, fill, value, place.code == highlight))
    if all_shapes:
        named = {region.code for region in regions}
        background = [
            Region(c, "", "", d, MAP_EMPTY, 0, False) for c, d in shapes.municipalities.items() if c not in named
        ]
        regions = background + regions
    legend = [LegendEntry(MAP_ZERO, "zero")]
    if too_few:
        legend.append(LegendEntry(MAP_TOO_FEW, "too-few"))
    legend += [LegendEntry(colour, "range", low, up) for colour, (low, up) in zip(colours, classes, strict=True)]
    return ChoroplethMap(shapes.width, shapes.height, regions, list(shapes.provinces.values()), legend, shapes.source)
