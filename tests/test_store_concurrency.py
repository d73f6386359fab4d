"""One GeoPackage store shared by several processes: WAL mode, writers that all finish with the
result of a sequential run, read-only opens after a killed writer (issue 15, points 6 and 8)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from geodata.store import EventStore

pytestmark = pytest.mark.xdist_group("store_concurrency")

CITIES = ["Almaty", "Lagos", "Nairobi", "Lima", "Dhaka", "Karachi", "Bogota", "Manila",
          "Colombo", "Accra", "Quito", "Kampala"]
# Own sentences (no corpus text): one protest or one clash per report.
TEMPLATES = [
    "Several hundred teachers protested outside the education ministry in {city} on Monday, "
    "demanding unpaid salaries.",
    "Police fired tear gas at students who marched through central {city} on Tuesday; "
    "{n} people were injured.",
    "Market traders went on strike in {city} on Wednesday over a new tax on stalls.",
]


def _reports(part: int, n: int) -> list[dict[str, str]]:
    out = []
    for i in range(n):
        k = part * n + i
        text = TEMPLATES[k % len(TEMPLATES)].format(city=CITIES[k % len(CITIES)], n=2 + k % 7)
        out.append({"id": f"p{part}-r{i}", "text": text, "published": f"2023-03-{1 + k % 27:02d}",
                    "source": f"Wire {k % 5}"})
    return out


def _write_inputs(tmp: Path, parts: int, n: int) -> list[Path]:
    files = []
    for p in range(parts):
        f = tmp / f"in{p}.jsonl"
        f.write_text("".join(json.dumps(r) + "\n" for r in _reports(p, n)), encoding="utf-8")
        files.append(f)
    return files


def _geocode(inp: Path, store: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "geodata.cli", "geocode", str(inp), "--store", str(store)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _content(store: Path) -> tuple[set[str], set[tuple[str, str]], set[frozenset[str]]]:
    """Reports, sources and how sources group into events: what does not depend on order."""
    with EventStore.open_readonly(store) as s:
        reports = set(s.reports()["report_id"])
        rows = s._conn.execute("SELECT event_id, report_id, src_event_id FROM event_sources").fetchall()
    groups: dict[str, set[str]] = {}
    for eid, _rid, src in rows:
        groups.setdefault(eid, set()).add(src)
    return reports, {(r, s) for _e, r, s in rows}, {frozenset(g) for g in groups.values()}


def test_a_new_store_is_in_wal_mode(tmp_path):
    with EventStore(tmp_path / "s.gpkg") as s:
        assert s._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.usefixtures("gazetteer")
def test_four_concurrent_geocode_runs_equal_a_sequential_run(tmp_path):
    files = _write_inputs(tmp_path, 4, 30)
    seq = tmp_path / "seq.gpkg"
    for f in files:
        p = _geocode(f, seq)
        _out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
    shared = tmp_path / "shared.gpkg"
    procs = [_geocode(f, shared) for f in files]
    for p in procs:
        _out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        assert "locked" not in err
    reports, sources, groups = _content(shared)
    assert len(reports) == 120
    assert (reports, sources, groups) == _content(seq)
    with EventStore.open_readonly(shared) as s:
        assert s._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


_KILLED_WRITER = textwrap.dedent("""
    import os, sys
    from geodata.store import EventStore
    from geodata.store.synthetic import synthetic_events
    s = EventStore(sys.argv[1])
    s._conn.execute("PRAGMA journal_mode = " + sys.argv[2])
    s._conn.execute("PRAGMA wal_autocheckpoint = 0")
    s.bulk_insert(synthetic_events(300, seed=1))
    s._conn.execute("PRAGMA cache_size = 1")  # spill the next transaction into the file
    c = s._conn
    c.execute("BEGIN IMMEDIATE")
    c.execute("CREATE TABLE junk (x)")
    c.executemany("INSERT INTO junk VALUES (?)", [("x" * 500,)] * 5000)
    c.execute("DELETE FROM events")
    os.kill(os.getpid(), 9)
""")


def _digest(store: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store.parent.glob(store.name + "*")) if not p.name.endswith("-shm")}


@pytest.mark.parametrize("mode", ["wal", "delete"])
def test_read_only_open_after_a_killed_writer(tmp_path, mode):
    store = tmp_path / "s.gpkg"
    r = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(store), mode],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == -signal.SIGKILL, r.stderr
    leftover = "-wal" if mode == "wal" else "-journal"
    assert Path(str(store) + leftover).stat().st_size > 0, "the writer left its journal"
    before = _digest(store)
    with EventStore.open_readonly(store) as s:
        assert s.count() == 300  # the committed events; the killed transaction is not seen
        assert len(s.events()) == 300
        assert "junk" not in {n for (n,) in s._conn.execute("SELECT name FROM sqlite_master")}
    assert _digest(store) == before, "a read-only open wrote nothing"
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob("unrest-atlas-ro-*/" + store.name))
