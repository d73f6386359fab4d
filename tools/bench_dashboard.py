"""Benchmark the dashboard on a big store, beside a naive baseline (one folium marker per event).

    python tools/bench_dashboard.py [--events 200000] [--store .bench/dashboard-200k.gpkg]
                                      [--baseline-limit 20000] [--no-browser]
    python tools/bench_dashboard.py --store postgresql://USER@HOST/DB --no-browser   # PostGIS

With a ``postgresql://`` URL the store is PostGIS (an empty database, or one this tool filled
with the same number of events before): the same timings, plus the change-counter query the
dashboard makes on every page run (its cache key), and the review timings run on that store
itself (a few events verified and re-dated).

1. Builds (once) a store of synthetic events over several countries and a year
   (:func:`geodata.store.synthetic.synthetic_events` + :meth:`EventStore.bulk_insert`).
2. Server side, for several filter changes: the dashboard's data function
   (:func:`dashboard.data.select_events` on the prepared frame, the text index for a text
   search, the timeline / region / country-level aggregates), the map
   (:func:`dashboard.data.make_map`, i.e. :func:`geodata.maps.layers.build_map`) and its render
   into the streamlit-folium component's arguments (:func:`dashboard.foliumkit.component_args`,
   what the dashboard sends), beside the baseline: one ``folium.CircleMarker`` with a popup per
   filtered event, rendered the same way. Baselines bigger than ``--baseline-limit`` events
   are timed on that many events and scaled linearly (marked ``~``).
3. A review click: the prepared frame patched with the changed event (Verify; a date
   correction, which re-sorts), beside reading the whole store again.
4. In headless Chromium, offline (the browser resolves no host name; requests that are not
   local are counted, and a fetch of an outside address is tried and must fail): time from
   navigation to the map's events drawn on the dashboard (``streamlit run`` with the flags of
   ``unrest-atlas dashboard``, on 127.0.0.1, with its warm-up run beside it): the first page
   after a start with no frame cache once the warm-up says ready, warm page loads (median of
   3), a first and a warm month, and after a restart (frame cache on disk) the first page
   opened at once and opened when ready; beside the baseline map saved as one
   self-contained HTML file.

Not part of the test suite. Prints tables; exit code 0.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "file:", "data:", "blob:", "about:")


def _quiet_streamlit() -> None:
    import logging

    for name in ("streamlit", "streamlit.runtime.caching.cache_data_api",
                 "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _is_url(store: str | Path) -> bool:
    from geodata.store.postgis import is_postgres_url

    return is_postgres_url(str(store)) and not isinstance(store, Path)


def _open_readonly(store: str | Path):
    from geodata.store.backends import open_store

    return open_store(store, readonly=True)


def build_pg_store(url: str, n: int) -> float:
    """Fill an empty PostGIS store with the synthetic events (reused when it holds ``n``)."""
    from geodata.store.postgis import PostgisStore
    from geodata.store.synthetic import synthetic_events

    with PostgisStore(url) as s:
        have = s.count(include_rejected=True)
        if have == n:
            return 0.0
        if have:
            raise SystemExit(f"bench_dashboard: {s.path} holds {have:,} events, not {n:,}: "
                             "give an empty database")
        t = time.perf_counter()
        s.bulk_insert(synthetic_events(n, seed=42))
        return time.perf_counter() - t


def build_store(path: Path | str, n: int) -> float:
    """Make the synthetic store when missing; returns the seconds it took (0 when reused)."""
    from geodata.store.eventstore import EventStore
    from geodata.store.synthetic import synthetic_events

    if _is_url(path):
        return build_pg_store(str(path), n)
    assert isinstance(path, Path)
    if path.is_file():
        with EventStore.open_readonly(path) as s:
            if s.count(include_rejected=True) == n:
                return 0.0
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    tmp = path.with_name(path.name + ".part")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    with EventStore(tmp) as s:
        s.bulk_insert(synthetic_events(n, seed=42))
    os.replace(tmp, path)
    return time.perf_counter() - t


def render_like_st_folium(m) -> int:
    """Render a map into the streamlit-folium component's arguments, as the dashboard does
    (:func:`dashboard.foliumkit.component_args`: the steps of ``st_folium`` less its discarded
    whole-page render); returns the payload bytes (script + header + html)."""
    from dashboard.foliumkit import component_args

    args = component_args(m)
    if args is None:
        raise SystemExit("bench_dashboard: streamlit-folium internals changed")
    return sum(len(args[k].encode()) for k in ("script", "header", "html"))


def baseline_map(df, *, mode: str = "static"):
    """The naive map: one circle marker with an (escaped) popup per event."""
    import folium

    from geodata.maps.assets import localize

    m = folium.Map(location=[20, 40], zoom_start=3, tiles=None)
    for row in df.itertuples(index=False):
        if row.latitude != row.latitude or row.longitude != row.longitude:  # NaN
            continue
        popup = (f"<b>{html.escape(str(row.event_type))}</b> {html.escape(str(row.event_date))}"
                 f"<br>{html.escape(str(row.notes))}")
        folium.CircleMarker([row.latitude, row.longitude], radius=5, popup=folium.Popup(popup),
                            color="#1f78b4", fill=True).add_to(m)
    localize(m, mode=mode)
    return m


def scenarios():
    from dashboard.filters import Filters

    return [
        ("all events (a year, 8 countries)", Filters()),
        ("one country (KZ)", Filters(countries=("KZ",))),
        ("one month (2022-03)", Filters(date_from=date(2022, 3, 1), date_to=date(2022, 3, 31))),
        ("Riots, severity >= 3", Filters(types=("Riots",), min_severity=3)),
        ("text search 'kano'", Filters(text="kano")),
        ("playback: 7-day window", Filters(date_from=date(2022, 1, 1), date_to=date(2022, 12, 31),
                                           play="window", day=date(2022, 6, 30), window=7)),
    ]


def server_side(store_path: Path | str, repeat: int, baseline_limit: int) -> list[dict]:
    from dashboard import data
    from dashboard.filters import ViewOptions
    from geodata.maps.layers import load_boundaries

    bounds = load_boundaries()
    s = _open_readonly(store_path)
    if _is_url(store_path):  # the dashboard asks for the change counter on every page run
        times = []
        for _ in range(20):
            t = time.perf_counter()
            s.change_counter()
            times.append(time.perf_counter() - t)
        print(f"\nchange counter (the cache key, read on every page run): "
              f"{statistics.median(times) * 1000:.1f} ms (median of 20)")
    t = time.perf_counter()
    frame = data.load_frame(s, bounds)
    t_load = time.perf_counter() - t
    mem = frame.memory_usage(deep=True).sum() / 1e6
    print(f"\nstore load (once per store version, cached): {t_load:.2f} s for {len(frame):,} "
          f"events, {mem:.0f} MB in memory (region codes included)")
    view = ViewOptions()
    data.make_map(frame.head(50), view, bounds=bounds)  # warm imports
    rows = []
    for label, f in scenarios():
        times = {"data": [], "map": [], "render": []}
        payload = n = 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            ids = None
            if f.text:
                ids = frozenset(s.events(text=f.text, include_rejected=True,
                                         columns=["event_id"])["event_id"])
            df = data.select_events(frame, f, ids)
            data.timeline_frame(df)
            data.region_frame(df)
            data.not_pinned(df, data.MAP_COLUMNS)
            t1 = time.perf_counter()
            m = data.make_map(df, view, bounds=bounds)
            t2 = time.perf_counter()
            payload = render_like_st_folium(m)  # the app renders the map it built, once
            t3 = time.perf_counter()
            times["data"].append(t1 - t0)
            times["map"].append(t2 - t1)
            times["render"].append(t3 - t2)
            n = len(df)
        med = {k: statistics.median(v) for k, v in times.items()}
        total = sum(med.values())
        # baseline
        sub = df if len(df) <= baseline_limit else df.head(baseline_limit)
        t0 = time.perf_counter()
        bm = baseline_map(sub)
        t1 = time.perf_counter()
        b_payload = render_like_st_folium(bm)
        t2 = time.perf_counter()
        scale = len(df) / max(1, len(sub))
        b_total = (t2 - t0) * scale
        rows.append({"label": label, "n": n, **med, "total": total, "payload": payload,
                     "summary": m.unrest_summary, "b_total": b_total,
                     "b_payload": b_payload * scale, "b_est": scale > 1.0})
    s.close()
    return rows


def print_server_table(rows: list[dict]) -> None:
    print("\nFilter change, server side (median of runs; seconds)")
    head = (f"{'filter':34} {'events':>8} {'data':>6} {'map':>6} {'render':>6} {'total':>6} "
            f"{'payload':>8} {'baseline':>9} {'b.payload':>10} {'ratio':>7}  drawn as")
    print(head)
    print("-" * len(head))
    for r in rows:
        s = r["summary"]
        how = (f"{s.cells:,} cells of {s.grid_degrees:g}°" if s.aggregated
               else f"{s.points:,} points")
        if s.regions:
            how += f", {s.regions} region areas"
        est = "~" if r["b_est"] else " "
        print(f"{r['label']:34} {r['n']:>8,} {r['data']:>6.3f} {r['map']:>6.3f} "
              f"{r['render']:>6.3f} {r['total']:>6.3f} {r['payload'] / 1e6:>6.2f}MB "
              f"{est}{r['b_total']:>7.2f}s {est}{r['b_payload'] / 1e6:>7.1f}MB "
              f"{r['b_total'] / max(r['total'], 1e-9):>6.0f}x  {how}")
    print("(data: filter + aggregates; map: build_map; render: into the component's arguments, as the dashboard sends them; "
          "baseline: one folium.CircleMarker per event, same render; ~ = scaled from "
          "--baseline-limit events)")


def review_timings(store_path: Path | str, repeat: int) -> None:
    """A review click on the big store: the dashboard's frame after Verify (and after a date
    correction) is patched (:func:`dashboard.data.patch_frame`), beside the baseline of
    reading the store again (:func:`dashboard.data.load_frame`), in the same process. A
    GeoPackage is copied first; a PostGIS store is changed (``repeat`` events)."""
    import shutil

    from dashboard import data
    from geodata import settings

    tmp = Path(tempfile.mkdtemp(prefix="ua-bench-review-"))
    if _is_url(store_path):
        copy_path: Path | str = str(store_path)
    else:
        copy_path = tmp / "store.gpkg"
        shutil.copyfile(store_path, copy_path)  # the bench store is not changed
    before = settings.get().cache_dir
    settings.configure(cache_dir=tmp / "cache")
    try:
        p = str(copy_path)
        choice = data.StoreChoice(copy_path, True, False, "bench")
        bounds = data.boundaries.__wrapped__()
        frame = data.frame.__wrapped__(p, data.store_version(p), True)
        times: dict[str, list[float]] = {"verify": [], "date": [], "reload": []}
        for i in range(repeat):
            eid = str(frame["event_id"].iloc[1000 + i])
            data.set_status(choice, eid, "verified", who="bench", note="checked")
            t = time.perf_counter()
            frame = data.frame.__wrapped__(p, data.store_version(p), True)
            times["verify"].append(time.perf_counter() - t)
            data.update_event(choice, eid, who="bench", note="a day later", event_date="2022-02-02")
            t = time.perf_counter()
            frame = data.frame.__wrapped__(p, data.store_version(p), True)
            times["date"].append(time.perf_counter() - t)
            t = time.perf_counter()
            data.load_frame(data.store(p, True), bounds)
            times["reload"].append(time.perf_counter() - t)
        if _is_url(copy_path):  # another analyst (another connection) reviews: patched too
            from geodata.store.postgis import PostgisStore

            times["other"] = []
            with PostgisStore(p) as other:
                for i in range(repeat):
                    other.verify(str(frame["event_id"].iloc[2000 + i]), who="bench-other")
                    t = time.perf_counter()
                    frame = data.frame.__wrapped__(p, data.store_version(p), True)
                    times["other"].append(time.perf_counter() - t)
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"\nAfter a review click ({len(frame):,} events; median of {repeat}; seconds)")
        print(f"  Verify one event: frame patched {med['verify']:.3f}   baseline, store read "
              f"again {med['reload']:.3f} ({med['reload'] / max(med['verify'], 1e-9):.0f}x)")
        print(f"  Correct its date:  frame patched and re-sorted {med['date']:.3f} "
              f"({med['reload'] / max(med['date'], 1e-9):.1f}x)")
        if "other" in med:
            print(f"  Another analyst's review (another connection, seen through the change "
                  f"counter): frame patched {med['other']:.3f} "
                  f"({med['reload'] / max(med['other'], 1e-9):.0f}x)")
    finally:
        settings.configure(cache_dir=before)
        shutil.rmtree(tmp, ignore_errors=True)


# ----------------------------------------------------------------------------- browser
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(store_path: Path | str, home: Path, cache: Path | None = None,
                  port: int | None = None) -> tuple[subprocess.Popen, str]:
    """``streamlit run`` with the flags of ``unrest-atlas dashboard`` (no file watcher)."""
    from dashboard import APP_PATH, data
    from geodata.commands._warm import wait_until_up
    from geodata.commands.dashboard import build_command

    port = port or _free_port()
    env = {**os.environ, data.ENV_STORE: str(store_path), data.ENV_DATA_HOME: str(home),
           "PYTHONPATH": str(ROOT)}
    if cache is not None:
        env["UNREST_ATLAS_CACHE"] = str(cache)
    proc = subprocess.Popen(
        [*build_command(APP_PATH, port), "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    if wait_until_up(base, timeout=60, alive=lambda: proc.poll() is None):
        return proc, base
    _stop(proc)
    raise SystemExit("bench_dashboard: streamlit did not start")


def _stop(proc: subprocess.Popen) -> None:
    from geodata.commands._warm import stop_group

    stop_group(proc)


_DRAWN_DASH = """() => {
  const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const w = f && f.contentWindow;
  if (!w || !w.map || !w.map._loaded) { return false; }
  const d = w.document;
  return !!(d.querySelector('.ua-legend')
            && d.querySelectorAll('.leaflet-overlay-pane path, .ua-cluster').length > 0);
}"""


def _dash_visible(page, url: str, timeout: float = 90) -> float:
    """Seconds from navigation to the map's events drawn (checked in the page every 20 ms)."""
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit")
    try:
        page.wait_for_function(_DRAWN_DASH, polling=20, timeout=timeout * 1000)
    except Exception:
        return float("nan")
    return time.perf_counter() - t0


def _file_visible(page, url: str, n: int, timeout: float = 180) -> float:
    t0 = time.perf_counter()
    page.goto(url, timeout=timeout * 1000)
    page.wait_for_function(
        f"() => document.querySelectorAll('.leaflet-overlay-pane path').length >= {n}",
        timeout=timeout * 1000, polling=50)
    return time.perf_counter() - t0


def browser(store_path: Path | str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    from dashboard import data
    from geodata.commands._warm import warm
    from geodata.maps.layers import save_html

    if not Path(CHROMIUM).exists():
        print(f"\n(no Chromium at {CHROMIUM}: browser timings skipped)")
        return
    from geodata.maps.layers import build_map

    with _open_readonly(store_path) as s:
        month = s.events(date_from="2022-03-01", date_to="2022-03-31")
    base_html = out / "baseline-month.html"
    save_html(baseline_map(month, mode="inline"), base_html)
    ours_html = out / "ours-month.html"
    cols = [c for c in data.MAP_COLUMNS if c in month.columns]
    save_html(build_map(month[cols], mode="inline"), ours_html)
    blocked: list[str] = []
    home = Path(tempfile.mkdtemp(prefix="ua-bench-home-"))
    cache = Path(tempfile.mkdtemp(prefix="ua-bench-cache-"))  # no frame cache yet
    all_q = "/?from=2022-01-01&to=2022-12-31"
    month_q = "/?from=2022-03-01&to=2022-03-31"
    rows: list[tuple[str, float]] = []
    offline = "?"
    with sync_playwright() as p:
        # Offline, without slowing the page down: the browser resolves no host name (an
        # interception route would pass every one of Streamlit's ~150 files through this
        # Python process, adding a second to each load); every request that is not local
        # is still recorded, and counted below.
        ctx = p.chromium.launch_persistent_context(
            tempfile.mkdtemp(prefix="ua-bench-profile-"), executable_path=CHROMIUM,
            headless=True, viewport={"width": 1440, "height": 1000},
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])

        def seen(r):
            if not r.url.startswith(LOCAL):
                blocked.append(r.url)

        ctx.on("request", seen)
        page = ctx.new_page()
        port = _free_port()  # one address, as a restarted dashboard has (browser cache)

        def started(wait_ready: bool) -> tuple[subprocess.Popen, str, float, threading.Thread]:
            """A server and the warm-up `unrest-atlas dashboard` starts beside it (in a
            thread here); with ``wait_ready``, returns once the warm-up has run."""
            proc, base = _start_server(store_path, home, cache, port)
            out: dict[str, float] = {}
            th = threading.Thread(target=lambda: out.update(t=warm(base)[2]), daemon=True)
            th.start()
            if wait_ready:
                th.join()
            return proc, base, out.get("t", float("nan")), th

        proc, base, t_ready, _ = started(wait_ready=True)
        try:
            rows.append((f"first start, empty browser cache, page opened when ready (warm-up {t_ready:.1f} s)",
                         _dash_visible(page, base + all_q)))
            warm_t = [_dash_visible(page, base + all_q) for _ in range(3)]
            rows.append(("all 200k events, warm (median of 3 page loads)", statistics.median(warm_t)))
            rows.append(("one month, first time (map built)", _dash_visible(page, base + month_q)))
            warm_t = [_dash_visible(page, base + month_q) for _ in range(3)]
            rows.append(("one month, warm (median of 3)", statistics.median(warm_t)))
            before_probe = len(blocked)
            offline = page.evaluate("() => fetch('http://example.org/').then(() => 'reached',"
                                    " () => 'failed')")
            del blocked[before_probe:]  # the probe's own request
        finally:
            _stop(proc)
        proc, base, _, th = started(wait_ready=False)  # a restart: the frame is on disk
        try:
            rows.append(("restart, page opened at once (warm-up running beside)",
                         _dash_visible(page, base + all_q)))
            th.join()
        finally:
            _stop(proc)
        proc, base, t_ready, _ = started(wait_ready=True)
        try:
            rows.append((f"restart, page opened when ready (warm-up {t_ready:.1f} s)",
                         _dash_visible(page, base + all_q)))
        finally:
            _stop(proc)
        n_pts = int(month["latitude"].notna().sum())
        rows.append((f"exported HTML (ours), one month ({len(month):,} events)",
                     _file_visible(page, ours_html.as_uri(), 1)))
        try:
            t_base = _file_visible(page, base_html.as_uri(), n_pts)
        except Exception:
            t_base = float("nan")
        rows.append((f"baseline HTML, one month ({n_pts:,} markers)", t_base))
        ctx.close()
    print("\nTime to map visible in headless Chromium (seconds, navigation to events drawn)")
    for label, t in rows:
        print(f"  {label:74} {t:6.2f}")
    print(f"  file sizes: ours {ours_html.stat().st_size / 1e6:.1f} MB, baseline "
          f"{base_html.stat().st_size / 1e6:.1f} MB (one month, self-contained)")
    print(f"  requests that were not local: {len(blocked)}; a fetch of http://example.org/ "
          f"from the page (the offline probe): {offline}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--store", default=str(ROOT / ".bench" / "dashboard-200k.gpkg"),
                    help="a .gpkg path or a postgresql:// URL (an empty database)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline-limit", type=int, default=20_000,
                    help="time the baseline on at most this many events, scale the rest")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args(argv)
    if not _is_url(args.store):
        args.store = Path(args.store)
    _quiet_streamlit()
    t = build_store(args.store, args.events)
    from geodata.store.backends import describe

    print(f"store: {describe(args.store)} ({args.events:,} synthetic events"
          + (f", built in {t:.1f} s" if t else ", reused") + ")")
    rows = server_side(args.store, args.repeat, args.baseline_limit)
    print_server_table(rows)
    review_timings(args.store, args.repeat)
    if not args.no_browser:
        out = args.store.parent if isinstance(args.store, Path) else Path(tempfile.mkdtemp(
            prefix="ua-bench-out-"))
        browser(args.store, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
