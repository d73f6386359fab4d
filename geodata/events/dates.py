"""Dates in report text, read against the report's publication date.

Every phrase found becomes a :class:`DateHit` with an ISO date and ACLED's time precision
(1 the day, 2 within a week, 3 within a month or a year). Rules:

* weekdays ("on Wednesday", "late Sunday", "in the early hours of Thursday", "Monday night")
  are the most recent such day on or before publication; "last Monday" is strictly before;
* "yesterday", "last night", "overnight" are the day before publication; "today", "this
  morning", "tonight" the day itself; "N days ago" counts back;
* "last week" is the Wednesday of the previous Monday-Sunday week and "this week" the middle
  of the days of this week so far (precision 2); "at the weekend" the last Saturday (2);
* explicit dates ("January 5", "5 January 2022", "Jan. 5", "2022-01-05") are precision 1; with
  no year, the year that puts them on or before publication;
* months ("in December 2011", "earlier this month", "last month") are the 15th (or the middle
  of the days elapsed, when that month is the publication month), precision 3; years ("in
  2011", "the 2011 massacre", "last year") are 1 July (or the middle of the days elapsed),
  precision 3;
* "since Tuesday" gives the start date and marks the hit ``since``;
* a date after publication is marked ``future`` (planned, not happened);
* without a publication date only absolute dates (with a year) are resolved: relative phrases
  give ``iso=None``; today's date is never used.

>>> from datetime import date
>>> resolve_date("on Wednesday", date(2022, 1, 6))
('2022-01-05', 1)
>>> resolve_date("in December 2011", date(2022, 1, 6))
('2011-12-15', 3)
>>> resolve_date("yesterday", None)
(None, 0)
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from geodata.events._gate import GateSet

__all__ = ["DateHit", "find_dates", "parse_date", "resolve_date"]


def parse_date(value: object) -> date | None:
    """A stored or typed date, leniently: a :class:`~datetime.date` as is, an ISO string by its
    first ten characters (``"2022-01-05T10:00"``), anything else ``None``.

    >>> parse_date("2022-01-05T10:00"), parse_date(""), parse_date("5 Jan")
    (datetime.date(2022, 1, 5), None, None)
    """
    if isinstance(value, date):
        return value
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}
_NUMWORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2,
    "a few": 3, "several": 3,
}

# Month names: capitalised ("May", "March" are also words), or lower case for the others
# (machine translation sometimes lowers them); abbreviations with an optional period.
_MONTH_ALT = "|".join(
    [m.capitalize() for m in _MONTHS if len(m) > 3]
    + [m for m in _MONTHS if len(m) > 3 and m not in ("may", "march")]
    + [m.capitalize() + r"\.?" for m in _MONTHS if len(m) <= 4 and m not in ("june", "july")]
    + [m.upper() for m in _MONTHS if len(m) > 3]
)
_MONTH = rf"(?P<month>{_MONTH_ALT})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_WD_ALT = "|".join(
    sorted({w.capitalize() for w in _WEEKDAYS if len(w) > 3} | {w for w in _WEEKDAYS if len(w) > 3}
           | {w.upper() for w in _WEEKDAYS if len(w) > 3}, key=len, reverse=True)
)
_PART = r"(?:\s+(?:morning|afternoon|evening|night|midday|noon|dawn))?"

_FLAGS = re.UNICODE
#: What a span of days or a single night, weekend or week is introduced by ("between 3 and 5
#: May", "overnight on 4-5 June", "the weekend of 8-9 June", "the week of 10 June").
_SPAN_PRE = (r"(?i:(?P<pre>between|from|overnight(?:\s+(?:on|of|between))?|(?:on\s+|in\s+|during\s+)?the\s+night\s+of|"
             r"(?:on\s+|over\s+|during\s+|at\s+)?the\s+weekend\s+of|(?:in\s+|during\s+|on\s+)?the\s+week\s+of|on|sometime\s+between))")
_DAY1 = r"(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?"
_MONTH1 = rf"(?P<m1>{_MONTH_ALT})"
_YEAR1 = r"(?P<y1>(?:1[89]|20)\d\d)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 3-5 May 2024, between 3 and 5 May, 30 April - 2 May 2024, overnight on 4-5 June
    ("range", re.compile(
        rf"(?:\b{_SPAN_PRE}\s+)?\b{_DAY1}(?:\s+{_MONTH1}(?![a-z])(?:,?\s+{_YEAR1})?)?"
        rf"\s*(?P<sep>[-\u2013\u2014/]|\s(?i:and|to|or|until|till|through)\s)\s*(?:(?i:on)\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}(?![a-z])(?:,?\s+{_YEAR})?\b",
        _FLAGS)),
    # May 3-5, 2024; between May 3 and 5
    ("mrange", re.compile(
        rf"(?:\b{_SPAN_PRE}\s+)?\b{_MONTH}\s+{_DAY1}\s*(?P<sep>[-\u2013\u2014]|\s(?i:and|to|or|through)\s)\s*{_DAY}\b(?![\d,]\d)(?:,?\s+{_YEAR})?(?!\d)",
        _FLAGS)),
    # one night, weekend or week named by a day: overnight on 4 June, the weekend of 8 June
    ("period", re.compile(
        rf"\b(?i:(?P<pre>overnight\s+(?:on|of)|(?:on\s+|in\s+|during\s+)?the\s+night\s+of|(?:on\s+|over\s+|during\s+|at\s+)?the\s+weekend\s+of|"
        rf"(?:in\s+|during\s+|on\s+)?the\s+week\s+of))\s+{_DAY}(?:\s+of)?\s+{_MONTH}(?![a-z])(?:,?\s+{_YEAR})?\b",
        _FLAGS)),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b", _FLAGS)),
    # 5 January 2022, 5th of January, 5 Jan.
    ("dmy", re.compile(
        rf"(?:\b(?i:(?P<since>since|from|starting|until|till|through|up to|set for|scheduled for|planned for|for))\s+)?(?:\b(?i:on)\s+)?\b{_DAY}(?:\s+of)?\s+{_MONTH}(?![a-z])(?:,?\s+{_YEAR})?\b",
        _FLAGS)),
    # January 5, 2022 / Jan. 5
    ("mdy", re.compile(
        rf"(?:\b(?i:(?P<since>since|from|starting|until|till|through|up to|set for|scheduled for|planned for|for))\s+)?(?:\b(?i:on)\s+)?\b{_MONTH}\s+{_DAY}\b(?![\d,]\d)(?:,?\s+{_YEAR})?(?!\d)",
        _FLAGS)),
    # December 2011
    ("my", re.compile(
        rf"(?:\b(?i:(?P<since>since|from))\s+)?(?:\b(?i:in|during|of|by|until|early|late|mid-?)\s+)?\b{_MONTH}(?![a-z]),?\s+{_YEAR}\b",
        _FLAGS)),
    # in December (no year)
    ("m", re.compile(
        rf"\b(?i:(?P<since>since)|in|during|early|late|mid-?|last)\s+{_MONTH}\b(?![a-z])(?!,?\s*\d)",
        _FLAGS)),
    # in 2011, the 2011 massacre, since 2011
    ("y", re.compile(
        rf"\b(?:(?P<since>since|from)|in|during|of|by|until|till|before|after|early|late|mid-?|the|back in)\s+{_YEAR}\b(?!\s*(?:%|percent|per cent|people|protesters|members|-\d))",
        _FLAGS | re.IGNORECASE)),
    ("wd", re.compile(
        rf"(?:\b(?i:(?P<pre>set for|scheduled for|planned for|for|last|this|past|on|late|early|late on|early on|later on|earlier on|by|since|from|until|overnight|before dawn on|in the early hours of|early hours of|on the night of|the night of|in the night of))\s+)?\b(?P<wd>{_WD_ALT})\b(?!s\b){_PART}",
        _FLAGS)),
    ("rel", re.compile(
        r"\b(?P<rel>the day before yesterday|yesterday|today|tonight|this morning|this afternoon|"
        r"this evening|last night|overnight|earlier today|later today|"
        r"last week|this week|earlier this week|earlier in the week|past week|"
        r"(?:at|over|on|during) the weekend|this weekend|last weekend|"
        r"earlier this month|this month|last month|earlier this year|this year|last year|"
        r"the previous day|the day before|the next day|the following day|a day later|"
        r"the previous night|the following morning|hours later)\b", _FLAGS | re.IGNORECASE)),
    ("ago", re.compile(
        r"\b(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a few|several)\s+"
        r"(?P<unit>days?|weeks?|months?|years?)\s+(?:ago|earlier)\b", _FLAGS | re.IGNORECASE)),
]

_GATES = GateSet([rx for _kind, rx in _PATTERNS])
#: More necessary conditions, each tested once a text: a day's number for "dmy" and "mdy", a
#: year for "my" (the month gates also pass on "may"), and for a span of days a second day
#: right after its separator ("3-5 May", "May 3 and 5").
_SPAN_SEP_RX = re.compile(r"(?:[-\u2013\u2014/]|\s(?i:and|to|or|until|till|through)\s)\s*(?:(?i:on)\s+)?\d")
_DIGIT_RX = re.compile(r"\d")
_NEEDS = {i: {"range": "span", "mrange": "span", "dmy": "digit", "mdy": "digit", "my": "year"}.get(kind, "")
          for i, (kind, _rx) in enumerate(_PATTERNS)}
#: The patterns the gates always run ("iso", "y": no literal word) match only where a year is
#: written: skipped when the text has none (a necessary condition, same hits).
_YEAR_ONLY = frozenset(_GATES.always)
_YEAR_RUN_RX = re.compile(r"(?:1[89]|20)\d\d")

_REL_PREV = {
    "the previous day": -1, "the day before": -1, "the previous night": -1,
    "the next day": 1, "the following day": 1, "a day later": 1, "the following morning": 1,
    "hours later": 0,
}


@dataclass(frozen=True)
class DateHit:
    """One date phrase in a text.

    Attributes
    ----------
    start, end
        Offsets of the phrase in the text searched.
    iso
        The date (``YYYY-MM-DD``), ``None`` when it cannot be resolved (relative phrase and no
        publication date, or relative to a previous sentence's date).
    precision
        1 day, 2 within a week, 3 within a month or a year.
    since
        The phrase gives a start ("since Tuesday").
    future
        The date falls after publication.
    absolute
        The phrase carries its own year (it does not depend on the publication date).
    prev_delta
        For "the next day" / "the previous day": days from the previous sentence's date.
    until
        The phrase gives an end ("until 19 January"): it does not date an event.
    """

    start: int
    end: int
    iso: str | None
    precision: int
    since: bool = False
    future: bool = False
    absolute: bool = False
    prev_delta: int | None = None
    text: str = ""
    until: bool = False


def _mid(a: date, b: date) -> date:
    return a + timedelta(days=(b - a).days // 2)


def _month_date(year: int, month: int, published: date | None) -> tuple[date, bool]:
    """The date recorded for a month: the 15th, or the middle of the elapsed days."""
    first = date(year, month, 1)
    if published is not None and (year, month) == (published.year, published.month):
        return _mid(first, published), False
    d = date(year, month, 15)
    return d, bool(published is not None and d > published)


def _year_date(year: int, published: date | None) -> tuple[date, bool]:
    first = date(year, 1, 1)
    if published is not None and year == published.year:
        return _mid(first, published), False
    d = date(year, 7, 1)
    return d, bool(published is not None and d > published)


def _num(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else _NUMWORDS.get(w, 1)


def _resolve(kind: str, m: re.Match[str], published: date | None) -> DateHit | None:
    hit = _resolve1(kind, m, published)
    if hit is None:
        return None
    g = m.groupdict()
    word = (g.get("since") or g.get("pre") or "").lower()
    if word in ("until", "till", "through", "up to", "set for", "scheduled for", "planned for", "for"):
        # An end ("until 19 January") or a plan ("a strike for Monday") dates no event.
        return dataclasses.replace(hit, since=False, until=True)
    return hit


def _day_of(year: int | None, month: int, day: int, published: date | None) -> tuple[date | None, bool]:
    """A day of a month, in its year or (none written) the year that puts it on or before
    publication, as :func:`_resolve1` does for one date; ``(None, False)`` when invalid or
    unresolvable. Also whether it is a date to come."""
    try:
        if year is not None:
            d = date(year, month, day)
            return d, bool(published and d > published)
        if published is None:
            return None, False
        d = date(published.year, month, day)
        if d > published:
            if (d - published).days <= 62:
                return d, True
            d = date(published.year - 1, month, day)
    except ValueError:
        return None, False
    return d, False


def _span(kind: str, m: re.Match[str], published: date | None) -> DateHit | None:
    """A span of days ("between 3 and 5 May", "4-5 June", "May 3-5") or one night, weekend or
    week named by a day. The event is dated by its first day (a night "of 4-5 June" is the 4th;
    a weekend its Saturday), precision 1 for one day or night, 2 for a span of up to two weeks
    or a week or weekend, 3 for longer."""
    g = m.groupdict()
    pre = " ".join((g.get("pre") or "").lower().split())
    month2 = _MONTHS[g["month"].rstrip(".").lower()]
    year2 = int(g["year"]) if g.get("year") else None
    start: date | None
    end: date | None
    if kind == "period":
        start, fut = _day_of(year2, month2, int(g["day"]), published)
        if start is None:
            return None
        end = start
    else:
        month1 = _MONTHS[g["m1"].rstrip(".").lower()] if g.get("m1") else month2
        year1 = int(g["y1"]) if g.get("y1") else (None if year2 is None else year2 - (1 if month1 > month2 else 0))
        if not (1 <= int(g["d1"]) <= 31 and 1 <= int(g["day"]) <= 31):
            return None
        end, fut = _day_of(year2, month2, int(g["day"]), published)
        if end is None:
            return None
        if year1 is None:
            year1 = end.year - (1 if month1 > month2 else 0)
        try:
            start = date(year1, month1, int(g["d1"]))
        except ValueError:
            return None
        if not start < end or (end - start).days > 366:
            return None  # "5-3 May", or two dates that are no span
        fut = bool(published and start > published)
    days = (end - start).days
    night = pre.startswith(("overnight", "on the night", "in the night", "during the night", "the night"))
    if "weekend" in pre:
        start += timedelta(days={4: 1, 6: -1}.get(start.weekday(), 0))  # its Saturday
        prec = 2
    elif "week" in pre:
        prec = 2
    elif days == 0 or (days == 1 and (night or (pre not in ("between", "sometime between") and (g.get("sep") or "").strip() != "or"))):
        prec = 1
    else:
        prec = 2 if days <= 14 else 3
    absolute = year2 is not None
    return DateHit(m.start(), m.end(), start.isoformat(), prec, False, fut, absolute, text=m.group(0))


def _resolve1(kind: str, m: re.Match[str], published: date | None) -> DateHit | None:
    if kind in ("range", "mrange", "period"):
        return _span(kind, m, published)
    g = m.groupdict()
    since = (g.get("since") or g.get("pre") or "").lower() in ("since", "from", "starting")
    text = m.group(0)
    if kind == "iso":
        try:
            d = date(int(g["year"]), int(g["mon"]), int(g["day"]))
        except ValueError:
            return None
        return DateHit(m.start(), m.end(), d.isoformat(), 1, since, bool(published and d > published), True, text=text)
    if kind in ("dmy", "mdy"):
        month = _MONTHS[g["month"].rstrip(".").lower()]
        day = int(g["day"])
        year = g.get("year")
        if not 1 <= day <= 31:
            return None
        if year:
            try:
                d = date(int(year), month, day)
            except ValueError:
                return None
            return DateHit(m.start(), m.end(), d.isoformat(), 1, since, bool(published and d > published), True, text=text)
        if published is None:
            return DateHit(m.start(), m.end(), None, 1, since, text=text)
        try:
            d = date(published.year, month, day)
            if d > published:
                if (d - published).days <= 62:
                    # Shortly after publication: a date to come (planned), not last year's.
                    return DateHit(m.start(), m.end(), d.isoformat(), 1, since, True, text=text)
                # No year: the most recent such date.
                d = date(published.year - 1, month, day)
        except ValueError:
            return None
        return DateHit(m.start(), m.end(), d.isoformat(), 1, since, text=text)
    if kind == "my":
        month = _MONTHS[g["month"].rstrip(".").lower()]
        d, fut = _month_date(int(g["year"]), month, published)
        return DateHit(m.start(), m.end(), d.isoformat(), 3, since, fut, True, text=text)
    if kind == "m":
        if published is None:
            return DateHit(m.start(), m.end(), None, 3, since, text=text)
        month = _MONTHS[g["month"].rstrip(".").lower()]
        year = published.year if month <= published.month else published.year - 1
        d, _ = _month_date(year, month, published)
        return DateHit(m.start(), m.end(), d.isoformat(), 3, since, text=text)
    if kind == "y":
        d, fut = _year_date(int(g["year"]), published)
        return DateHit(m.start(), m.end(), d.isoformat(), 3, since, fut, True, text=text)
    if published is None:
        if kind == "rel" and g["rel"].lower() in _REL_PREV:
            return DateHit(m.start(), m.end(), None, 1, prev_delta=_REL_PREV[g["rel"].lower()], text=text)
        return DateHit(m.start(), m.end(), None, 0, since, text=text)
    p = published
    if kind == "wd":
        wd = _WEEKDAYS[g["wd"].lower()]
        pre = (g.get("pre") or "").lower()
        delta = (p.weekday() - wd) % 7
        if pre in ("last", "past") and delta == 0:
            delta = 7
        d = p - timedelta(days=delta)
        return DateHit(m.start(), m.end(), d.isoformat(), 1, since, text=text)
    if kind == "rel":
        return _relative(m, g["rel"].lower(), since, p)
    if kind == "ago":
        return _ago(m, g, p)
    return None  # pragma: no cover


def _relative(m: re.Match[str], rel: str, since: bool, p: date) -> DateHit | None:
    """A relative phrase ("yesterday", "last week", "earlier this month") against publication."""
    text = m.group(0)
    if rel in _REL_PREV:
        return DateHit(m.start(), m.end(), None, 1, prev_delta=_REL_PREV[rel], text=text)
    monday = p - timedelta(days=p.weekday())
    if rel == "the day before yesterday":
        d, prec = p - timedelta(days=2), 1
    elif rel in ("yesterday", "last night", "overnight"):
        d, prec = p - timedelta(days=1), 1
    elif rel in ("today", "tonight", "this morning", "this afternoon", "this evening",
                 "earlier today", "later today"):
        d, prec = p, 1
    elif rel in ("last week", "past week"):
        d, prec = monday - timedelta(days=5), 2
    elif rel in ("this week", "earlier this week", "earlier in the week"):
        d, prec = _mid(monday, p), 2
    elif "weekend" in rel:
        back = (p.weekday() - 5) % 7
        if rel == "last weekend" and back < 2:
            back += 7
        d, prec = p - timedelta(days=back), 2
    elif rel in ("earlier this month", "this month"):
        d, prec = _mid(p.replace(day=1), p), 3
    elif rel == "last month":
        prev = p.replace(day=1) - timedelta(days=1)
        d, prec = prev.replace(day=15), 3
    elif rel in ("earlier this year", "this year"):
        d, prec = _mid(p.replace(month=1, day=1), p), 3
    elif rel == "last year":
        d, prec = date(p.year - 1, 7, 1), 3
    else:  # pragma: no cover - every alternative is handled above
        return None
    return DateHit(m.start(), m.end(), d.isoformat(), prec, since, text=text)


def _ago(m: re.Match[str], g: dict[str, Any], p: date) -> DateHit:
    """An "N days/weeks/months/years ago" phrase against publication."""
    text = m.group(0)
    n = _num(g["n"])
    unit = g["unit"].lower().rstrip("s")
    if unit == "day":
        d, prec = p - timedelta(days=n), 1
    elif unit == "week":
        d, prec = p - timedelta(days=7 * n), 2
    elif unit == "month":
        y, mo = p.year, p.month - n
        while mo <= 0:
            mo += 12
            y -= 1
        d, prec = date(y, mo, 15), 3
    else:
        d, prec = date(p.year - n, 7, 1), 3
    return DateHit(m.start(), m.end(), d.isoformat(), prec, text=text)


_QUALIFIER_RX = re.compile(r"\s*\(\s*(?:the\s+)?((?:week|weekend|month)\s+of)\s*\)", re.IGNORECASE)


def find_dates(text: str, published: date | None) -> list[DateHit]:
    """Every date phrase in ``text``, in order, without overlaps (the longest wins).

    Examples
    --------
    >>> from datetime import date
    >>> [(h.text, h.iso, h.precision) for h in find_dates("Since Tuesday; by Wednesday.", date(2022, 1, 6))]
    [('Since Tuesday', '2022-01-04', 1), ('by Wednesday', '2022-01-05', 1)]
    """
    found: list[DateHit] = []
    year = _YEAR_RUN_RX.search(text) is not None
    has: dict[str, bool] = {"": True, "year": year}
    for i in _GATES.runnable(text.lower()):  # (only the patterns whose keywords occur)
        if not year and i in _YEAR_ONLY:
            continue
        need = _NEEDS[i]
        if need not in has:
            has[need] = (_SPAN_SEP_RX if need == "span" else _DIGIT_RX).search(text) is not None
        if not has[need]:
            continue
        kind, rx = _PATTERNS[i]
        for m in rx.finditer(text):
            hit = _resolve(kind, m, published)
            if hit is not None:
                found.append(hit)
    found.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[DateHit] = []
    for h in found:
        if out and h.start < out[-1].end:
            if h.end - h.start > out[-1].end - out[-1].start and h.start == out[-1].start:
                out[-1] = h
            continue
        out.append(h)
    # a coder's qualifier after the day: "On 15 June 2024 (week of)" is that week, "(month of)"
    # that month; the day written stays the date
    for k, h in enumerate(out):
        q = _QUALIFIER_RX.match(text, h.end)
        if q is not None and h.precision == 1:
            out[k] = dataclasses.replace(h, precision=2 if "week" in q.group(1).lower() else 3)
    if any(h.absolute and h.precision == 1 and not h.until for h in out):
        # "On 4 June 2024, gunmen raided a farm overnight": the night of the day written, not
        # the night before publication
        out = [h for h in out if h.text.lower() != "overnight"]
    return out


def best_hit(hits: list[DateHit], anchor: int | None = None) -> DateHit | None:
    """The hit to date an event by: the finest precision, then the nearest to ``anchor``.

    "since 2011" in a comparison ("the largest since 2011") yields to any finer date.
    """
    usable = [h for h in hits if (h.iso is not None or h.prev_delta is not None) and not h.until]
    if not usable:
        return None

    def key(h: DateHit) -> tuple[int, int, int]:
        prec = h.precision if h.precision else 9
        dist = abs(h.start - anchor) if anchor is not None else h.start
        return (prec + (1 if h.since and prec == 3 else 0), dist, h.start)

    return min(usable, key=key)


def resolve_date(phrase_or_sentence: str, published: date | None) -> tuple[str | None, int]:
    """The date a phrase (or a sentence) gives, with its time precision.

    Parameters
    ----------
    phrase_or_sentence
        "on Wednesday", "in December 2011", or a whole sentence (its finest date is used).
    published
        The report's publication date, or ``None``.

    Returns
    -------
    tuple
        ``(iso_date, time_precision)``; ``(None, 0)`` when no date can be given: none stated,
        a relative date without a publication date, or a date after publication.

    Examples
    --------
    >>> from datetime import date
    >>> resolve_date("in the early hours of Thursday", date(2022, 1, 6))
    ('2022-01-06', 1)
    >>> resolve_date("last week", date(2022, 1, 6))
    ('2021-12-29', 2)
    >>> resolve_date("5 January 2022", None)
    ('2022-01-05', 1)
    """
    hit = best_hit(find_dates(phrase_or_sentence, published))
    if hit is None or hit.iso is None or hit.future:
        return None, 0
    return hit.iso, hit.precision
