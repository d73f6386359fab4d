"""Helpers of tests/test_store_postgis.py: a concurrent workload and what child processes run.

The workload is built from own, synthetic reports (no corpus text): events at real cities of
:data:`geodata.store.synthetic.COUNTRIES`, most reported by two or three reports that are
ingested by different processes at the same moment.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any

from _factories import make_event, make_report

from geodata.model import Event, Report
from geodata.store.synthetic import COUNTRIES

WORKERS = 4


@dataclass
class Op:
    """One step of a worker: ingest a report, or correct an event (``event_id``, changes)."""

    report: Report | None = None
    events: list[Event] = field(default_factory=list)
    correct: tuple[str, dict[str, Any]] | None = None


def _place(cc: str, i: int) -> dict[str, Any]:
    name, _, _, _, cities = COUNTRIES[cc]
    city, gid, lat, lon, admin1 = cities[i % len(cities)]
    return {"location": city, "admin1": admin1, "latitude": lat, "longitude": lon, "geonameid": gid,
            "country": name, "country_code": cc}  # fmt: skip


def base_reports() -> list[tuple[Report, list[Event]]]:
    """Reports stored before the concurrent phase (their events get corrected during it)."""
    out = []
    for k in range(WORKERS):
        rid = f"base{k}"
        place = _place("KE", k)
        ev = make_event(rid, place=place, event_date=f"2022-03-{10 + k:02d}", fatalities=k)
        out.append((make_report(rid, text=f"Base report {k}: a march in {place['location']}."), [ev]))
    return out


def workload(n_events: int = 36) -> list[list[Op]]:
    """Per worker, its operations. Event ``i`` is told by 2 (every third: 3) reports, each with
    one more event of its own; the reports of one event go to different workers at the same
    position, so they arrive together. Workers also correct base events and re-ingest a base
    report with changed text (its events unchanged): corrections must survive."""
    countries = [cc for cc in ("KZ", "NG") if cc in COUNTRIES]
    per_worker: list[list[Op]] = [[] for _ in range(WORKERS)]
    types = [("Protests", "Peaceful protest"), ("Riots", "Violent demonstration")]
    for i in range(n_events):
        cc = countries[i % len(countries)]
        etype, sub = types[(i // 2) % 2]
        place = _place(cc, i // 4)
        day = f"2022-01-{1 + i % 28:02d}"
        tellers = 3 if i % 3 == 0 else 2
        for j in range(tellers):
            rid = f"c{i:03d}r{j}"
            shared = make_event(rid, place=place, event_date=day, event_type=etype, sub_event_type=sub,
                                fatalities=i + j, source=f"Wire {j}")  # fmt: skip
            own = make_event(rid, n=2, place=_place(cc, i // 4 + 1), event_date=day, event_type="Protests",
                             sub_event_type="Peaceful protest", fatalities=j, notes=f"own of {rid}")  # fmt: skip
            text = f"Report {rid}: crowds in {place['location']} on {day}."
            per_worker[(i + j) % WORKERS].append(Op(report=make_report(rid, text=text), events=[shared, own]))
    for k, (report, events) in enumerate(base_reports()):
        per_worker[k].insert(len(per_worker[k]) // 2, Op(correct=(f"base{k}-ev1", {"status": "verified"})))
        per_worker[k].append(Op(correct=(f"base{(k + 1) % WORKERS}-ev1", {"fatalities": 10 + k})))
        changed = make_report(report.id, text=report.text + " Updated.")
        per_worker[(k + 2) % WORKERS].insert(3, Op(report=changed, events=events))
    return per_worker


def run_ops(store: Any, ops: list[Op], who: str) -> None:
    for op in ops:
        if op.report is not None:
            store.add_report(op.report, [], op.events)
        elif op.correct is not None:
            event_id, changes = op.correct
            store.correct(event_id, who=who, note="checked", **changes)


def worker(url: str, ops: list[Op], who: str, barrier: Any) -> None:
    """A child process: open the store, wait for the others, run ``ops``."""
    from geodata.store.postgis import PostgisStore

    try:
        with PostgisStore(url) as store:
            barrier.wait(timeout=60)
            run_ops(store, ops, who)
    except BaseException as exc:  # make the parent see why
        print(f"worker {who} failed: {exc!r}", file=sys.stderr, flush=True)
        os._exit(3)
    os._exit(0)


def canonical(store: Any) -> dict[str, Any]:
    """What must be equal whatever order the reports arrived in: each event keyed by its set of
    sources, with the fields that do not depend on arrival order; the audit rows."""
    df = store.events(include_rejected=True)
    events: dict[frozenset[tuple[str, str]], tuple[Any, ...]] = {}
    for eid in df["event_id"]:
        ev = store.event(eid)
        key = frozenset((s["report_id"], s["src_event_id"]) for s in ev["sources"])
        events[key] = (
            ev["event_type"], ev["sub_event_type"], ev["event_date"], ev["location"], ev["country_code"],
            ev["fatalities"], ev["fatalities_low"], ev["fatalities_high"], ev["sources_count"],
            ev["reports_count"], ev["status"], frozenset(ev["source"].split("; ")),
        )  # fmt: skip
    audit = store.audit()
    rows = sorted(
        (str(r.event_id), r.field, repr(r.before), repr(r.after), r.who, r.note) for r in audit.itertuples()
    )
    return {"events": events, "audit": rows, "reports": sorted(store.reports()["report_id"])}
