"""Unrest Atlas dashboard: ``streamlit run dashboard/app.py [-- --store PATH]``.

Opens on the bundled sample store with no set-up and no network (see :mod:`dashboard.data`
for which store is used and where corrections go). ``unrest-atlas dashboard`` runs this.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # a checkout run without installing
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402


def _icon():
    """A small map-pin favicon drawn here: an emoji or Material icon favicon is fetched from
    a CDN by the browser, which fails offline."""
    import numpy as np

    y, x = np.mgrid[0:32, 0:32]
    img = np.zeros((32, 32, 4), dtype=np.uint8)
    disc = (x - 16) ** 2 + (y - 13) ** 2 <= 100
    tip = (abs(x - 16) <= (30 - y) * 0.55) & (y >= 13) & (y <= 30)
    img[disc | tip] = (178, 24, 43, 255)
    img[(x - 16) ** 2 + (y - 13) ** 2 <= 16] = (251, 250, 247, 255)
    from PIL import Image  # (Pillow comes with matplotlib)

    return Image.fromarray(img, "RGBA")


st.set_page_config(page_title="Unrest Atlas", page_icon=_icon(), layout="wide",
                   initial_sidebar_state="expanded")

from dashboard import auth  # noqa: E402

# team mode (--auth FILE): sign in first. Until then the pages are declared hidden (so that a
# deep link, /audit, opens its page after sign-in) and the run stops: no store is read.
auth.refuse_exposed()  # laptop mode (no sign-in) on a network address: stops here
blocked = auth.team_mode() and auth.gate(stop=False) is None

pages = [
    st.Page("views/explore.py", title="Map", icon=":material/map:", default=True),
    st.Page("views/ingest.py", title="Ingest reports", icon=":material/upload_file:", url_path="ingest"),
    st.Page("views/audit.py", title="Review & audit", icon=":material/fact_check:", url_path="audit"),
]
page = st.navigation(pages, position="hidden" if blocked else "sidebar")
if blocked:
    st.stop()

from dashboard import data, ui  # noqa: E402
from dashboard._memory import returnable_allocators  # noqa: E402

returnable_allocators()  # once per server process: what page runs free can be handed back

try:
    data.static_assets()
except Exception as exc:  # DataMissingError, OSError: the map cannot draw; say why
    st.error(f"The offline map assets could not be installed under dashboard/static: {exc}")

page.run()
ui.store_sidebar(ui.current_store())
