"""Sessions under load (issue 15, point 11): N concurrent browser sessions on a big store.

    python tools/bench_sessions.py [--events 200000] [--sessions 10] [--store PATH]
                                   [--query "/"] [--settle 150] [--stagger S] [--json OUT]
                                   [--client browser|ws] [--waves N] [--pin]

1. Builds (once) a store of synthetic events (:func:`geodata.store.synthetic.synthetic_events`)
   at ``--store`` (default ``.bench/sessions-200k.gpkg``).
2. Starts the dashboard as ``unrest-atlas dashboard`` does (``streamlit run`` with its flags, on
   127.0.0.1, no file watcher) and warms it the same way (the app run once server side).
3. Opens one session alone (the reference), then ``--sessions`` sessions at once: headless
   Debian Chromium through Playwright (async API), one browser, one *context* per session (no
   shared cookies or cache: every session is a new visitor). Each session is timed from
   navigation to the caption ("Showing N events") and to the map's events drawn (in the
   streamlit-folium iframe); the bytes the server sent it over the websocket and the size of
   its map document are recorded.
4. The server's resident memory (RSS, with its children) is sampled every 0.1 s: before the
   sessions, the peak while they run, with every session open and idle, and after they close
   (the server keeps a closed session for ``server.disconnectedSessionTTL`` seconds in case it
   reconnects; this run sets that to ``--ttl`` (default 10) and then opens and closes one more
   page so the expired sessions are dropped; "before" is read the same way after the lone
   first session).

5. The script runs each session caused are counted from the messages the server sent it
   (``script_finished``): whole-page runs, fragment runs, runs cut short by a rerun they
   asked for; "page s" is when its last whole-page run ended. A first visit runs the page
   twice (the map first, the rest deferred by a timer fragment), so the websocket clients
   follow the fragment's ``auto_rerun`` as a browser does: both kinds of client cause the same
   runs. The server's CPU seconds are printed per wave and per session.
6. ``--pin`` runs the server on the first CPU and this process with its browsers (or
   websocket clients) on the others: the server's share when the analysts' browsers run on
   their own machines.

Goal (issue 15): caption <= 3 s and map <= 6 s for each session, memory returned after they
close. The CPU seconds of the clients (the browsers with their driver, or the websocket
clients; the server's apart) are printed per wave and for the one session alone: with real
browsers on the same machine they, not the server, use most of it. ``--stagger S`` opens the
sessions of a wave ``S`` seconds apart (visitors arriving one after another). Prints one table; exit code 0 when the goal is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# the same synthetic store and "map drawn" check as the dashboard bench
from tools.bench_dashboard import _DRAWN_DASH, build_store  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CAPTION_S, MAP_S = 3.0, 6.0
#: A session's page is complete when nothing came from the server for this long (the page
#: asks for its deferred second run one second after the first: dashboard/views/explore.py).
QUIET_S = 3.0

#: The caption above the map says how many events the filters keep.
CAPTION_JS = """() => [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
  .some(e => (e.innerText || '').startsWith('Showing '))"""
#: The map's events drawn (vector paths or cluster icons) and its legend, in the component.
DRAWN_JS = _DRAWN_DASH
MAP_DOC_JS = """() => {
  const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  return f && f.contentWindow ? f.contentWindow.document.documentElement.outerHTML.length : 0;
}"""


# ----------------------------------------------------------------------------- server
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store: Path, home: Path, ttl: int,
                 cpus: set[int] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """``streamlit run`` with the flags of ``unrest-atlas dashboard``, warmed as it does
    (on these CPUs only, when given: every thread of the server inherits them)."""
    from dashboard import APP_PATH, data
    from geodata.commands._warm import warm
    from geodata.commands.dashboard import build_command

    port = _free_port()
    env = {**os.environ, data.ENV_STORE: str(store), data.ENV_DATA_HOME: str(home),
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [*build_command(APP_PATH, port), "--server.fileWatcherType", "none",
         "--server.disconnectedSessionTTL", str(ttl)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None)
    base = f"http://127.0.0.1:{port}"
    ok, msg, _secs = warm(base)
    if not ok:
        stop_server(proc)
        raise SystemExit(f"bench_sessions: the dashboard did not warm up ({msg})")
    return proc, base


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    from geodata.commands._warm import stop_group

    stop_group(proc)


class RssSampler:
    """The resident memory of a process and its children, every ``every`` seconds."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        import psutil

        self._proc = psutil.Process(pid)
        self._every = every
        self.samples: list[tuple[float, float]] = []  # (monotonic time, MB)
        self._stop = threading.Event()
        self._th = threading.Thread(target=self._run, daemon=True)

    def now(self) -> float:
        """The RSS now (MB)."""
        import psutil

        total = 0
        for p in [self._proc, *self._proc.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        return total / 2**20

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.monotonic(), self.now()))
            self._stop.wait(self._every)

    def peak(self, since: float, until: float | None = None) -> float:
        vals = [mb for t, mb in self.samples if t >= since and (until is None or t <= until)]
        return max(vals, default=float("nan"))

    def __enter__(self) -> RssSampler:
        self._th.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._th.join()


# ----------------------------------------------------------------------------- page runs
#: How a script run ended (Streamlit's ``ForwardMsg.script_finished``): the whole page, a
#: fragment alone, or cut short by a rerun it asked for.
_FINISHED = {"FINISHED_SUCCESSFULLY": "page", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY": "fragment",
             "FINISHED_EARLY_FOR_RERUN": "cut", "FINISHED_WITH_COMPILE_ERROR": "error"}


class RunCounter:
    """The script runs one session caused, read from the messages the server sent it."""

    def __init__(self, t0: float) -> None:
        self.t0 = t0
        self.runs: dict[str, int] = {"page": 0, "fragment": 0, "cut": 0, "error": 0}
        self.last_page = float("nan")  # when the last whole-page run ended (s from t0)
        self.last_msg = t0
        self.running = False
        #: the fragment the last run asked the browser to rerun, with its interval
        self.auto: tuple[float, str] | None = None

    def feed(self, raw: bytes) -> Any:
        """Note one message; returns the parsed ``ForwardMsg``."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        fm = ForwardMsg()
        fm.ParseFromString(raw)
        self.last_msg = time.perf_counter()
        kind = fm.WhichOneof("type")
        if kind == "new_session":
            self.running, self.auto = True, None
        elif kind == "auto_rerun":
            self.auto = (fm.auto_rerun.interval, fm.auto_rerun.fragment_id)
        elif kind == "stop_auto_rerun":
            self.auto = None
        elif kind == "script_finished":
            self.running = False
            how = _FINISHED.get(ForwardMsg.ScriptFinishedStatus.Name(fm.script_finished), "error")
            self.runs[how] += 1
            if how == "page":
                self.last_page = time.perf_counter() - self.t0
        return fm

    @property
    def total(self) -> int:
        return sum(self.runs.values())

    async def quiet(self, seconds: float, timeout: float) -> None:
        """Wait until no run is going and no message came for ``seconds`` (the page is
        complete: a deferred run would have started)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self.running and time.perf_counter() - self.last_msg >= seconds:
                return
            await asyncio.sleep(0.1)


# ----------------------------------------------------------------------------- sessions
async def _session(browser: Any, url: str, timeout: float) -> dict[str, Any]:
    """One visitor: a fresh context, timed to the caption and to the map drawn."""
    ctx = await browser.new_context(viewport={"width": 1440, "height": 1000})
    page = await ctx.new_page()
    got = {"ws_bytes": 0}
    t0 = time.perf_counter()
    runs = RunCounter(t0)

    def on_frame(payload: Any) -> None:
        got["ws_bytes"] += len(payload)
        if isinstance(payload, bytes):
            with contextlib.suppress(Exception):
                runs.feed(payload)

    def on_ws(ws: Any) -> None:
        if ws.url.endswith("/_stcore/stream"):
            ws.on("framereceived", on_frame)

    page.on("websocket", on_ws)
    out: dict[str, Any] = {"ctx": ctx, "caption": float("nan"), "map": float("nan")}
    try:
        await page.goto(url, wait_until="commit", timeout=timeout * 1000)
        await page.wait_for_function(CAPTION_JS, polling=50, timeout=timeout * 1000)
        out["caption"] = time.perf_counter() - t0
        await page.wait_for_function(DRAWN_JS, polling=50, timeout=timeout * 1000)
        out["map"] = time.perf_counter() - t0
        out["map_doc"] = await page.evaluate(MAP_DOC_JS)
    except Exception as exc:  # a timeout: reported as NaN with the reason
        out["error"] = f"{type(exc).__name__}: {str(exc)[:80]}"
    await runs.quiet(QUIET_S, timeout)  # the rest of the page (a deferred run) comes
    out["ws_bytes"] = got["ws_bytes"]
    out["runs"], out["page"] = dict(runs.runs), runs.last_page
    return out


async def _browser(p: Any) -> Any:
    return await p.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--disable-dev-shm-usage",
              "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes and their children (alive ones)."""
    import psutil

    total = 0.0
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            root = psutil.Process(pid)
            for q in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    c = q.cpu_times()
                    total += c.user + c.system
    return total


async def _close(s: dict[str, Any]) -> None:
    ctx = s.pop("ctx", None)
    if ctx is not None:
        await ctx.close()


def _client_cpu(server_pid: int) -> float:
    """CPU seconds of this process and its children but the server (the clients: the
    browsers and their driver, or the websocket clients)."""
    return _cpu_seconds([os.getpid()]) - _cpu_seconds([server_pid])


async def _staggered(open_one: Any, k: int, stagger: float) -> dict[str, Any]:
    await asyncio.sleep(k * stagger)
    return dict(await open_one())


async def _settled(open_one: Any, settle: float) -> None:
    """Wait until closed sessions are dropped and their memory handed back."""
    await asyncio.sleep(settle)
    # the server drops expired sessions when its session storage is next written (a
    # session closing): one more visit
    with contextlib.suppress(Exception):
        await _close(await open_one())
    await asyncio.sleep(5.0)


async def _waves(open_one: Any, n: int, waves: int, rss: RssSampler, settle: float,
                 server_pid: int, stagger: float = 0.0) -> dict[str, Any]:
    """One session alone, then ``waves`` times ``n`` sessions at once (or ``stagger``
    seconds apart), closed, settled."""
    cpu0 = _client_cpu(server_pid), _cpu_seconds([server_pid])
    alone = await open_one()
    alone["cpu_client"] = _client_cpu(server_pid) - cpu0[0]
    alone["cpu_server"] = _cpu_seconds([server_pid]) - cpu0[1]
    await _close(alone)
    # "before" is read as "after" is (below): once the closed session is dropped and its
    # memory released (read 2 s after the close, it fell before or after the release)
    await _settled(open_one, settle)
    res: dict[str, Any] = {"alone": alone, "rss_before": rss.now(), "waves": []}
    for _ in range(waves):
        cpu0 = _cpu_seconds([server_pid]), _client_cpu(server_pid)
        t_start = time.monotonic()
        sessions = list(await asyncio.gather(*[_staggered(open_one, k, stagger)
                                               for k in range(n)]))
        wave: dict[str, Any] = {"t_load": time.monotonic() - t_start,
                                "rss_peak": rss.peak(t_start)}
        wave["cpu_server"] = _cpu_seconds([server_pid]) - cpu0[0]
        wave["cpu_clients"] = _client_cpu(server_pid) - cpu0[1]
        await asyncio.sleep(3.0)
        wave["rss_open"] = rss.now()
        for s in sessions:
            await _close(s)
        wave["sessions"] = sessions
        await _settled(open_one, settle)
        wave["rss_after"] = rss.now()
        res["waves"].append(wave)
    return res


async def _run_sessions(base: str, args: argparse.Namespace, rss: RssSampler,
                        server_pid: int) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await _browser(p)
        try:
            return await _waves(lambda: _session(browser, base + args.query, args.timeout),
                                args.sessions, args.waves, rss, args.settle, server_pid,
                                args.stagger)
        finally:
            await browser.close()


# ----------------------------------------------------------------------------- light clients
async def _ws_session(base: str, query: str, timeout: float) -> dict[str, Any]:
    """One session as a bare Streamlit websocket client (no browser): the server's side only.

    Sends the first script run a browser sends and times the messages that come back: the
    caption ("Showing N events"), the map component's element, the end of the run. Like a
    browser, it then reruns a fragment that asked for it (``auto_rerun``: the page's deferred
    second run) once its interval has passed, and ends when a run asks for nothing more.
    """
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg

    url = base.replace("http://", "ws://") + "/_stcore/stream"
    out: dict[str, Any] = {"caption": float("nan"), "map": float("nan"), "ws_bytes": 0}
    t0 = time.perf_counter()
    runs = RunCounter(t0)
    qs = query.lstrip("/?")
    async with websockets.connect(url, subprotocols=["streamlit"],  # type: ignore[list-item]
                                  max_size=None, origin=base,  # type: ignore[arg-type]
                                  open_timeout=timeout) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = qs
        await ws.send(msg.SerializeToString())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            raw = await asyncio.wait_for(ws.recv(), timeout=timeout)
            out["ws_bytes"] += len(raw)
            fm = runs.feed(raw)  # type: ignore[arg-type]
            kind = fm.WhichOneof("type")
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                which = el.WhichOneof("type")
                if which == "markdown" and el.markdown.body.startswith("Showing ") and \
                        out["caption"] != out["caption"]:
                    out["caption"] = time.perf_counter() - t0
                elif which == "component_instance" and "folium" in \
                        el.component_instance.component_name and out["map"] != out["map"]:
                    out["map"] = time.perf_counter() - t0
                    out["map_doc"] = len(el.component_instance.json_args)
                elif which in ("exception", "alert") and "error" not in out:
                    what = el.exception.message if which == "exception" else el.alert.body
                    out["error"] = f"{which}: {what[:100]}"
            elif kind == "page_info_changed":
                qs = fm.page_info_changed.query_string  # the page wrote its filters in the URL
            elif kind == "script_finished" and not runs.running:
                if fm.script_finished == fm.FINISHED_EARLY_FOR_RERUN:
                    continue  # the rerun it asked for follows
                if runs.auto is None:
                    out["run"] = time.perf_counter() - t0
                    break
                interval, fragment = runs.auto
                await asyncio.sleep(interval)
                again = BackMsg()
                again.rerun_script.query_string = qs
                again.rerun_script.fragment_id = fragment
                again.rerun_script.is_auto_rerun = True
                await ws.send(again.SerializeToString())
    out["runs"], out["page"] = dict(runs.runs), runs.last_page
    return out


async def _run_ws_sessions(base: str, args: argparse.Namespace, rss: RssSampler,
                           server_pid: int) -> dict[str, Any]:
    return await _waves(lambda: _ws_session(base, args.query, args.timeout), args.sessions,
                        args.waves, rss, args.settle, server_pid, args.stagger)


#: What the server may keep after a wave: this share of its memory before the sessions (at
#: least KEPT_MIN_MB), and the last wave no more than GROWTH_MB over the wave before it.
KEPT_SHARE, KEPT_MIN_MB, GROWTH_MB = 0.10, 30.0, 10.0


def memory_returned(waves: list[dict[str, Any]], before: float) -> bool:
    """Whether the server handed back what the sessions of these waves took: what stays once
    they closed is small beside the server (the whole page's runs leave about 40 MB of native
    heap on 200,000 events, reused by the next wave: Python objects +0.4 MB over 3 waves) and
    has stopped growing by the last wave (sessions' memory kept would add up wave after wave:
    +27, +48, +68 MB when Arrow's pool kept the heaps of finished runs)."""
    kept = [w["rss_after"] - before for w in waves]
    if not kept:
        return True
    small = max(kept) <= max(KEPT_MIN_MB, KEPT_SHARE * before)
    return small and (len(kept) < 2 or kept[-1] - kept[-2] <= GROWTH_MB)


def _cpus(cpus: set[int]) -> str:
    return ",".join(str(c) for c in sorted(cpus))


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


_CLIENTS = {"browser": "Playwright + headless Chromium, one context each",
            "ws": "bare Streamlit websocket clients: map = its element received"}


def _runs(r: dict[str, Any]) -> str:
    """A session's script runs: whole page, fragment alone, cut short by a rerun."""
    n = r.get("runs") or {}
    return f"{n.get('page', 0)}/{n.get('fragment', 0)}/{n.get('cut', 0)}"


def _row(name: str, r: dict[str, Any]) -> str:
    return (f"{name:>8} | {r['caption']:9.2f} | {r['map']:6.2f} | {r.get('page', float('nan')):6.2f} | "
            f"{_runs(r):>8} | {r['ws_bytes'] / 1e6:6.2f} | {r.get('map_doc', 0) / 1e6:10.2f} | "
            f"{r.get('error', '')}")


def _n_runs(r: dict[str, Any]) -> int:
    return sum((r.get("runs") or {}).values())


def report(res: dict[str, Any], args: argparse.Namespace, load: str) -> bool:
    """Print the table; whether the goal is met."""
    when = f"{args.stagger:g} s apart" if args.stagger else "at once"
    pinned = (f"; server on CPU {_cpus(args.server_cpus)}, clients on CPU "
              f"{_cpus(args.client_cpus)}" if args.server_cpus else "")
    print(f"\n{args.sessions} sessions opened {when} on {args.events:,} events, {args.query!r} "
          f"({_CLIENTS[args.client]}{pinned}; load before {load}, after {_load()})")
    print("page s: the last whole-page run ended; runs: script runs of the whole page / of a "
          "fragment alone / cut short by a rerun they asked for")
    print(f"{'session':>8} | {'caption s':>9} | {'map s':>6} | {'page s':>6} | {'runs':>8} | "
          f"{'ws MB':>6} | {'map doc MB':>10} | note")
    print(_row("alone", res["alone"]))
    for i, r in enumerate(res["waves"][0]["sessions"], 1):
        print(_row(str(i), r))
    ok = True
    before = res["rss_before"]
    alone = res["alone"]
    print(f"one session alone: {_n_runs(alone)} script runs, server CPU "
          f"{alone.get('cpu_server', float('nan')):.2f} s; server RSS before the sessions: "
          f"{before:.0f} MB")
    for k, w in enumerate(res["waves"], 1):
        rows = w["sessions"]
        caps = [r["caption"] for r in rows]
        maps = [r["map"] for r in rows]
        ok_t = all(c <= CAPTION_S for c in caps) and all(m <= MAP_S for m in maps)
        per = (w["rss_open"] - before) / max(args.sessions, 1)
        grown = w["rss_after"] - before
        ok_m = memory_returned(res["waves"][:k], before)
        ok = ok and ok_t and ok_m
        n = max(args.sessions, 1)
        print(f"wave {k}: caption median {statistics.median(caps):.2f} s, max {max(caps):.2f} s; "
              f"map median {statistics.median(maps):.2f} s, max {max(maps):.2f} s; page median "
              f"{statistics.median(r.get('page', float('nan')) for r in rows):.2f} s; script "
              f"runs per session {statistics.median(_n_runs(r) for r in rows):g} (max "
              f"{max(_n_runs(r) for r in rows)}); CPU s: server {w['cpu_server']:.1f} "
              f"({w['cpu_server'] / n:.2f} per session), clients {w['cpu_clients']:.1f} "
              f"({w['cpu_clients'] / max(args.sessions, 1):.1f} per session; one session "
              f"alone: {res['alone'].get('cpu_client', float('nan')):.1f}); RSS MB: peak "
              f"{w['rss_peak']:.0f}, all open {w['rss_open']:.0f} ({per:+.1f} per session), "
              f"after they closed {w['rss_after']:.0f} ({grown:+.0f} vs before)")
    print(f"goal (caption <= {CAPTION_S:g} s, map <= {MAP_S:g} s each, memory returned: kept "
          f"<= {KEPT_SHARE:.0%} of before, the last wave <= {GROWTH_MB:g} MB over the one before): "
          f"{'met' if ok else 'NOT met'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--store", type=Path, default=ROOT / ".bench" / "sessions-200k.gpkg")
    ap.add_argument("--query", default="/", help="the page address opened (filters)")
    ap.add_argument("--ttl", type=int, default=10,
                    help="server.disconnectedSessionTTL of the server (seconds)")
    ap.add_argument("--settle", type=float, default=20.0,
                    help="seconds to wait after the sessions close before the last RSS")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--client", choices=("browser", "ws"), default="browser",
                    help="browser: Playwright + Chromium (caption and map drawn); ws: bare "
                         "Streamlit websocket clients (the server's side only: caption and "
                         "map element received)")
    ap.add_argument("--waves", type=int, default=1,
                    help="open and close the sessions this many times (memory per wave)")
    ap.add_argument("--stagger", type=float, default=0.0,
                    help="open the sessions of a wave this many seconds apart (0: at once)")
    ap.add_argument("--pin", action="store_true",
                    help="run the server on one CPU and the clients (browsers) on the others "
                         "(as when the analysts' browsers run on their own machines)")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    args = ap.parse_args(argv)
    args.server_cpus = args.client_cpus = None
    if args.pin:
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) < 2:
            print("bench_sessions: --pin needs two CPUs or more", file=sys.stderr)
            return 2
        args.server_cpus, args.client_cpus = {cpus[0]}, set(cpus[1:])
        os.sched_setaffinity(0, args.client_cpus)  # this process, its browsers and driver
    if args.client == "browser" and not Path(CHROMIUM).exists():
        print(f"bench_sessions: no Chromium at {CHROMIUM}", file=sys.stderr)
        return 2
    import logging  # (importing the dashboard outside a server warns once per cached function)

    import streamlit  # noqa: F401  (it sets its loggers' levels when imported: first)

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    for name in ("streamlit.runtime.caching.cache_data_api",
                 "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(name).setLevel(logging.ERROR)
    built = build_store(args.store, args.events)
    if built:
        print(f"built {args.store} ({args.events:,} events) in {built:.0f} s", file=sys.stderr)
    home = Path(tempfile.mkdtemp(prefix="ua-sessions-home-"))
    load = _load()
    proc, base = start_server(args.store, home, args.ttl, args.server_cpus)
    try:
        run = _run_ws_sessions if args.client == "ws" else _run_sessions
        with RssSampler(proc.pid) as rss:
            res = asyncio.run(run(base, args, rss, proc.pid))
    finally:
        stop_server(proc)
    ok = report(res, args, load)
    if args.json:
        args.json.write_text(json.dumps({k: v for k, v in res.items()}, default=str, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
