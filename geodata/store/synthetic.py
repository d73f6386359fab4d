"""Plausible synthetic events for benchmarks and tests (never shipped as real data).

>>> from geodata.store.synthetic import synthetic_events
>>> evs = synthetic_events(100, seed=1)
>>> len(evs), len({e.country_code for e in evs}) > 3
(100, True)

Coordinates and GeoNames ids are those of real cities (GeoNames, CC BY 4.0); everything else
(dates, actors, fatalities, notes) is random. Notes say "Synthetic event" so nobody mistakes
them for reports.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from geodata.events.taxonomy import EVENT_TYPES
from geodata.model import Event

__all__ = ["COUNTRIES", "synthetic_events"]

# country code -> (name, country geonameid, country point lat, lon,
#                  [(city, geonameid, lat, lon, admin1), ...] largest first)
COUNTRIES: dict[str, tuple[str, int, float, float, list[tuple[str, int, float, float, str]]]] = {
    "KZ": ("Kazakhstan", 1522867, 48.0, 68.0, [
        ("Almaty", 1526384, 43.25249, 76.9115, "Almaty"),
        ("Astana", 1526273, 51.1801, 71.44598, "Astana"),
        ("Shymkent", 1518980, 42.30988, 69.60042, "Shymkent"),
        ("Aktobe", 610611, 50.27969, 57.20718, "Aktobe Region"),
        ("Karagandy", 609655, 49.80187, 73.10211, "Karaganda Region"),
        ("Atyrau", 610529, 47.1048, 51.88427, "Atyrau Region"),
        ("Zhanaozen", 607610, 43.34116, 52.86192, "Mangystau Region"),
        ("Taraz", 1516905, 42.89799, 71.37334, "Jambyl Region"),
    ]),
    "NG": ("Nigeria", 2328926, 10.0, 8.0, [
        ("Lagos", 2332459, 6.45407, 3.39467, "Lagos"),
        ("Kano", 2335204, 12.00012, 8.51672, "Kano"),
        ("Ibadan", 2339354, 7.37756, 3.90591, "Oyo"),
        ("Abuja", 2352778, 9.05785, 7.49508, "Federal Capital Territory"),
        ("Port Harcourt", 2324774, 4.77742, 7.0134, "Rivers"),
        ("Kaduna", 2335727, 10.52641, 7.43879, "Kaduna"),
        ("Maiduguri", 2331447, 11.84692, 13.15712, "Borno"),
    ]),
    "KE": ("Kenya", 192950, 1.0, 38.0, [
        ("Nairobi", 184745, -1.28333, 36.81667, "Nairobi County"),
        ("Mombasa", 186301, -4.05466, 39.66359, "Mombasa County"),
        ("Nakuru", 184622, -0.30719, 36.07225, "Nakuru County"),
        ("Eldoret", 198629, 0.52036, 35.26993, "Uasin Gishu County"),
        ("Kisumu", 191245, -0.10221, 34.76171, "Kisumu County"),
    ]),
    "PK": ("Pakistan", 1168579, 30.0, 70.0, [
        ("Lahore", 1172451, 31.558, 74.35071, "Punjab"),
        ("Karachi", 1174872, 24.8608, 67.0104, "Sindh"),
        ("Peshawar", 1168197, 34.008, 71.57849, "Khyber Pakhtunkhwa"),
        ("Faisalabad", 1179400, 31.41554, 73.08969, "Punjab"),
        ("Quetta", 1167528, 30.18414, 67.00141, "Balochistan"),
        ("Islamabad", 1176615, 33.72148, 73.04329, "Islamabad Capital Territory"),
    ]),
    "CO": ("Colombia", 3686110, 4.0, -73.25, [
        ("Bogotá", 3688689, 4.60971, -74.08175, "Bogota D.C."),
        ("Cali", 3687925, 3.43054, -76.5199, "Valle del Cauca"),
        ("Medellín", 3674962, 6.245, -75.57151, "Antioquia"),
        ("Barranquilla", 3689147, 10.96854, -74.78132, "Atlántico"),
        ("Cartagena", 3687238, 10.39817, -75.49328, "Bolívar"),
    ]),
    "FR": ("France", 3017382, 46.0, 2.0, [
        ("Paris", 2988507, 48.85341, 2.3488, "Île-de-France"),
        ("Marseille", 2995469, 43.29695, 5.38107, "Provence-Alpes-Côte d'Azur"),
        ("Lyon", 2996944, 45.74906, 4.84789, "Auvergne-Rhône-Alpes"),
        ("Toulouse", 2972315, 43.60426, 1.44367, "Occitanie"),
        ("Nantes", 2990969, 47.21725, -1.55336, "Pays de la Loire"),
        ("Bordeaux", 3031582, 44.84124, -0.58046, "Nouvelle-Aquitaine"),
    ]),
    "IR": ("Iran", 130758, 32.0, 53.0, [
        ("Tehran", 112931, 35.69439, 51.42151, "Tehran"),
        ("Mashhad", 124665, 36.29807, 59.60567, "Razavi Khorasan"),
        ("Isfahan", 418863, 32.65246, 51.67462, "Isfahan"),
        ("Tabriz", 113646, 38.08, 46.2919, "East Azerbaijan"),
        ("Shiraz", 115019, 29.61031, 52.53113, "Fars"),
        ("Zahedan", 1159301, 29.4963, 60.8629, "Sistan and Baluchestan"),
    ]),
    "SD": ("Sudan", 366755, 16.0, 30.0, [
        ("Khartoum", 379252, 15.55177, 32.53241, "Khartoum"),
        ("Omdurman", 365137, 15.64453, 32.47773, "Khartoum"),
        ("Nyala", 369004, 12.04888, 24.88069, "South Darfur"),
        ("Port Sudan", 377039, 19.61745, 37.21644, "Red Sea"),
        ("El Fasher", 379555, 13.62793, 25.34936, "North Darfur"),
    ]),
}  # fmt: skip

# event type -> (weight, actor1 template, inter1, actor2 template, inter2, fatality scale)
_TYPES: dict[str, tuple[float, str, int, str, int | None, float]] = {
    "Protests": (0.45, "Protesters ({c})", 6, "Police Forces of {c}", 1, 0.0),
    "Riots": (0.2, "Rioters ({c})", 5, "Police Forces of {c}", 1, 0.6),
    "Strategic developments": (0.12, "Police Forces of {c}", 1, "Protesters ({c})", 6, 0.0),
    "Violence against civilians": (0.1, "Unidentified Armed Group ({c})", 8, "Civilians ({c})", 7, 2.0),
    "Battles": (0.08, "Military Forces of {c}", 1, "Unidentified Armed Group ({c})", 8, 4.0),
    "Explosions/Remote violence": (0.05, "Unidentified Armed Group ({c})", 8, "Civilians ({c})", 7, 5.0),
}
_SEVERITY_BASE = {
    "Protests": 1,
    "Strategic developments": 1,
    "Riots": 2,
    "Violence against civilians": 3,
    "Battles": 3,
    "Explosions/Remote violence": 3,
}
_SOURCES = ("Synthetic Wire", "Example Daily", "Test Agency", "Sample Radio", "Demo Monitor")


def synthetic_events(
    n: int,
    seed: int = 0,
    countries: Sequence[str] | None = None,
    year: int = 2022,
    per_report: int = 3,
) -> list[Event]:
    """``n`` plausible events over several countries and one year.

    Parameters
    ----------
    n
        How many events.
    seed
        Random seed: the same seed gives the same events.
    countries
        ISO alpha-2 codes among :data:`COUNTRIES` (default: all of them).
    year
        The year the dates fall in.
    per_report
        Events per synthetic report id.

    Returns
    -------
    list of Event
        With unique ids ``syn-<seed>-<n>``; about 5 % are country-level (``geo_precision`` 4,
        the country's point), 15 % near a town (precision 2, jittered a few km).

    Raises
    ------
    ValueError
        For a country code with no city table.
    """
    codes = list(countries) if countries is not None else list(COUNTRIES)
    unknown = [c for c in codes if c not in COUNTRIES]
    if unknown:
        raise ValueError(f"no synthetic cities for {', '.join(unknown)}; known: {', '.join(COUNTRIES)}")
    rng = random.Random(seed)
    types = list(_TYPES)
    type_weights = [_TYPES[t][0] for t in types]
    country_weights = [1.0 / (i + 1) ** 0.5 for i in range(len(codes))]
    start = date(year, 1, 1)
    days = (date(year + 1, 1, 1) - start).days
    out: list[Event] = []
    for i in range(n):
        cc = rng.choices(codes, country_weights)[0]
        cname, cgid, clat, clon, cities = COUNTRIES[cc]
        etype = rng.choices(types, type_weights)[0]
        _, a1, i1, a2, i2, fscale = _TYPES[etype]
        sub = rng.choice(EVENT_TYPES[etype])
        r = rng.random()
        if r < 0.05:
            location, gid, lat, lon, admin1, gp = cname, cgid, clat, clon, None, 4
        else:
            city = rng.choices(cities, [1.0 / (k + 1) for k in range(len(cities))])[0]
            location, gid, lat, lon, admin1 = city
            gp = 1
            if r < 0.2:
                gp = 2
                lat += rng.uniform(-0.05, 0.05)
                lon += rng.uniform(-0.05, 0.05)
                gid = None
        tp = rng.choices((1, 2, 3), (0.85, 0.1, 0.05))[0]
        day = start + timedelta(days=rng.randrange(days))
        fat = int(rng.expovariate(1.0 / fscale)) if fscale and rng.random() < 0.6 else 0
        injuries = int(rng.expovariate(0.2)) if etype in ("Riots", "Protests") and rng.random() < 0.3 else None
        severity = min(5, _SEVERITY_BASE[etype] + (fat > 0) + (fat >= 10))
        with_opponent = etype != "Protests" or sub != "Peaceful protest"
        report_id = f"syn-{seed}-r{i // max(1, per_report):06d}"
        src = rng.choice(_SOURCES)
        out.append(
            Event(
                event_id=f"syn-{seed}-{i:06d}",
                report_id=report_id,
                event_date=day.isoformat(),
                time_precision=tp,
                event_type=etype,
                sub_event_type=sub,
                actor1=a1.format(c=cname),
                actor2=a2.format(c=cname) if with_opponent else "",
                location=location,
                admin1=admin1,
                country=cname,
                country_code=cc,
                latitude=round(lat, 5),
                longitude=round(lon, 5),
                geo_precision=gp,
                fatalities=fat,
                injuries=injuries,
                severity=severity,
                notes=f"Synthetic event: {sub.lower()} in {location} ({cname}).",
                source=src,
                confidence=round(rng.uniform(0.5, 0.99), 2),
                geonameid=gid,
                inter1=i1,
                inter2=i2 if with_opponent else None,
                tags="synthetic",
                source_url=f"https://example.org/{report_id}",
            )
        )
    return out
