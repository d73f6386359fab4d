"""The Unrest Atlas dashboard (Streamlit): explore events on an offline map, review and ingest.

Run it with ``unrest-atlas dashboard`` or ``streamlit run dashboard/app.py``. Pages live in
``dashboard/views/``; every cached load sits in :mod:`dashboard.data`; the filters and their
URL form in :mod:`dashboard.filters`. Nothing here is imported by :mod:`geodata`.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["APP_DIR", "APP_PATH", "STATIC_DIR"]

#: The folder of the Streamlit app (``dashboard/``).
APP_DIR = Path(__file__).resolve().parent
#: The entry script given to ``streamlit run``.
APP_PATH = APP_DIR / "app.py"
#: Where Streamlit's static serving finds the Leaflet assets and tiles (``/app/static/...``).
STATIC_DIR = APP_DIR / "static" / "unrest-atlas"
