#!/usr/bin/env python3
"""Benchmark the map exports: a 200,000-event PNG beside naive baselines, and a 50,000-event
self-contained HTML map opened in headless Chromium.

    python tools/bench_export.py [--events 200000] [--html-events 50000] [--out-dir DIR]
                                   [--naive-sample 2000] [--no-browser]

Targets: PNG of 200,000 events <= 5 s; HTML of 50,000 events drawn in Chromium <= 3 s.
Baselines, in the same process: (a) one matplotlib ``plot()`` call per event (timed on a
sample, extrapolated), (b) ``GeoDataFrame.plot`` with its defaults (one ``scatter`` with
per-point colours and sizes) over the country outlines. Events are synthetic
(:func:`geodata.store.synthetic.synthetic_events`: real city coordinates, random attributes);
a second PNG run uses uniformly random coordinates, the worst case for overdraw.
Exit code 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def _naive_plot(df, sample: int, path: Path) -> float:
    """Seconds for one ``ax.plot`` per event over ``sample`` events (the naive way)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from geodata.maps import styles

    sub = df.sample(min(sample, len(df)), random_state=0)
    t = time.perf_counter()
    fig = Figure(figsize=(11.69, 8.27), dpi=200)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    for row in sub.itertuples(index=False):
        ax.plot([row.longitude], [row.latitude], "o", color=styles.type_color(row.event_type),
                ms=2 * styles.severity_radius(row.severity) * 0.75, alpha=0.8)  # fmt: skip
    fig.savefig(path, dpi=200)
    return time.perf_counter() - t


def _geopandas_default(df, path: Path) -> float:
    """Seconds for ``GeoDataFrame.plot(column=..., markersize=...)`` over the outlines."""
    import geopandas as gpd
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from geodata.maps import styles
    from geodata.maps.regions import load_boundaries

    t = time.perf_counter()
    b = load_boundaries()
    gdf = gpd.GeoDataFrame(df[["event_type", "severity"]],
                           geometry=gpd.points_from_xy(df["longitude"], df["latitude"]), crs="EPSG:4326")  # fmt: skip
    fig = Figure(figsize=(11.69, 8.27), dpi=200)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    b.countries.plot(ax=ax, color="#f4f1ea", edgecolor="#7f7f7f", linewidth=0.5)
    sizes = (2 * df["severity"].map(styles.severity_radius) * 0.75) ** 2
    gdf.plot(ax=ax, column="event_type", markersize=sizes, legend=True, alpha=0.8)
    fig.savefig(path, dpi=200)
    return time.perf_counter() - t


def _open_html(path: Path) -> tuple[float, int, list[str], list[str]]:
    """(seconds to a drawn map, drawn shapes, blocked requests, page errors) in headless Chromium."""
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    errors: list[str] = []
    with tempfile.TemporaryDirectory() as prof, sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(prof, executable_path=CHROMIUM, headless=True, args=ARGS)
        try:

            def route(r):
                url = r.request.url
                if url.startswith(("file:", "data:")):
                    r.continue_()
                else:
                    blocked.append(url)
                    r.abort()

            ctx.route("**/*", route)
            page = ctx.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            t = time.perf_counter()
            page.goto(path.resolve().as_uri(), wait_until="load")
            page.wait_for_selector("path.leaflet-interactive", timeout=30_000)
            elapsed = time.perf_counter() - t
            shapes = page.locator("path.leaflet-interactive").count()
        finally:
            ctx.close()
    return elapsed, shapes, blocked, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--html-events", type=int, default=50_000)
    ap.add_argument("--naive-sample", type=int, default=2000)
    ap.add_argument("--out-dir", type=Path, default=None)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args(argv)

    import numpy as np

    from geodata.io.interchange import events_frame
    from geodata.maps.regions import load_boundaries
    from geodata.maps.static import export_map
    from geodata.store.synthetic import synthetic_events

    out = args.out_dir or Path(tempfile.mkdtemp(prefix="ua-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, float | None, str, str]] = []

    t = time.perf_counter()
    df = events_frame(synthetic_events(args.events, seed=7))
    rows.append(("synthetic events generated", f"{len(df):,}", time.perf_counter() - t, "", ""))
    t = time.perf_counter()
    load_boundaries()
    rows.append(("boundaries loaded (once per process)", "", time.perf_counter() - t, "", ""))

    n = len(df)
    t = time.perf_counter()
    info = export_map(df, out / "bench.png")
    cold = time.perf_counter() - t
    rows.append((f"PNG A4 {info.size_px[0]}x{info.size_px[1]} @{info.dpi} dpi, first", f"{n:,}", cold, "<= 5 s",
                 "ok" if cold <= 5 else "MISSED"))  # fmt: skip
    t = time.perf_counter()
    export_map(df, out / "bench.png")
    warm = time.perf_counter() - t
    rows.append(("PNG, again (warm)", f"{n:,}", warm, "<= 5 s", "ok" if warm <= 5 else "MISSED"))
    rnd = df.copy()
    rng = np.random.default_rng(0)
    rnd["longitude"] = rng.uniform(-80, 80, n)
    rnd["latitude"] = rng.uniform(-35, 60, n)
    rnd["geo_precision"] = 1
    t = time.perf_counter()
    export_map(rnd, out / "bench-random.png")
    worst = time.perf_counter() - t
    rows.append(("PNG, uniformly random coordinates", f"{n:,}", worst, "<= 5 s", "ok" if worst <= 5 else "MISSED"))
    for fmt in ("pdf", "svg"):
        t = time.perf_counter()
        export_map(df, out / f"bench.{fmt}")
        el = time.perf_counter() - t
        size = (out / f"bench.{fmt}").stat().st_size / 1e6
        rows.append((f"{fmt.upper()} A4, points rasterized ({size:.1f} MB)", f"{n:,}", el, "", ""))

    sample = args.naive_sample
    el = _naive_plot(df, sample, out / "naive.png")
    rows.append((f"baseline: plot() per event ({sample:,} timed, x{n / sample:.0f})", f"{n:,}", el * n / sample, "", "extrapolated"))
    el = _geopandas_default(df, out / "geopandas.png")
    rows.append(("baseline: GeoDataFrame.plot defaults", f"{n:,}", el, "", ""))

    html_df = df.head(args.html_events)
    t = time.perf_counter()
    export_map(html_df, out / "bench.html")
    el = time.perf_counter() - t
    size = (out / "bench.html").stat().st_size / 1e6
    rows.append((f"HTML export, self-contained ({size:.1f} MB)", f"{len(html_df):,}", el, "", ""))
    failed = any(r[4] == "MISSED" for r in rows)
    if args.no_browser:
        rows.append(("HTML opened in headless Chromium", f"{len(html_df):,}", None, "<= 3 s", "skipped"))
    elif not Path(CHROMIUM).exists():
        rows.append(("HTML opened in headless Chromium", f"{len(html_df):,}", None, "<= 3 s", "no chromium"))
    else:
        el, shapes, blocked, errors = _open_html(out / "bench.html")
        ok = el <= 3 and not blocked and not errors
        failed |= not ok
        note = "ok" if ok else "MISSED"
        note += f"; {shapes:,} shapes, {len(blocked)} network requests, {len(errors)} JS errors"
        rows.append(("HTML opened in headless Chromium (to drawn map)", f"{len(html_df):,}", el, "<= 3 s", note))

    w = max(len(r[0]) for r in rows)
    print(f"{'step':<{w}}  {'events':>9}  {'seconds':>8}  {'target':>7}  result")
    print("-" * (w + 45))
    for name, nev, sec, target, res in rows:
        s = f"{sec:8.2f}" if sec is not None else f"{'-':>8}"
        print(f"{name:<{w}}  {nev:>9}  {s}  {target:>7}  {res}")
    print(f"\nfiles in {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
