"""GDELT 2.0 event files in (61 tab-separated columns): unrest rows (CAMEO 14, 145, 18-20 ...)
become events that keep GDELT's ids and source URLs; bad rows are returned with their line
numbers and the reason."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from geodata.events.taxonomy import severity_of
from geodata.exceptions import ImportFormatError
from geodata.io._gdelt import (
    ACTOR_TYPE_INTER,
    CAMEO_TAGS,
    COLUMN_ALIASES,
    GDELT_COLUMNS,
    GEO_TYPE_PRECISION,
    UNREST_ROOTS,
    cameo_label,
    cameo_to_acled,
)
from geodata.io._import import (
    ImportResult,
    RejectedRow,
    RowError,
    bounded_float,
    bounded_int,
    check_file,
    first_lines,
    join_tags,
)
from geodata.model import Event
from geodata.places.countries import country_name, fips_to_iso

#: GDELT 2.0 column -> where it goes.
GDELT_FIELD_MAP: dict[str, str] = {
    "GlobalEventID": "event_id and report_id ('gdelt:' + value)",
    "Day": "event_date (time_precision 1)",
    "MonthYear, Year, FractionDate": "derived from Day (checked for nothing)",
    "Actor1Code, Actor2Code": "tags 'actor1_code=...', 'actor2_code=...'",
    "Actor1Name, Actor2Name": "actor1, actor2 (title-cased; a protest or riot with no Actor1 "
    "gets 'Protesters (country)' / 'Rioters (country)')",
    "Actor*CountryCode, KnownGroupCode, EthnicCode, Religion*Code, Type2/3Code": "not kept "
    "(they are parts of Actor*Code, which is kept)",
    "Actor1Type1Code, Actor2Type1Code": "inter1, inter2 (GOV/MIL/COP/JUD/SPY/LEG 1, REB/INS/SEP 2, "
    "UAF 3, CVL/EDU/MED/HLH/REF/LAB/AGR/REL/BUS 7, IGO/NGO/IMG 8; protest actor1 6, riot 5)",
    "IsRootEvent": "tags 'root_event=...'",
    "EventCode, EventBaseCode, EventRootCode": "event_type, sub_event_type (CAMEO table in "
    "geodata.io._gdelt); tags 'cameo=...'",
    "QuadClass": "tags 'quad_class=...'",
    "GoldsteinScale": "tags 'goldstein=...'",
    "NumMentions": "tags 'num_mentions=...'",
    "NumSources": "sources_count",
    "NumArticles": "tags 'num_articles=...'",
    "AvgTone": "tags 'avg_tone=...'",
    "Actor1Geo_*, Actor2Geo_*": "not kept (where the actors are from, not where it happened)",
    "ActionGeo_Type": "geo_precision (1 country -> 4, 2 US state -> 3, 3/4 city -> 1, 5 ADM1 -> 3)",
    "ActionGeo_FullName": "location (first part), admin1 (second part of 'City, ADM1, Country'; "
    "the region itself for ADM1 rows), country (last part)",
    "ActionGeo_CountryCode": "country_code (FIPS 10-4 -> ISO alpha-2); tags 'fips=...'",
    "ActionGeo_ADM1Code, ActionGeo_ADM2Code": "tags 'adm1=...', 'adm2=...'",
    "ActionGeo_Lat, ActionGeo_Long": "latitude, longitude",
    "ActionGeo_FeatureID": "tags 'feature_id=...' (a GNS/GeoNames feature or ADM1 code)",
    "DATEADDED": "tags 'dateadded=...'",
    "SOURCEURL": "source_url; source = its host name",
}


GDELT_CONFIDENCE = 0.5


def _gdelt_layout(p: Path, lines: Sequence[str]) -> tuple[str, list[str] | None]:
    """(delimiter, header columns or ``None`` when the file has no header)."""
    first = lines[0]
    for delim in ("\t", ","):
        cells = [c.strip().strip('"') for c in first.split(delim)]
        low = [COLUMN_ALIASES.get(c.casefold(), c).casefold() for c in cells]
        if "globaleventid" in low:
            canon = {c.casefold(): c for c in GDELT_COLUMNS}
            names = [canon.get(c, c) for c in low]
            need = [c for c in ("GlobalEventID", "Day", "EventCode", "ActionGeo_Lat", "ActionGeo_Long")
                    if c not in names]  # fmt: skip
            if need:
                raise ImportFormatError(f"{p}: GDELT header lacks {', '.join(need)}")
            return delim, names
    n = len(first.split("\t"))
    if n == 61:
        return "\t", None
    if "event_id_cnty" in first.casefold():
        raise ImportFormatError(f"{p}: not a GDELT file: this is an ACLED export (use --format acled)")
    if n in (57, 58) and first.split("\t")[0].strip().isdigit():
        raise ImportFormatError(f"{p}: a GDELT 1.0 event file ({n} columns); only GDELT 2.0 "
                                "event files (61 columns) are read")  # fmt: skip
    raise ImportFormatError(f"{p}: not a GDELT 2.0 event file: expected 61 tab-separated "
                            f"columns and no header, found {n} on the first line")  # fmt: skip


def _title(name: str) -> str:
    name = name.strip()
    return name.title() if name.isupper() else name


def _actor_inter(d: Mapping[str, str], n: int) -> int | None:
    for k in (f"Actor{n}Type1Code", f"Actor{n}Type2Code", f"Actor{n}Type3Code"):
        code = (d.get(k) or "").strip().upper()
        if code in ACTOR_TYPE_INTER:
            return ACTOR_TYPE_INTER[code]
    return None


def _gdelt_event(d: Mapping[str, str], roots: Sequence[str]) -> Event | str:
    """The event of a row, or the reason (a string) it is out of scope. Raises RowError."""
    gid = (d.get("GlobalEventID") or "").strip()
    if not gid.isdigit():
        raise RowError(f"GlobalEventID {gid!r} is not a number")
    day = (d.get("Day") or "").strip()
    try:
        event_date = datetime.strptime(day, "%Y%m%d").date().isoformat()
    except ValueError:
        raise RowError(f"Day {day!r} is not a date YYYYMMDD") from None
    code = (d.get("EventCode") or "").strip()
    root = (d.get("EventRootCode") or "").strip() or code[:2]
    if root and root.isdigit() and len(root) == 1:
        root = "0" + root
    mapped = cameo_to_acled(code, root)
    if mapped is None or root not in roots:
        return f"CAMEO {code or root or '?'} is not an unrest event (root {root or '?'})"
    etype, sub = mapped
    gtype = bounded_int(d.get("ActionGeo_Type"), "ActionGeo_Type", 0, 5, default=0) or 0
    if gtype == 0:
        raise RowError("no ActionGeo location (ActionGeo_Type 0)")
    lat = bounded_float(d.get("ActionGeo_Lat"), "ActionGeo_Lat", -90, 90)
    lon = bounded_float(d.get("ActionGeo_Long"), "ActionGeo_Long", -180, 180)
    full = (d.get("ActionGeo_FullName") or "").strip()
    parts = [x.strip() for x in full.split(",") if x.strip()]
    fips = (d.get("ActionGeo_CountryCode") or "").strip().upper()
    cc = fips_to_iso(fips)
    country = parts[-1] if parts else country_name(cc)
    location = parts[0] if parts else (country or "")
    if gtype in (2, 5):
        admin1: str | None = parts[0] if parts else None
    elif gtype in (3, 4):
        admin1 = parts[1] if len(parts) >= 3 else None
    else:
        admin1 = None
    n_sources = bounded_int(d.get("NumSources"), "NumSources", 0, default=None)
    n_articles = bounded_int(d.get("NumArticles"), "NumArticles", 0, default=None)
    n_mentions = bounded_int(d.get("NumMentions"), "NumMentions", 0, default=None)
    tone = (d.get("AvgTone") or "").strip()
    goldstein = (d.get("GoldsteinScale") or "").strip()
    for what, v in (("AvgTone", tone), ("GoldsteinScale", goldstein)):
        if v:
            bounded_float(v, what, -100, 100)
    place = country or "unknown country"
    actor1 = _title(d.get("Actor1Name") or "") or (d.get("Actor1Code") or "").strip()
    inter1 = _actor_inter(d, 1)
    if etype in ("Protests", "Riots"):
        if not actor1:
            actor1 = f"{'Rioters' if etype == 'Riots' else 'Protesters'} ({place})"
        if inter1 in (None, 7):  # civilians who protest are protesters (ACLED 6) or rioters (5)
            inter1 = 5 if etype == "Riots" else 6
    actor2 = _title(d.get("Actor2Name") or "") or (d.get("Actor2Code") or "").strip()
    inter2 = _actor_inter(d, 2) if actor2 else None
    url = (d.get("SOURCEURL") or "").strip() or None
    host = urlsplit(url).hostname if url and "//" in url else None
    source = (host[4:] if host and host.startswith("www.") else host) or "GDELT"
    label = cameo_label(code or root)
    bits = [f"GDELT event {gid}: CAMEO {code or root}" + (f" ({label})" if label else "")]
    who = " / ".join(a for a in (actor1, actor2) if a)
    if who:
        bits.append(who)
    if full:
        bits.append(f"at {full}")
    counts = ", ".join(f"{n} {w}" for n, w in ((n_articles, "articles"), (n_sources, "sources"),
                                               (n_mentions, "mentions")) if n is not None)  # fmt: skip
    notes = "; ".join(bits) + (f". {counts}" if counts else "") + (f", tone {tone}" if tone else "") + "."
    extra = {
        "cameo": code or root,
        "quad_class": (d.get("QuadClass") or "").strip(),
        "goldstein": goldstein,
        "num_mentions": n_mentions,
        "num_articles": n_articles,
        "avg_tone": tone,
        "root_event": (d.get("IsRootEvent") or "").strip(),
        "fips": fips,
        "adm1": (d.get("ActionGeo_ADM1Code") or "").strip(),
        "adm2": (d.get("ActionGeo_ADM2Code") or "").strip(),
        "feature_id": (d.get("ActionGeo_FeatureID") or "").strip(),
        "actor1_code": (d.get("Actor1Code") or "").strip(),
        "actor2_code": (d.get("Actor2Code") or "").strip(),
        "dateadded": (d.get("DATEADDED") or "").strip(),
    }
    measure = next((CAMEO_TAGS[code[:n]] for n in (4, 3) if code[:n] in CAMEO_TAGS), "")
    event_id = f"gdelt:{gid}"
    return Event(
        event_id=event_id,
        report_id=event_id,
        event_date=event_date,
        time_precision=1,
        event_type=etype,
        sub_event_type=sub,
        actor1=actor1,
        actor2=actor2,
        location=location,
        admin1=admin1,
        country=country,
        country_code=cc,
        latitude=lat,
        longitude=lon,
        geo_precision=GEO_TYPE_PRECISION.get(gtype, 1),
        fatalities=None,
        injuries=None,
        severity=severity_of(etype, sub, None, None, measure),
        notes=notes,
        source=source,
        confidence=GDELT_CONFIDENCE,
        inter1=inter1,
        inter2=inter2,
        tags=join_tags(measure, extra),
        source_url=url,
        sources_count=max(1, n_sources or 1),
    )


def _gdelt_records(p: Path, delim: str, header: list[str] | None) -> Iterator[tuple[int, list[str] | str]]:
    """(line number, fields) per data line; fields is an error string for undecodable lines."""
    with p.open("rb") as fh:
        for i, raw in enumerate(fh, start=1):
            if i == 1 and header is not None:
                continue
            try:
                text = raw.decode("utf-8-sig" if i == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield i, f"not UTF-8 (byte {exc.start})"
                continue
            text = text.rstrip("\r\n")
            if not text.strip():
                continue
            if delim == ",":
                try:
                    yield i, next(csv.reader([text]))
                except csv.Error as exc:  # a field over MAX_FIELD_CHARS
                    yield i, f"bad CSV row: {exc}"
            else:
                yield i, text.split("\t")


def import_gdelt(path: str | os.PathLike[str], *, roots: Iterable[str] = UNREST_ROOTS) -> ImportResult:
    """Read a GDELT 2.0 event file (``*.export.CSV``: 61 tab-separated columns, no header).

    A file with a header line naming the columns (BigQuery exports; tab or comma separated)
    is read too. CAMEO codes are mapped to ACLED's taxonomy (:mod:`geodata.io._gdelt`); rows of
    other roots (diplomacy, statements) are returned as ``skipped`` rejections. FIPS country
    codes are converted to ISO. See :data:`GDELT_FIELD_MAP` for every column.

    Parameters
    ----------
    path
        The file (unzipped).
    roots
        CAMEO root codes to keep (default: 14, 15, 17, 18, 19, 20).

    Returns
    -------
    ImportResult
        ``(events, rejected)``; rejected rows carry their line number and reason
        (``skipped=True`` for out-of-scope rows).

    Raises
    ------
    ImportFormatError
        Not a GDELT 2.0 event file (an ACLED export or a GDELT 1.0 file is named), or missing.
    """
    p = check_file(path)
    lines = first_lines(p, 5)
    if not lines:
        raise ImportFormatError(f"{p}: empty file, not a GDELT event file")
    delim, header = _gdelt_layout(p, lines)
    cols = header or list(GDELT_COLUMNS)
    keep = tuple(r.zfill(2) for r in roots)
    events: list[Event] = []
    rejected: list[RejectedRow] = []
    seen: dict[str, int] = {}
    for line, rec in _gdelt_records(p, delim, header):
        if isinstance(rec, str):
            rejected.append(RejectedRow(line, rec))
            continue
        if len(rec) != len(cols):
            rejected.append(RejectedRow(line, f"{len(rec)} fields, expected {len(cols)}"))
            continue
        d = dict(zip(cols, rec, strict=True))
        try:
            ev = _gdelt_event(d, keep)
        except RowError as exc:
            rejected.append(RejectedRow(line, str(exc)))
            continue
        if isinstance(ev, str):
            rejected.append(RejectedRow(line, ev, skipped=True))
            continue
        if ev.event_id in seen:
            rejected.append(RejectedRow(line, f"GlobalEventID {ev.event_id[6:]} repeats line {seen[ev.event_id]}"))
            continue
        seen[ev.event_id] = line
        events.append(ev)
    return ImportResult(events, rejected)
