"""The offline gazetteer: places worldwide, their names and alternate names.

The index is a SQLite file built by ``tools/build_gazetteer.py`` and shipped in the package;
opening it costs milliseconds and little memory. An analyst's override CSV adds names or
replaces places without a rebuild; an override always wins over the built index.

>>> from geodata.places.gazetteer import Gazetteer
>>> gaz = Gazetteer()
>>> [p.name for p in gaz.search("Alma-Ata")][:1]       # doctest: +SKIP
['Almaty']
"""

from __future__ import annotations

import csv
import dataclasses
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geodata import settings
from geodata.exceptions import DataMissingError, GazetteerError
from geodata.places._text import norm, skeletons

__all__ = [
    "ACRONYM", "CANONICAL", "DEMONYM", "DERIVED", "GIVEN_NAME", "LOWER_WORD", "POSTAL", "SURNAME",
    "Gazetteer", "Place", "default_gazetteer",
]

CANONICAL, ACRONYM, DERIVED, DEMONYM, POSTAL = 1, 2, 4, 8, 16
LOWER_WORD, GIVEN_NAME, SURNAME = 1, 2, 4
_NO_WORD = (0.0, 0)

_KINDS = {"city", "region", "country", "landmark"}


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    ``flags`` says how the name that found it relates to it (only set on lookup results):
    :data:`CANONICAL` main name, :data:`ACRONYM` capitals only, :data:`DERIVED` made by the
    build, :data:`DEMONYM` an adjective of a country.
    """

    id: int
    name: str
    lat: float
    lon: float
    country_code: str | None
    admin1_code: str | None
    admin1: str | None
    kind: str
    feature_code: str
    population: int
    flags: int = 0


_COLS = "p.id, p.name, p.lat, p.lon, p.cc, p.admin1_code, p.admin1, p.kind, p.fcode, p.population"
# names_in: the names of a country's places starting in [lo, hi), in the order of the join
# (places by kind and id, as index places_cc gives them; each place's names by norm); with
# table names_cc (full builds) one range of a table clustered by country, sorted to that order
_NAMES_JOIN = ("SELECT n.norm, n.place_id FROM names n JOIN places p ON p.id = n.place_id "
               "WHERE n.norm >= ? AND n.norm < ? AND n.flags & 8 = 0 AND p.cc = ?")
_NAMES_CC = "SELECT norm, place_id FROM names_cc WHERE norm >= ? AND norm < ? AND cc = ?"
_NAMES_CC_ORDER = " ORDER BY kind, place_id, norm"


class Gazetteer:
    """Look up places by name, offline.

    Parameters
    ----------
    path
        The SQLite index (default: the one shipped in the package, ``settings.gazetteer_path``).
    overrides
        An analyst's CSV with columns ``name, lat, lon, country, kind`` and optional
        ``replaces`` (a GeoNames id the entry replaces) and ``admin1``. Default:
        ``settings.overrides_path``.

    Raises
    ------
    DataMissingError
        When the index file is absent.
    GazetteerError
        When the override file is malformed (the message names the line).
    """

    def __init__(self, path: str | Path | None = None, overrides: str | Path | None = None) -> None:
        cfg = settings.get()
        self.path = Path(path or cfg.gazetteer_path)
        if not self.path.exists():
            raise DataMissingError(
                f"gazetteer index {self.path} is missing: run python tools/build_gazetteer.py"
            )
        self._local = threading.local()
        con = self._con()
        self._words: dict[str, tuple[float, int]] = {
            k: (z, f) for k, z, f in con.execute("SELECT norm, zipf, flags FROM words")
        }
        self._country: dict[str, Place] = {}
        for row in con.execute(f"SELECT {_COLS} FROM places p WHERE p.kind = 'country'"):
            self._country[row[4]] = Place(*row)
        self._overrides: dict[str, list[Place]] = {}
        self._lookup_cache: dict[str, list[Place]] = {}  # key -> candidates ([] = none)
        self._replaced: dict[int, Place] = {}
        self._fuzzy_cache: dict[tuple[str, str | None, str | None], tuple[list[str], list[list[int]], list[str]]] = {}
        self._folded_cache: dict[str, dict[str, list[int]]] = {}
        self._by_country = con.execute(  # table names_cc (see names_in)
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'names_cc'"
        ).fetchone() is not None
        ov = overrides if overrides is not None else cfg.overrides_path
        if ov:
            self.load_overrides(ov)

    # -- plumbing ---------------------------------------------------------------------------
    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            uri = f"file:{self.path.as_posix()}?mode=ro&immutable=1"
            con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            con.execute("PRAGMA cache_size = -65536")
            self._local.con = con
        return con

    # -- overrides --------------------------------------------------------------------------
    def load_overrides(self, path: str | Path) -> int:
        """Add an analyst's names and replacements from a CSV; returns how many were read."""
        path = Path(path)
        try:
            fh = path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise GazetteerError(f"{path}: cannot read overrides: {exc.strerror}") from None
        with fh:
            reader = csv.DictReader(fh)
            need = {"name", "lat", "lon", "country", "kind"}
            if not reader.fieldnames or not need <= {f.strip().lower() for f in reader.fieldnames}:
                raise GazetteerError(f"{path}: override CSV needs columns {sorted(need)} (+ optional replaces)")
            n = 0
            for lineno, raw in enumerate(reader, 2):
                row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
                self.add_override(
                    row["name"], row["lat"], row["lon"], row["country"], row["kind"],
                    row.get("replaces") or None, row.get("admin1") or None, where=f"{path}:{lineno}",
                )
                n += 1
        return n

    def add_override(
        self, name: str, lat: float | str, lon: float | str, country: str, kind: str,
        replaces: int | str | None = None, admin1: str | None = None, where: str = "override",
    ) -> Place:
        """Add one name (or replace one place) in memory; it wins over the built index."""
        try:
            flat, flon = float(lat), float(lon)
        except (TypeError, ValueError):
            raise GazetteerError(f"{where}: lat/lon must be numbers") from None
        if not (-90 <= flat <= 90 and -180 <= flon <= 180):
            raise GazetteerError(f"{where}: lat/lon out of range")
        kind = kind.strip().lower()
        if kind not in _KINDS:
            raise GazetteerError(f"{where}: kind must be one of {sorted(_KINDS)}, not {kind!r}")
        key = norm(name)
        if not key:
            raise GazetteerError(f"{where}: empty name")
        cc = country.strip().upper() or None
        if replaces:
            try:
                rid = int(replaces)
            except ValueError:
                raise GazetteerError(f"{where}: replaces must be a GeoNames id") from None
            base = self.get(rid)
            pid = rid
            a1code = base.admin1_code if base else None
            admin1 = admin1 or (base.admin1 if base else None)
        else:
            pid = -(len(self._overrides) + len(self._replaced) + 1)
            a1code = None
        fcode = {"city": "PPL", "region": "ADM1", "country": "PCLI", "landmark": "LMK"}[kind]
        place = Place(pid, name.strip(), flat, flon, cc, a1code, admin1, kind, f"OVR.{fcode}", 0, CANONICAL)
        if replaces:
            self._replaced[pid] = place
        self._lookup_cache.clear()
        self._overrides.setdefault(key, []).insert(0, place)
        return place

    def clear_cache(self, fuzzy: bool = False) -> None:
        """Forget cached name lookups (and, with ``fuzzy``, the per-country name lists)."""
        self._lookup_cache.clear()
        if fuzzy:
            self._fuzzy_cache.clear()
            self._folded_cache.clear()

    def override_for(self, key: str) -> list[Place]:
        """Override entries for a normalised name (empty if none)."""
        return self._overrides.get(key, [])

    # -- lookups ----------------------------------------------------------------------------
    def lookup_many(self, keys: Iterable[str]) -> dict[str, list[Place]]:
        """Candidates for each normalised key that names something (one query for all keys)."""
        keys = list(dict.fromkeys(k for k in keys if k))
        out: dict[str, list[Place]] = {}
        if not keys:
            return out
        cache = self._lookup_cache
        todo = []
        for k in keys:
            hit = cache.get(k)
            if hit is None:
                todo.append(k)
            elif hit:
                out[k] = hit
        if todo:
            if len(cache) > 200_000:
                cache.clear()
            con = self._con()
            found: dict[str, list[Place]] = {}
            for i in range(0, len(todo), 900):
                chunk = todo[i : i + 900]
                q = (
                    f"SELECT n.norm, n.flags, {_COLS} FROM names n JOIN places p ON p.id = n.place_id "
                    f"WHERE n.norm IN ({','.join('?' * len(chunk))})"
                )
                for row in con.execute(q, chunk):
                    rep = self._replaced.get(row[2])
                    place = dataclasses.replace(rep, flags=row[1]) if rep else _place(row[2:], row[1])
                    found.setdefault(row[0], []).append(place)
            for k in todo:
                cache[k] = found.get(k, [])
                if k in found:
                    out[k] = found[k]
        for k in keys:
            if k in self._overrides:
                out[k] = self._overrides[k] + [p for p in out.get(k, []) if p.id not in self._replaced]
        return out

    def lookup(self, name: str) -> list[Place]:
        """Candidates for a name as written (normalised here), most populous first."""
        key = norm(name)
        return sorted(self.lookup_many([key]).get(key, []), key=lambda p: -p.population)

    search = lookup

    def get(self, place_id: int) -> Place | None:
        """The place with this id (GeoNames id, or a negative override id)."""
        if place_id in self._replaced:
            return self._replaced[place_id]
        for plist in self._overrides.values():
            for p in plist:
                if p.id == place_id:
                    return p
        row = self._con().execute(f"SELECT {_COLS} FROM places p WHERE p.id = ?", (place_id,)).fetchone()
        return Place(*row) if row else None

    def country(self, code: str) -> Place | None:
        """The country with this ISO alpha-2 code."""
        return self._country.get((code or "").upper())

    def capital(self, code: str) -> Place | None:
        """The capital (GeoNames ``PPLC``) of the country with this ISO alpha-2 code."""
        row = self._con().execute(
            f"SELECT {_COLS} FROM places p WHERE p.cc = ? AND p.fcode = 'PPLC' "
            "ORDER BY p.population DESC LIMIT 1", ((code or "").upper(),)
        ).fetchone()
        return Place(*row) if row else None

    def admin1(self, code: str) -> Place | None:
        """The admin-1 region with this GeoNames code (``KZ.09``)."""
        row = self._con().execute(
            f"SELECT {_COLS} FROM places p WHERE p.admin1_code = ? AND p.fcode = 'ADM1' LIMIT 1", (code,)
        ).fetchone()
        return Place(*row) if row else None

    def word(self, key: str) -> tuple[float, int]:
        """(Zipf frequency in English, flags) of one normalised word.

        Flags: :data:`LOWER_WORD` a dictionary word in lower case ("police"), :data:`GIVEN_NAME`,
        :data:`SURNAME`. ``(0.0, 0)`` for a word the build did not record.
        """
        return self._words.get(key, _NO_WORD)

    def names_in(
        self, country: str, kind: str | None = None, initials: str | None = None
    ) -> tuple[list[str], list[list[int]], list[str]]:
        """Normalised names of a country's places (for fuzzy matching): names, ids, skeletons.

        ``initials`` keeps only names that start with one of these letters (a range scan of
        the name index, much cheaper than the whole country). An index with table ``names_cc``
        (the full build's) is read one range per letter; the result is the same.
        """
        ck = (country, kind, initials)
        if ck not in self._fuzzy_cache:
            by: dict[str, list[int]] = {}
            con = self._con()
            q = _NAMES_CC if self._by_country else _NAMES_JOIN
            if kind:
                q += " AND kind = ?" if self._by_country else " AND p.kind = ?"
            if self._by_country:
                q += _NAMES_CC_ORDER
            for lo, hi in _letter_ranges(initials):
                args = [lo, hi, country, kind] if kind else [lo, hi, country]
                for k, pid in con.execute(q, args):
                    by.setdefault(k, []).append(pid)
            self._fuzzy_cache[ck] = (list(by), list(by.values()), skeletons(list(by)))
        return self._fuzzy_cache[ck]

    def folded(self, initials: str) -> dict[str, list[int]]:
        """Every place's names starting with one of ``initials``, by folded spelling
        (:func:`~geodata.places._variants.fold`): for a name the text calls a place when the
        document names no country to look in ("Paktya province": Paktia)."""
        cache = self._folded_cache
        if initials not in cache:
            from geodata.places._variants import fold_many

            keys: list[str] = []
            ids: list[int] = []
            con = self._con()
            for lo, hi in _letter_ranges(initials):
                for k, pid in con.execute("SELECT norm, place_id FROM names WHERE norm >= ? AND norm < ? "
                                          "AND flags & 8 = 0", (lo, hi)):
                    keys.append(k)
                    ids.append(pid)
            by: dict[str, list[int]] = {}
            for f, pid in zip(fold_many(keys), ids, strict=True):
                by.setdefault(f, []).append(pid)
            cache[initials] = by
        return cache[initials]

    def places(self, ids: Iterable[int]) -> list[Place]:
        """Places by id."""
        ids = list(ids)
        out = []
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            out += [Place(*r) for r in self._con().execute(
                f"SELECT {_COLS} FROM places p WHERE p.id IN ({','.join('?' * len(chunk))})", chunk)]
        return out

    def stats(self) -> dict[str, str]:
        """The build's metadata (sources, counts, date)."""
        return dict(self._con().execute("SELECT key, value FROM meta"))


def _place(row: tuple[Any, ...], flags: int) -> Place:
    """A place from the columns of ``_COLS`` and the flags of the name that found it."""
    pid, name, lat, lon, cc, a1code, a1, kind, fcode, pop = row[:10]
    return Place(pid, name, lat, lon, cc, a1code, a1, kind, fcode, pop, flags)


def _letter_ranges(initials: str | None) -> list[tuple[str, str]]:
    """Key ranges [lo, hi) of the names starting with each letter (everything when None)."""
    if not initials:
        return [("", "\U0010ffff")]
    return [(c, chr(ord(c) + 1)) for c in sorted(set(initials))]


_default: Gazetteer | None = None
_default_lock = threading.Lock()


def default_gazetteer() -> Gazetteer:
    """The shared gazetteer built from the current settings (opened once per process)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Gazetteer()
        return _default


def reset_default() -> None:
    """Forget the shared gazetteer (after :func:`geodata.settings.configure`)."""
    global _default
    with _default_lock:
        _default = None
