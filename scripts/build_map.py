"""Build wijkstem/data/map.json from the TopoJSON boundaries: one SVG path per CBS code.

Run once when the boundaries change (`make map`); the result is committed and the app only reads it.
Steps: decode the quantized TopoJSON arcs, project lon/lat to a flat plane (equirectangular, x scaled
by cos 52°, which is close to RD New at Dutch latitudes), simplify each arc with Douglas–Peucker and
write rounded path data. Arcs are simplified once and shared by both neighbours, so borders stay
gap-free. No library: the decoding and Douglas–Peucker are a few lines each, and the input is small.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "boundaries"
TARGET = ROOT / "wijkstem" / "data" / "map.json"
WIDTH = 400.0  # SVG user units; the height follows from the projection
TOLERANCE = 0.35  # in SVG units: under half a pixel at the size the map is shown
REFERENCE_LATITUDE = 52.0


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Delta-decoded, de-quantized arcs as lon/lat points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def douglas_peucker(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    if len(points) < 3:
        return points
    (ax, ay), (bx, by) = points[0], points[-1]
    length = math.hypot(bx - ax, by - ay)
    farthest, index = -1.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        if length:
            distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
        else:
            distance = math.hypot(px - ax, py - ay)
        if distance > farthest:
            farthest, index = distance, i
    if farthest <= tolerance:
        return [points[0], points[-1]]
    left = douglas_peucker(points[: index + 1], tolerance)
    return left[:-1] + douglas_peucker(points[index:], tolerance)


class Projection:
    def __init__(self, arcs: list[list[tuple[float, float]]]):
        lons = [lon for arc in arcs for lon, _ in arc]
        lats = [lat for arc in arcs for _, lat in arc]
        self.kx = math.cos(math.radians(REFERENCE_LATITUDE))
        self.west, self.north = min(lons), max(lats)
        self.scale = WIDTH / ((max(lons) - self.west) * self.kx)
        self.height = (self.north - min(lats)) * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.west) * self.kx * self.scale, (self.north - lat) * self.scale)


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring of arc indexes (negative ~i: arc i reversed) as one point list."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def path_data(geometry: dict, arcs: list[list[tuple[float, float]]]) -> str:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = ring_points(ring, arcs)
            if len(points) < 4:
                continue
            head, *rest = points
            parts.append(f"M{head[0]:.1f} {head[1]:.1f}" + "".join(f"L{x:.1f} {y:.1f}" for x, y in rest[:-1]) + "Z")
    return "".join(parts)


def paths(topology: dict, projection: Projection | None = None) -> tuple[dict[str, str], Projection]:
    arcs = decode_arcs(topology)
    projection = projection or Projection(arcs)
    flat = [douglas_peucker([projection(lon, lat) for lon, lat in arc], TOLERANCE) for arc in arcs]
    (collection,) = topology["objects"].values()
    return {
        geometry["properties"]["code"]: path_data(geometry, flat) for geometry in collection["geometries"]
    }, projection


def build() -> dict:
    municipalities, projection = paths(json.loads((SOURCES / "gemeenten.topojson").read_text(encoding="utf-8")))
    provinces_topology = json.loads((SOURCES / "provincies.topojson").read_text(encoding="utf-8"))
    provinces, _ = paths(provinces_topology, projection)
    names = {
        g["properties"]["code"]: g["properties"]["name"]
        for g in provinces_topology["objects"]["provincie_2026"]["geometries"]
    }
    return {
        "source": "Bron: CBS / PDOK (CC BY 4.0)",
        "width": round(WIDTH),
        "height": round(projection.height),
        "municipalities": municipalities,
        "provinces": {names[code]: d for code, d in provinces.items()},
    }


if __name__ == "__main__":
    TARGET.write_text(
        json.dumps(build(), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size // 1024} KB")
