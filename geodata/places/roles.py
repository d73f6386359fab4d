"""Which place mentions are event places because they contain the events (for the events stage).

The events stage decides which towns saw an event. A country or region that contains such a
town is an event place too ("Protesters rallied in Almaty and Aktobe, Kazakhstan": Kazakhstan
is where the events are); a place that only comments (a capital whose government spoke, a
country whose ministry condemned) contains none of them and stays context.

>>> from geodata.model import Mention
>>> town = Mention("r", "Aktobe", 0, 6, "Aktobe", 1, 50.3, 57.2, "KZ", "Aktobe", "city",
...                admin1_code="KZ.04")
>>> kz = Mention("r", "Kazakhstan", 8, 18, "Kazakhstan", 2, 48.0, 68.0, "KZ", None, "country")
>>> ru = Mention("r", "Moscow", 30, 36, "Moscow", 3, 55.7, 37.6, "RU", "Moscow", "city")
>>> sorted(containing_event_places([town, kz, ru], {0}))
[1]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from geodata.model import Mention

__all__ = ["containing_event_places", "contains"]


def contains(outer: Mention, inner: Mention) -> bool:
    """Whether ``outer`` (a country or region) contains ``inner`` by the gazetteer's codes."""
    if outer is inner or not outer.country_code or outer.country_code != inner.country_code:
        return False
    if outer.kind == "country":
        return inner.kind != "country"
    if outer.kind == "region" and outer.admin1_code and (outer.feature_code or "").endswith("ADM1"):
        # a town, landmark or district (ADM2) of the region
        return inner.admin1_code == outer.admin1_code and not (inner.feature_code or "").endswith("ADM1")
    return False


def containing_event_places(mentions: Sequence[Mention], event_ix: Iterable[int]) -> set[int]:
    """Indices of the country and region mentions that contain an event place.

    Parameters
    ----------
    mentions
        A report's mentions, as the geoparser returns them.
    event_ix
        Indices (into ``mentions``) of the places the events stage found events at.

    Returns
    -------
    set of int
        Indices of country/region mentions, not in ``event_ix``, containing one of them: mark
        them ``event`` too. A capital or any town that only comments is never returned.
    """
    events = [mentions[i] for i in event_ix]
    ids = {id(e) for e in events}
    # what the event places are, by country and admin-1 code, once (a 1 MB report has
    # thousands of both kinds: no pairwise scan)
    below_country: set[str] = set()  # countries holding an event place that is no country
    below_region: set[str] = set()  # admin-1 codes holding one that is no admin-1 region
    for e in events:
        if not e.country_code:
            continue
        if e.kind != "country":
            below_country.add(e.country_code)
        if e.admin1_code and not (e.feature_code or "").endswith("ADM1"):
            below_region.add(f"{e.country_code}|{e.admin1_code}")
    out: set[int] = set()
    for k, m in enumerate(mentions):
        if m.kind not in ("country", "region") or id(m) in ids or not m.country_code:
            continue
        if m.kind == "country":
            hit = m.country_code in below_country
        else:
            hit = bool(m.admin1_code) and (m.feature_code or "").endswith("ADM1") \
                and f"{m.country_code}|{m.admin1_code}" in below_region
        if hit:
            out.add(k)
    return out
