"""Events for the map tests (own wording; columns of geodata.model.EVENT_FIELDS)."""

from __future__ import annotations

import pandas as pd

from geodata.model import EVENT_FIELDS

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"


def _event(**kw) -> dict:
    base = {f: None for f in EVENT_FIELDS}
    base.update({"report_id": "rep-1", "time_precision": 1, "sub_event_type": "", "actor1": "",
                 "actor2": "", "location": "", "country": "Kazakhstan", "country_code": "KZ",
                 "fatalities": 0, "injuries": None, "severity": 2, "source": "Test Wire",
                 "confidence": 0.9, "status": "unreviewed", "sources_count": 1})
    base.update(kw)
    return base


def sample_events() -> pd.DataFrame:
    """One event of each ACLED type plus precision 2, 3 (with and without outline) and 4."""
    s1 = "Oil workers marched through Zhanaozen demanding cheaper fuel."
    s2 = f"Witnesses said {XSS_SCRIPT} a crowd set cars alight in Aktau."
    s3 = f"Troops exchanged fire with armed men near Almaty airport {XSS_IMG}."
    rows = [
        _event(event_id="ev-protest", event_type="Protests", sub_event_type="Peaceful protest",
               event_date="2022-01-02", location="Zhanaozen", admin1="Mangystau",
               latitude=43.34, longitude=52.86, geo_precision=1, severity=2, notes=s1,
               sentence_start=100, sentence_end=100 + len(s1),
               mention_start=100 + s1.index("Zhanaozen"),
               mention_end=100 + s1.index("Zhanaozen") + len("Zhanaozen"),
               actor1="Protesters (Kazakhstan)", status="verified", sources_count=3),
        _event(event_id="ev-riot", event_type="Riots", sub_event_type="Violent demonstration",
               event_date="2022-01-04", time_precision=2, location="Aktau", admin1="Mangystau",
               latitude=43.65, longitude=51.17, geo_precision=2, severity=3, notes=s2,
               sentence_start=0, sentence_end=len(s2), mention_start=s2.index("Aktau"),
               mention_end=s2.index("Aktau") + 5, fatalities=1, status="flagged"),
        _event(event_id="ev-battle", event_type="Battles", sub_event_type="Armed clash",
               event_date="2022-01-06", location="Almaty", admin1="Almaty City",
               latitude=43.25, longitude=76.92, geo_precision=1, severity=5, notes=s3,
               fatalities=12, actor1="Military Forces of Kazakhstan", actor2="Unidentified Armed Group"),
        _event(event_id="ev-explosion", event_type="Explosions/Remote violence",
               sub_event_type="Grenade", event_date="2022-01-07", location="Taraz",
               admin1="Zhambyl", latitude=42.90, longitude=71.37, geo_precision=1, severity=4,
               notes="A grenade went off outside a police station in Taraz.", fatalities=2),
        _event(event_id="ev-civilians", event_type="Violence against civilians",
               sub_event_type="Attack", event_date="2022-01-05", location="Shymkent",
               admin1="South Kazakhstan", latitude=42.32, longitude=69.59, geo_precision=1,
               severity=3, notes="Unknown men beat a journalist in Shymkent.", fatalities=0),
        _event(event_id="ev-region", event_type="Strategic developments",
               sub_event_type="Other", event_date="2022-01-05", time_precision=3,
               location="Mangystau", admin1="Mangghystau", latitude=44.04, longitude=53.85,
               geo_precision=3, severity=1, notes="A curfew was declared across Mangystau."),
        _event(event_id="ev-halo", event_type="Strategic developments", sub_event_type="Other",
               event_date="2022-01-06", location="Somewhere offshore", admin1="Nowhere Land",
               country_code="XX", latitude=44.5, longitude=50.2, geo_precision=3, severity=1,
               notes="Shipping was halted in a coastal zone."),
        _event(event_id="ev-country", event_type="Strategic developments",
               sub_event_type="Other", event_date="2022-01-05", latitude=48.0, longitude=68.0,
               geo_precision=4, severity=2, notes="Mobile internet was cut nationwide."),
    ]
    return pd.DataFrame(rows, columns=list(EVENT_FIELDS))
