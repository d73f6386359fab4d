"""One EventFilter, three paths: the store's SQL, a frame mask and the command line give the
same events on the same store (the bundled sample and a synthetic store)."""

from __future__ import annotations

import json
import shutil

import pytest

from geodata.cli import build_parser, main
from geodata.commands._filters import filter_kwargs, filters_text
from geodata.events.merge import sources_key
from geodata.exceptions import StoreError
from geodata.maps.layers import day_numbers
from geodata.settings import get as settings
from geodata.store import REVIEW_STATUSES, STORE_EVENT_COLUMNS, EventFilter, EventStore
from geodata.store.synthetic import synthetic_events

pytestmark = pytest.mark.xdist_group("event_filter")

#: Command-line filters; each is checked on both stores.
GRID: list[list[str]] = [
    [],
    ["--from", "2022-01-05"],
    ["--from", "2022-03-01", "--to", "2022-06-30"],
    ["--type", "Riots", "--type", "protests"],
    ["--types", "Battles,Riots", "--min-severity", "3"],
    ["--max-severity", "2", "--country", "KZ"],
    ["--min-severity", "2", "--max-severity", "3"],
    ["--country", "kazakhstan"],
    ["--country", "NIGERIA", "--country", "fr"],
    ["--country", "Atlantis"],
    ["--sub-type", "Peaceful protest"],
    ["--admin1", "almaty"],
    ["--admin1", "zhetisū", "--admin1", "ZHETISŪ"],  # NOCASE folds ASCII letters only
    ["--admin1", "Île-de-France", "--admin1", "île-de-france"],
    ["--actor", "Protesters (Kazakhstan)"],
    ["--text", "almaty"],
    ["--text", "LAGOS"],
    ["--text", "synthetic event: peaceful"],
    ["--bbox", "50,40,60,52"],
    ["--bbox", "170,-30,-170,10"],  # across the antimeridian
    ["--bbox=-10,-90,10,90"],
    ["--source", "Steppe Wire"],
    ["--source", "Synthetic Wire", "--source", "Caspian Daily Monitor"],
    ["--source", "Wire"],  # a whole name, not a part of one
    ["--status", "rejected"],
    ["--status", "flagged", "--status", "verified"],
    ["--include-rejected"],
    ["--include-rejected", "--type", "Riots", "--country", "NG", "--from", "2022-02-01"],
    ["--types", "Protests", "--text", "kano", "--bbox", "0,0,20,20", "--status", "unreviewed"],
]


def _edge_events() -> list[dict[str, object]]:
    """Events on both sides of the antimeridian and without coordinates."""
    base = {"report_id": "edge-r", "event_date": "2022-04-01", "time_precision": 1, "event_type": "Protests",
            "sub_event_type": "Peaceful protest", "actor1": "Protesters (Fiji)", "country": "Fiji",
            "country_code": "FJ", "geo_precision": 1, "severity": 1, "source": "Edge Wire; Synthetic Wire",
            "notes": "A march in the islands.", "status": "unreviewed"}  # fmt: skip
    return [
        {**base, "event_id": "edge-east", "location": "Suva", "latitude": -18.14, "longitude": 178.44},
        {**base, "event_id": "edge-west", "location": "West", "latitude": -16.5, "longitude": -179.9},
        {**base, "event_id": "edge-none", "location": "Nowhere", "latitude": None, "longitude": None},
    ]


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("flt") / "syn.gpkg"
    with EventStore(path) as s:
        s.bulk_insert([*synthetic_events(1500, seed=3), *_edge_events()])
        for i, status in ((1, "rejected"), (2, "flagged"), (3, "verified"), (4, "rejected")):
            s.correct(f"syn-3-{i:06d}", who="qa", status=status)
    return path


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("flt") / "sample.gpkg"
    shutil.copy(settings().sample_store_path, path)
    with EventStore(path) as s:
        first = s.events()["event_id"].iloc[0]
        s.reject(first, who="qa", note="test")
    return path


@pytest.fixture(params=["sample", "synthetic"])
def store_path(request, sample_store, synthetic_store):
    return sample_store if request.param == "sample" else synthetic_store


def _parse(args: list[str]):
    return build_parser("export-events").parse_args(["export-events", *args, "--out", "x.geojson"])


def _cli_ids(store_path, args, tmp_path, command="export-events") -> set[str]:
    out = tmp_path / "out.geojson"
    assert main([command, "--store", str(store_path), *args, "--out", str(out)]) == 0
    return {f["properties"]["event_id"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]}


def _with_helpers(frame):
    """The dashboard's helper columns (the fast path of the mask)."""
    frame = frame.copy()
    frame["_day"] = day_numbers(frame["event_date"])
    frame["_admin1_cf"] = frame["admin1"].map(lambda v: v.casefold() if isinstance(v, str) else None)
    frame["_sources"] = sources_key(frame["source"])
    return frame


@pytest.mark.parametrize("args", GRID, ids=[" ".join(a) or "none" for a in GRID])
def test_store_frame_and_cli_give_the_same_events(store_path, args, tmp_path):
    flt = EventFilter.from_args(_parse(args))
    with EventStore.open_readonly(store_path) as s:
        by_sql = set(s.events(where=flt)["event_id"])
        assert s.count(where=flt) == len(by_sql)
        assert set(s.events(**flt.store_kwargs())["event_id"]) == by_sql
        frame = s.events(include_rejected=True, columns=list(STORE_EVENT_COLUMNS))
        text_ids = set(s.events(text=flt.text, include_rejected=True)["event_id"]) if flt.text else None
    assert set(frame[flt.mask(frame)]["event_id"]) == by_sql
    fast = _with_helpers(frame)
    assert set(fast[flt.mask(fast, text_ids)]["event_id"]) == by_sql
    assert _cli_ids(store_path, args, tmp_path) == by_sql


def test_the_grid_selects_something_and_not_everything(synthetic_store):
    with EventStore.open_readonly(synthetic_store) as s:
        total = s.count(include_rejected=True)
        counts = [s.count(where=EventFilter.from_args(_parse(a))) for a in GRID]
    assert sum(0 < n < total for n in counts) >= len(GRID) - 6
    by_args = dict(zip((" ".join(a) for a in GRID), counts, strict=True))
    assert by_args["--bbox 170,-30,-170,10"] == 2  # both sides of the antimeridian, not the one without
    assert by_args["--status rejected"] == 2 and by_args["--source Wire"] == 0


def test_events_is_export_events_under_another_name(sample_store, tmp_path):
    for args in (["--type", "Riots"], ["--text", "almaty", "--max-severity", "2"], ["--status", "rejected"]):
        assert _cli_ids(sample_store, args, tmp_path, "events") == _cli_ids(sample_store, args, tmp_path)
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["events", "--store", str(sample_store), "--out", str(a)]) == 0
    assert main(["export-events", "--store", str(sample_store), "--out", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    options = {a.dest for a in build_parser("events")._subparsers._group_actions[0].choices["events"]._actions}
    same = {a.dest for a in build_parser("export-events")._subparsers._group_actions[0]
            .choices["export-events"]._actions}  # fmt: skip
    assert options == same


def test_filter_values_are_normalised_and_checked():
    f = EventFilter.from_kwargs(date_from="2022-01-04T10:00", event_types="Riots", text="  Almaty ", bbox=[1, 2, 3, 4])
    assert f.date_from.isoformat() == "2022-01-04" and f.event_types == ("Riots",)
    assert f.text == "Almaty" and f.bbox == (1.0, 2.0, 3.0, 4.0)
    assert hash(f) == hash(EventFilter.from_kwargs(date_from="2022-01-04", event_types=["Riots"], text="Almaty",
                                                   bbox=(1, 2, 3, 4)))  # fmt: skip
    with pytest.raises(ValueError, match="bbox"):
        EventFilter.from_kwargs(bbox=(1, 2, 3))
    with pytest.raises(ValueError, match="date"):
        EventFilter.from_kwargs(date_to="January")
    with pytest.raises(ValueError, match="report_id"):
        EventFilter(report_id="r1").mask(__import__("pandas").DataFrame({"event_id": ["a"]}))


def test_sql_has_bound_parameters_only():
    sneaky = "x' OR 1=1 --"
    sql, params = EventFilter.from_kwargs(countries=[sneaky], admin1=sneaky, text=sneaky, sources=[sneaky]).to_sql()
    assert sneaky not in sql and sql.count("?") == len(params)


def test_store_refuses_bad_filters_and_mixed_forms(sample_store):
    with EventStore.open_readonly(sample_store) as s:
        with pytest.raises(StoreError, match="bbox"):
            s.events(bbox=(1, 2, 3))
        with pytest.raises(StoreError, match="not both"):
            s.events(where=EventFilter(), countries="KZ")


def test_one_statuses_list_and_the_map_subtitle():
    from dashboard.filters import Filters

    assert REVIEW_STATUSES == ("unreviewed", "verified", "flagged", "rejected")
    assert Filters.from_query({"status": ["bogus", "flagged"]}).statuses == ("flagged",)
    kw = filter_kwargs(_parse(["--type", "Riots", "--min-severity", "3", "--country", "KZ", "--from", "2022-01-01"]))
    assert kw["date_from"] == "2022-01-01" and kw["bbox"] is None
    assert filters_text(kw) == "type: Riots · severity ≥ 3 · country: KZ"
