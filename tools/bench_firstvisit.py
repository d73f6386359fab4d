"""First visit speed: how long a new analyst waits for the map (issue 12).

    python tools/bench_firstvisit.py [--runs 3] [--store PATH] [--width 1440 --height 1000]

1. Starts the dashboard as ``unrest-atlas dashboard`` does (``streamlit run`` with its flags,
   127.0.0.1) on the bundled sample (a new user's home and cache: the sample is copied on
   first use), and warms it (:func:`geodata.commands._warm.warm`: the server runs the app
   once, so the store, the outlines and the map libraries are loaded).
2. For each run, a fresh Chromium profile (Playwright; no host name resolves, so nothing
   outside 127.0.0.1 can load) opens the page, then reloads it. An init script in every frame
   records, on one clock (``performance.timeOrigin + performance.now()``), when the map is
   drawn: the Leaflet map in the streamlit-folium iframe loaded and event markers (or
   clusters) in it. The time is counted from the navigation's start.
3. Prints a table (median over the runs) with the breakdown:

   * *Streamlit bundle*: navigation start -> the websocket to the server is open
     (Streamlit's frontend bundle fetched and run);
   * *script run + data*: -> the websocket message holding the map arrives (the app script
     run on the server, the map's arguments sent);
   * *page render*: -> the map's component iframe is asked for (the frontend draws every
     element of the page, fetching the code of each kind of element: widgets, tables,
     charts, the component);
   * *component iframe*: -> the iframe's document has loaded (streamlit-folium's bundle);
   * *Leaflet + basemap + draw*: -> markers drawn (Leaflet, plugins and MapLibre fetched and
     run, the map's script, the events drawn);

   beside the old figures (5.0 s first visit, 3.0 s reload, issue 12) and the goals (3.0 s,
   1.5 s). The basemap's first tiles (MapLibre idle) are shown apart: markers do not wait for
   them. Also the bytes the page fetched, the number of requests, and those that were not
   local (must be 0).

Not part of the test suite; exit code 0 (1 when the map was never drawn).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
OLD = {"first": 5.0, "reload": 3.0}
GOAL = {"first": 3.0, "reload": 1.5}
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")

# Runs in every frame (the page and the map's iframe). In the iframe: polls for the map and
# its markers, and for the basemap's first tiles, and keeps the times (epoch ms).
PROBE_JS = """(() => {
  const now = () => performance.timeOrigin + performance.now();
  const tick = () => {
    const m = window.map;
    if (!window.__uaDrawn && m && m._loaded && document.querySelector(
          'path.ua-point, path.ua-cell, path.ua-region, path.ua-halo, .ua-cluster')) {
      window.__uaDrawn = now();
    }
    const gl = window.unrestAtlasBasemap && window.unrestAtlasBasemap.getMaplibreMap &&
      window.unrestAtlasBasemap.getMaplibreMap();
    if (!window.__uaTiles && gl && gl.loaded() && gl.areTilesLoaded()) {
      window.__uaTiles = now();
    }
    if (!window.__uaDrawn || !window.__uaTiles) { setTimeout(tick, 5); }
  };
  if (window.top !== window) { tick(); return; }
  // the page: when the websocket opens, and when the message holding the map arrives
  const WS = window.WebSocket;
  const ws = window.__uaWs = {};
  const Wrapped = function (...args) {
    const sock = new WS(...args);
    sock.addEventListener('open', () => { ws.open = ws.open || now(); });
    sock.addEventListener('message', (e) => {
      const t = now();
      ws.first = ws.first || t;
      if (!ws.map && e.data instanceof ArrayBuffer && e.data.byteLength > 2000 &&
          new TextDecoder().decode(e.data).indexOf('streamlit_folium') >= 0) { ws.map = t; }
    });
    return sock;
  };
  Wrapped.prototype = WS.prototype;
  Object.assign(Wrapped, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Wrapped;
})();"""

# Read in the page once the map is drawn: the times of every step (epoch ms).
TIMES_JS = """() => {
  const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const w = f && f.contentWindow;
  if (!w || !w.__uaDrawn) { return null; }
  const nav = performance.getEntriesByType('navigation')[0];
  const t0 = performance.timeOrigin;
  const res = performance.getEntriesByType('resource');
  const frameRes = res.filter((r) => r.initiatorType === 'iframe' &&
                                     r.name.indexOf('streamlit_folium') >= 0);
  const frameStart = frameRes.length ? t0 + frameRes[0].startTime : null;
  const early = res.filter((r) => /\\.(js|css)(\\?|$)/.test(r.name) &&
                           (frameStart === null || t0 + r.startTime < frameStart));
  const bundle = t0 + Math.max(nav.domContentLoadedEventEnd,
                               ...early.map((r) => r.responseEnd));
  const fnav = w.performance.getEntriesByType('navigation')[0];
  const ft0 = w.performance.timeOrigin;
  const fres = w.performance.getEntriesByType('resource');
  const bytes = (rs) => rs.reduce((a, r) => a + (r.transferSize || 0), 0);
  const ws = window.__uaWs || {};
  return {
    start: t0, bundle: ws.open || bundle, data: ws.map || null, frameStart: frameStart,
    frameLoaded: ft0 + (fnav ? fnav.loadEventEnd || fnav.domContentLoadedEventEnd : 0),
    drawn: w.__uaDrawn, tiles: w.__uaTiles || null,
    requests: res.length + fres.length + 1,
    bytes: bytes(res) + bytes(fres) + (nav.transferSize || 0),
    frameAssets: fres.filter((r) => /\\.(js|css)(\\?|$)/.test(r.name)).length,
  };
}"""

STEPS = (("Streamlit bundle (-> websocket open)", "start", "bundle"),
         ("script run + data (-> the map's message)", "bundle", "data"),
         ("page render (-> map iframe asked for)", "data", "frameStart"),
         ("component iframe (streamlit-folium)", "frameStart", "frameLoaded"),
         ("Leaflet + basemap + draw", "frameLoaded", "drawn"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store: str | None, home: Path, port: int) -> subprocess.Popen:
    """``streamlit run`` with the flags of ``unrest-atlas dashboard`` (its own session)."""
    from dashboard import APP_PATH, data
    from geodata.commands.dashboard import build_command

    env = {**os.environ, data.ENV_DATA_HOME: str(home / "data"),
           "UNREST_ATLAS_CACHE": str(home / "cache"), "HOME": str(home),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop(data.ENV_STORE, None)
    env.pop(data.ENV_READONLY, None)
    if store:
        env[data.ENV_STORE] = store
    log = (home / "streamlit.log").open("w")
    return subprocess.Popen(
        [*build_command(APP_PATH, port), "--server.fileWatcherType", "none"], cwd=ROOT,
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc: subprocess.Popen) -> None:
    from geodata.commands._warm import stop_group

    stop_group(proc)


def _wait_drawn(page, timeout: float = 60) -> dict | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            got = page.evaluate(TIMES_JS)
            if got:
                return got
        time.sleep(0.02)
    return None


def _wait_tiles(page, got: dict, timeout: float = 15) -> dict:
    deadline = time.monotonic() + timeout
    while got.get("tiles") is None and time.monotonic() < deadline:
        time.sleep(0.05)
        with contextlib.suppress(Exception):
            got = page.evaluate(TIMES_JS) or got
    return got


def visit(p, base: str, width: int, height: int) -> tuple[dict | None, dict | None, list[str]]:
    """One fresh browser profile: the first visit, then a reload (times of each step)."""
    outside: list[str] = []
    profile = tempfile.mkdtemp(prefix="ua-firstvisit-profile-")
    ctx = p.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, headless=True,
        viewport={"width": width, "height": height},
        args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
    try:
        ctx.add_init_script(PROBE_JS)
        ctx.on("request", lambda r: outside.append(r.url) if not r.url.startswith(LOCAL)
               else None)
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        page.goto(base + "/", wait_until="commit")
        first = _wait_drawn(page)
        if first:
            first = _wait_tiles(page, first)
        time.sleep(1.0)  # let the page settle (the session's reruns) before the reload
        page.reload(wait_until="commit")
        again = _wait_drawn(page)
        if again:
            again = _wait_tiles(page, again)
    finally:
        ctx.close()
    return first, again, outside


def _secs(t: dict, a: str, b: str) -> float:
    if t.get(a) is None or t.get(b) is None:
        return float("nan")
    return (t[b] - t[a]) / 1000.0


def report(runs: list[tuple[dict | None, dict | None]]) -> int:
    """Print the table (medians over the runs); 1 when a map was never drawn."""
    kinds = (("first", 0), ("reload", 1))
    ok = {k: [r[i] for r in runs if r[i]] for k, i in kinds}
    if not ok["first"] or not ok["reload"]:
        print("the map was never drawn")
        return 1

    def med(kind: str, a: str, b: str) -> float:
        return statistics.median(_secs(t, a, b) for t in ok[kind])

    print(f"\nFirst visit, fresh browser profile, warmed dashboard, bundled sample "
          f"(median of {len(runs)} runs; seconds)")
    print(f"  {'':44} {'first visit':>12} {'reload':>8}")
    for label, a, b in STEPS:
        print(f"  {label:44} {med('first', a, b):12.2f} {med('reload', a, b):8.2f}")
    print(f"  {'map drawn (page opened -> markers)':44} {med('first', 'start', 'drawn'):12.2f} "
          f"{med('reload', 'start', 'drawn'):8.2f}")
    print(f"  {'  old figure (issue 12)':44} {OLD['first']:12.2f} {OLD['reload']:8.2f}")
    print(f"  {'  goal':44} {GOAL['first']:12.2f} {GOAL['reload']:8.2f}")
    print(f"  {'basemap first tiles drawn (apart)':44} {med('first', 'start', 'tiles'):12.2f} "
          f"{med('reload', 'start', 'tiles'):8.2f}")
    for kind in ("first", "reload"):
        all_t = [_secs(t, "start", "drawn") for t in ok[kind]]
        print(f"  {kind}: every run {', '.join(f'{v:.2f}' for v in all_t)}; requests "
              f"{int(statistics.median(t['requests'] for t in ok[kind]))}, "
              f"{statistics.median(t['bytes'] for t in ok[kind]) / 1e6:.2f} MB over the "
              f"network (the browser cache serves the rest)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="fresh browser profiles (default 3)")
    ap.add_argument("--store", default=None, help="a store (default: the bundled sample)")
    ap.add_argument("--width", type=int, default=1440)
    ap.add_argument("--height", type=int, default=1000)
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}")
        return 1
    from playwright.sync_api import sync_playwright

    from geodata.commands._warm import wait_until_up, warm

    home = Path(tempfile.mkdtemp(prefix="ua-firstvisit-home-"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(args.store, home, port)
    try:
        t0 = time.perf_counter()
        if not wait_until_up(base, timeout=90, alive=lambda: proc.poll() is None):
            print((home / "streamlit.log").read_text())
            return 1
        up = time.perf_counter() - t0
        _ok, msg, secs = warm(base)
        print(f"server up in {up:.1f} s; warm-up {msg} in {secs:.1f} s")
        runs = []
        outside: list[str] = []
        with sync_playwright() as p:
            for _ in range(args.runs):
                first, again, out = visit(p, base, args.width, args.height)
                runs.append((first, again))
                outside += out
        code = report(runs)
        print(f"  requests that were not local: {len(outside)}")
        return code
    finally:
        stop(proc)


if __name__ == "__main__":
    raise SystemExit(main())
