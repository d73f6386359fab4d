"""GeoJSON: events and mentions as FeatureCollections of points, written atomically and
read back (standard library only)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from geodata.atomic import atomic_path
from geodata.exceptions import ExportError, ImportFormatError
from geodata.io._common import event_dicts, mention_dicts, point


def events_geojson(events: Any) -> dict[str, Any]:
    """Events as a GeoJSON FeatureCollection of points (all fields as properties).

    Events without coordinates get ``"geometry": null``.
    """
    return {"type": "FeatureCollection", "features": list(event_features(event_dicts(events)))}


def event_features(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield {
            "type": "Feature",
            "id": row["event_id"],
            "geometry": point(row.get("longitude"), row.get("latitude")),
            "properties": row,
        }


def mentions_geojson(mentions: Any) -> dict[str, Any]:
    """Mentions as a GeoJSON FeatureCollection of points; ``alternatives`` is a list of dicts."""
    return {"type": "FeatureCollection", "features": list(mention_features(mention_dicts(mentions)))}


def mention_features(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        props = {k: v for k, v in row.items() if k not in ("lat", "lon")}
        yield {"type": "Feature", "geometry": point(row.get("lon"), row.get("lat")), "properties": props}


def write_features(features: Iterable[dict[str, Any]], path: Path) -> None:
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write('{"type": "FeatureCollection", "features": [\n')
        for i, feat in enumerate(features):
            if i:
                fh.write(",\n")
            try:
                fh.write(json.dumps(feat, ensure_ascii=False, allow_nan=False, default=str))
            except ValueError as exc:
                raise ExportError(f"feature {i} cannot be written as JSON: {exc}") from None
        fh.write("\n]}\n")


def read_features(path: Path) -> list[tuple[int, dict[str, Any], dict[str, Any] | None]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ImportFormatError(f"{path}: not GeoJSON: {exc}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportFormatError(f"{path}: not a GeoJSON FeatureCollection")
    out = []
    for i, feat in enumerate(data.get("features") or []):
        props = feat.get("properties") or {}
        geom = feat.get("geometry")
        out.append((i, props, geom))
    return out


def point_coords(geom: Mapping[str, Any] | None) -> tuple[float | None, float | None]:
    if not geom or geom.get("type") != "Point":
        return None, None
    lon, lat = geom["coordinates"][:2]
    return lon, lat
