"""Event stores for the dashboard tests: the bundled sample (or one built from the bundled
sample reports) plus reports of our own, one of them carrying HTML in its text."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from geodata import settings
from geodata.model import Report

#: A report whose sentence carries markup that must show as text (dated 2020: outside the
#: dashboard's default date range, so the default view is the plain sample).
XSS_REPORT = Report(
    "test-xss-1",
    "On Monday riot police clashed with protesters in Aktobe, who shouted "
    "<script>window.__uaXss=1</script> and carried signs <img src=x onerror=window.__uaXss=2>; "
    "two people were killed.",
    published=date(2020, 1, 8),
    title="Clashes <b>in</b> Aktobe",
    source="Test <i>Wire</i>",
)
#: A short report for the ingest tests (dated 2019: outside the default view as well).
INGEST_TEXT = ("Hundreds of people protested peacefully in Kyzylorda on Tuesday against the "
               "price of bread.")
INGEST_PUBLISHED = date(2019, 3, 7)
#: The same as a report, for the tests that ingest without the page.
INGEST_REPORT = Report("auth-ingest-1", INGEST_TEXT, published=INGEST_PUBLISHED)


def build_store(path: Path, extra: tuple[Report, ...] = (XSS_REPORT,)) -> Path:
    """The sample store (copied, or built from the sample reports) with ``extra`` reports."""
    import pytest

    from geodata.exceptions import DataMissingError
    from geodata.io.reports import read_reports
    from geodata.pipeline import process_report
    from geodata.store.eventstore import EventStore

    bundled = settings.get().sample_store_path
    try:
        if bundled.is_file():
            shutil.copyfile(bundled, path)
            reports = []
        else:
            folder = settings.DATA_DIR / "sample_reports"
            if not folder.is_dir():
                pytest.skip("no bundled sample store and no sample reports")
            reports = list(read_reports([folder]))
        with EventStore(path) as s:
            for r in [*reports, *extra]:
                res = process_report(r)
                s.add_report(r, res.mentions, res.events)
    except DataMissingError as exc:
        pytest.skip(f"bundled data missing: {exc}")
    return path
