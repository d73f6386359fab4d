"""The optional online geocoder, against a stub Nominatim server on 127.0.0.1 (no internet)."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from geodata.exceptions import GeocoderServiceError
from geodata.model import Report
from geodata.pipeline import process_report
from geodata.places.online import OnlineGeocoder

PLACES = {"zhetybai": {"lat": "43.59", "lon": "52.09", "display_name": "Zhetybai, Mangystau Region, Kazakhstan",
                       "class": "place", "type": "village", "address": {"country_code": "kz"}}}


class _Stub(BaseHTTPRequestHandler):
    mode = "ok"
    calls: list[tuple[float, dict, str]] = []  # noqa: RUF012

    def do_GET(self):
        url = urlsplit(self.path)
        q = parse_qs(url.query)
        type(self).calls.append((time.monotonic(), q, self.headers.get("User-Agent", "")))
        if type(self).mode == "error":
            self.send_response(503)
            self.end_headers()
            return
        if type(self).mode == "slow":
            time.sleep(1.5)
        if type(self).mode == "429":
            self.send_response(429)
            self.send_header("Retry-After", "3600")
            self.end_headers()
            return
        if type(self).mode == "trickle":  # a byte at a time: no socket timeout ever fires
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            for ch in b"[]" * 40:
                self.wfile.write(bytes([ch]))
                self.wfile.flush()
                time.sleep(0.2)
            return
        if type(self).mode == "bad":
            name = (parse_qs(url.query).get("q") or [""])[0]
            bad = {"nolat": {"lon": "1", "display_name": "X"}, "abc": {"lat": "abc", "lon": "1", "display_name": "X"},
                   "far": {"lat": "1000", "lon": "1", "display_name": "X"},
                   "nan": {"lat": "nan", "lon": "1", "display_name": "X"},
                   "noname": {"lat": "1", "lon": "1", "display_name": None}}[name]
            body = json.dumps([bad]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)
            return
        name = (q.get("q") or [""])[0].lower()
        body = json.dumps([PLACES[name]] if name in PLACES else []).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    _Stub.mode = "ok"
    _Stub.calls = []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", _Stub
    srv.shutdown()


def test_geocode_through_stub_with_rate_limit_and_user_agent(stub, tmp_path):
    url, handler = stub
    g = OnlineGeocoder("nominatim", url=url, cache_dir=tmp_path, min_delay=0.3, user_agent="atlas-test/1")
    t0 = time.monotonic()
    a = g.geocode("Zhetybai", "KZ")
    b = g.geocode("Nowhereville", "KZ")
    elapsed = time.monotonic() - t0
    assert a is not None and a.country_code == "KZ" and abs(a.lat - 43.59) < 1e-6
    assert b is None
    assert elapsed >= 0.3, "the second request waits for the rate limiter"
    (_, q1, ua1), _ = handler.calls
    assert ua1 == "atlas-test/1" and q1["countrycodes"] == ["kz"]


def test_answers_are_cached_on_disk(stub, tmp_path):
    url, handler = stub
    OnlineGeocoder("nominatim", url=url, cache_dir=tmp_path, min_delay=0).geocode("Zhetybai")
    again = OnlineGeocoder("nominatim", url=url, cache_dir=tmp_path, min_delay=0)
    assert again.geocode("Zhetybai").name.startswith("Zhetybai")
    assert again.geocode("Zhetybai") is not None
    assert len(handler.calls) == 1, "a name is asked once"


@pytest.mark.parametrize("mode", ["error", "slow"])
def test_failures_raise_and_are_not_cached(stub, tmp_path, mode):
    url, handler = stub
    handler.mode = mode
    g = OnlineGeocoder("nominatim", url=url, cache_dir=tmp_path, min_delay=0, timeout=0.5)
    with pytest.raises(GeocoderServiceError):
        g.geocode("Zhetybai")
    handler.mode = "ok"
    assert g.geocode("Zhetybai") is not None


def test_pipeline_asks_online_only_for_unplaced_names_and_loses_nothing(stub, tmp_path, gazetteer):
    url, handler = stub
    text = ("Oil workers walked out in Aktau and in the village of Zhetybai, while the town of "
            "Qwrtzbl stayed calm.")
    rep = Report("r1", text)
    g = OnlineGeocoder("nominatim", url=url, cache_dir=tmp_path, min_delay=0)
    res = process_report(rep, gazetteer=gazetteer, online=g)
    names = {m.mention: m for m in res.mentions}
    assert "Aktau" in names and names["Aktau"].method == "exact"
    asked = {c[1]["q"][0] for c in handler.calls}
    assert "Aktau" not in asked, "names the gazetteer places are never sent"
    assert "Qwrtzbl" in asked
    handler.mode = "error"
    offline = process_report(rep, gazetteer=gazetteer)
    failing = process_report(rep, gazetteer=gazetteer,
                             online=OnlineGeocoder("nominatim", url=url, cache_dir=tmp_path / "x", min_delay=0))
    assert failing.online_failures >= 1
    assert [(m.mention, m.lat) for m in failing.mentions] == [(m.mention, m.lat) for m in offline.mentions]


def test_cli_online_flag_uses_the_service_and_keeps_offline_results(stub, tmp_path, capsys, gazetteer):
    from geodata import settings
    from geodata.cli import main

    url, handler = stub
    old = settings.get()
    settings.configure(cache_dir=tmp_path / "cache", online_min_delay=0.0)
    try:
        rep = tmp_path / "r.txt"
        rep.write_text("Oil workers struck in Aktau and in the town of Qwrtzbl.", encoding="utf-8")
        out = tmp_path / "m.geojson"
        code = main(["geocode", str(rep), "--mentions", str(out), "--online", "nominatim",
                     "--online-url", url, "--user-agent", "atlas-cli-test/1"])
        err = capsys.readouterr().err
        assert code == 0, err
        assert [c[2] for c in handler.calls] == ["atlas-cli-test/1"]
        assert {c[1]["q"][0] for c in handler.calls} == {"Qwrtzbl"}
        handler.mode = "error"
        (tmp_path / "cache").rename(tmp_path / "cache-old")
        code = main(["geocode", str(rep), "--mentions", str(out), "--online", "nominatim", "--online-url", url])
        err = capsys.readouterr().err
        assert code == 0 and "online failures" in err
        import json

        names = [f["properties"]["name"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]]
        assert names == ["Aktau"]
    finally:
        settings.configure(**{f: getattr(old, f) for f in ("cache_dir", "online_min_delay")})


def test_a_429_with_a_long_retry_after_gives_up_at_once_and_pauses(stub, tmp_path):
    url, handler = stub
    handler.mode = "429"
    g = OnlineGeocoder("nominatim", url=url, cache_dir=tmp_path, min_delay=0, deadline=2)
    t0 = time.monotonic()
    with pytest.raises(GeocoderServiceError, match="429"):
        g.geocode("Zhetybai")
    with pytest.raises(GeocoderServiceError, match="rate limited"):
        g.geocode("Other")  # paused: not asked
    assert time.monotonic() - t0 < 2 and len(handler.calls) == 1


def test_a_trickling_server_is_cut_off_at_the_deadline(stub, tmp_path):
    url, handler = stub
    handler.mode = "trickle"
    g = OnlineGeocoder("nominatim", url=url, cache_dir=tmp_path, min_delay=0, timeout=5, deadline=1)
    t0 = time.monotonic()
    with pytest.raises(GeocoderServiceError, match="no answer within"):
        g.geocode("Zhetybai")
    assert time.monotonic() - t0 < 3


def test_the_run_budget_stops_asking(stub, tmp_path):
    url, handler = stub
    handler.mode = "slow"
    g = OnlineGeocoder("nominatim", url=url, cache_dir=tmp_path, min_delay=0, deadline=5, budget=1)
    with pytest.raises(GeocoderServiceError):
        g.geocode("Zhetybai")
    with pytest.raises(GeocoderServiceError, match="budget"):
        g.geocode("Other")
    assert len(handler.calls) == 1


@pytest.mark.parametrize("name", ["nolat", "abc", "far", "nan", "noname"])
def test_malformed_answers_count_as_no_answer(stub, tmp_path, name):
    url, handler = stub
    handler.mode = "bad"
    g = OnlineGeocoder("nominatim", url=url, cache_dir=tmp_path, min_delay=0)
    with contextlib.suppress(GeocoderServiceError):  # geopy refusing it is fine too
        assert g.geocode(name) is None  # never a place at (0, 0) or NaN
