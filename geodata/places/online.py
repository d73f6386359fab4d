"""Optional online geocoding through geopy, for names the offline gazetteer cannot place.

Off by default. When on, every request goes through geopy's :class:`~geopy.extra.rate_limiter.RateLimiter`
(at least ``settings.online_min_delay`` seconds apart: Nominatim's usage policy asks for one
request a second), with a real user agent and a timeout, and every answer (a hit or a miss) is
kept in a disk cache so a name is asked once. A timeout, refusal or server error raises
:class:`~geodata.exceptions.GeocoderServiceError`; callers keep their offline result.

Deadlines: no request is retried (geopy's plain urllib adapter, not the requests adapter whose
urllib3 retries honour ``Retry-After`` for an hour); one name may take
``settings.online_deadline`` seconds in all, however slowly the server trickles; one run may
spend ``settings.online_budget`` seconds online; a 429 answer pauses asking for its
``Retry-After`` (capped by the deadline) instead of waiting. An answer without a finite
latitude/longitude in range, or without a name, counts as no answer.

>>> from geodata.places.online import OnlineGeocoder
>>> g = OnlineGeocoder("nominatim", url="http://127.0.0.1:8089")  # doctest: +SKIP
>>> g.geocode("Zhanaozen", country_code="KZ")                       # doctest: +SKIP
OnlinePlace(name='Zhanaozen, Mangystau Region, Kazakhstan', lat=43.34, lon=52.86, ...)
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import math
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from geodata import settings
from geodata.exceptions import GeocoderServiceError

__all__ = ["OnlineGeocoder", "OnlinePlace"]


@dataclass(frozen=True)
class OnlinePlace:
    """An answer from an online geocoder."""

    name: str
    lat: float
    lon: float
    country_code: str | None
    kind: str
    service: str


class _Cache:
    """A tiny SQLite cache of answers, keyed by service and query."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._con:
            self._con.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT, at REAL)")

    def get(self, key: str) -> tuple[bool, dict[str, Any] | None]:
        with self._lock:
            row = self._con.execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
        if row is None:
            return False, None
        return True, json.loads(row[0]) if row[0] else None

    def put(self, key: str, value: dict[str, Any] | None) -> None:
        with self._lock, self._con:
            self._con.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)",
                              (key, json.dumps(value) if value else None, time.time()))


class OnlineGeocoder:
    """A rate-limited, cached geopy geocoder.

    Parameters
    ----------
    service
        A geopy service name (``nominatim``, ``photon``, ...).
    url
        Base URL of the service (``http://127.0.0.1:8089`` for a local server); default: the
        service's public domain.
    user_agent, timeout, min_delay, cache_dir, deadline, budget
        Default to the settings (``settings.user_agent``, ``settings.online_deadline`` etc.).
    """

    def __init__(
        self,
        service: str = "nominatim",
        *,
        url: str | None = None,
        user_agent: str | None = None,
        timeout: float | None = None,
        min_delay: float | None = None,
        cache_dir: Path | None = None,
        deadline: float | None = None,
        budget: float | None = None,
    ) -> None:
        from geopy.adapters import URLLibAdapter
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import get_geocoder_for_service

        cfg = settings.get()
        self.service = service
        try:
            cls = get_geocoder_for_service(service)
        except Exception as exc:  # geopy raises GeocoderNotFound
            raise GeocoderServiceError(f"unknown online geocoder {service!r}: {exc}") from None
        kwargs: dict[str, object] = {
            "user_agent": user_agent or cfg.user_agent,
            "timeout": timeout if timeout is not None else cfg.online_timeout,
            "adapter_factory": URLLibAdapter,  # no hidden retries
        }
        url = url or cfg.online_url
        if url:
            parts = urlsplit(url)
            kwargs["domain"] = parts.netloc + parts.path.rstrip("/")
            kwargs["scheme"] = parts.scheme or "https"
        self._geocoder = cls(**kwargs)
        delay = min_delay if min_delay is not None else cfg.online_min_delay
        # no retries: a failure falls back to the offline result at once
        self._geocode = RateLimiter(self._geocoder.geocode, min_delay_seconds=delay, max_retries=0,
                                    swallow_exceptions=False)
        self._cache = _Cache(Path(cache_dir or cfg.cache_dir) / "online-geocoder.sqlite")
        self.requests = 0
        self.deadline = cfg.online_deadline if deadline is None else deadline
        self.budget = cfg.online_budget if budget is None else budget
        self.spent = 0.0
        self._paused_until = 0.0
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1,
                                                           thread_name_prefix="online-geocoder")

    def geocode(self, query: str, country_code: str | None = None) -> OnlinePlace | None:
        """Look a name up; ``None`` when the service knows nothing.

        Raises
        ------
        GeocoderServiceError
            On a timeout, refusal, or server error (the answer is not cached).
        """
        key = hashlib.sha1(json.dumps([self.service, query, country_code]).encode()).hexdigest()
        hit, cached = self._cache.get(key)
        if hit:
            return OnlinePlace(**cached) if cached else None
        kwargs: dict[str, object] = {"exactly_one": True}
        if country_code and self.service == "nominatim":
            kwargs["country_codes"] = country_code.lower()
            kwargs["addressdetails"] = True
        loc = self._ask(query, kwargs)
        place = _place(loc, country_code, self.service)
        self._cache.put(key, place.__dict__ if place else None)
        return place

    def _ask(self, query: str, kwargs: dict[str, object]) -> Any:
        """One request, within the name's deadline, the run's budget and any 429 pause."""
        from geopy.exc import GeocoderRateLimited, GeopyError

        now = time.monotonic()
        if now < self._paused_until:
            raise GeocoderServiceError(f"{self.service}: rate limited, not asking until the "
                                       "service's Retry-After has passed")
        left = self.budget - self.spent
        if left <= 0:
            raise GeocoderServiceError(f"{self.service}: the run's online budget of "
                                       f"{self.budget:g} s is used up")
        self.requests += 1
        future = self._pool.submit(self._geocode, query, **kwargs)
        try:
            return future.result(timeout=min(self.deadline, left))
        except concurrent.futures.TimeoutError:
            raise GeocoderServiceError(f"{self.service}: no answer within "
                                       f"{min(self.deadline, left):g} s") from None
        except GeocoderRateLimited as exc:
            wait = exc.retry_after if exc.retry_after is not None else self.deadline
            self._paused_until = time.monotonic() + min(float(wait), self.deadline)
            raise GeocoderServiceError(f"{self.service}: rate limited (429)") from exc
        except GeopyError as exc:
            raise GeocoderServiceError(f"{self.service}: {type(exc).__name__}: {exc}") from exc
        except OSError as exc:
            raise GeocoderServiceError(f"{self.service}: {exc}") from exc
        except (ValueError, TypeError, KeyError, AttributeError) as exc:  # geopy parsing it
            raise GeocoderServiceError(f"{self.service}: malformed answer: {exc}") from exc
        finally:
            self.spent += time.monotonic() - now


def _place(loc: Any, country_code: str | None, service: str) -> OnlinePlace | None:
    """The answer as a place, or ``None`` when it is empty or unusable (no name, or a latitude
    or longitude that is missing, not finite or out of range)."""
    if loc is None:
        return None
    raw = getattr(loc, "raw", None)
    raw = raw if isinstance(raw, dict) else {}
    if ("lat" in raw or "lon" in raw) and (raw.get("lat") in (None, "") or raw.get("lon") in (None, "")):
        return None  # geopy reads a missing coordinate as 0
    try:
        lat, lon = float(loc.latitude), float(loc.longitude)
    except (TypeError, ValueError, AttributeError):
        return None
    name = getattr(loc, "address", None)
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
            and (lat, lon) != (0.0, 0.0) and isinstance(name, str) and name.strip()):
        return None
    cc = ((raw.get("address") or {}).get("country_code") or country_code or "").upper() or None
    cls = raw.get("class") or raw.get("type") or ""
    kind = "country" if raw.get("type") == "country" else (
        "region" if raw.get("type") in ("state", "administrative", "region", "province") or cls == "boundary"
        else "city")
    return OnlinePlace(name, lat, lon, cc, kind, service)
