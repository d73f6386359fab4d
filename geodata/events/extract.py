"""ACLED-style events from a report and its resolved place mentions.

>>> from datetime import date
>>> from geodata.model import Report
>>> from geodata.events.extract import extract_events
>>> r = Report("r1", "Police fired tear gas at protesters in Aktobe on Wednesday.", date(2022, 1, 6))
>>> extract_events(r, [])  # no place resolved: nothing to put on a map
[]

How a report becomes events (rule-based, for any country and year):

1. **Sentences** (:func:`split_sentences`), each searched for **triggers**: a lexicon per ACLED
   sub-event type (``geodata.events._triggers``). Triggers governed by a statement, plan or negation
   ("vowed a tough response to the protests", "urged restraint", "no clashes") are dropped. A
   bare noun ("the protests") makes an event only with a place and a date in its sentence.
2. **Type**: the highest tactic of the sentence in ACLED's order wins (a riot over a protest);
   killings in a protest crackdown are *Excessive force against protesters*; killings of the
   security forces by a crowd make it a riot. National measures (state of emergency, curfew,
   internet shutdown, troop deployment) are *Strategic developments: Other*, one event per
   measure, tagged.
3. **Place**: the sentence's own mentions, where things happened. A mention that is a
   commentator's base ("an analyst at X in London"), a government that speaks ("Washington
   said", "Russia's foreign ministry"), or a sender of troops is never an event place. A
   sentence without a place continues the scene of the previous event sentence (two sentences
   back at most; four when it says "the city", "there"), or introduces the next sentence's
   place. National measures without a place go to the country, ``geo_precision`` 4.
4. **Date** (``geodata.events.dates``): the sentence's own date; else the date of the scene it
   continues; else the date of the previous sentence when it continues the same place; else
   the report's main date (its most frequent recent day) with ``time_precision`` 2 and the
   tag ``date inferred``. Events dated after publication are dropped; without a publication
   date relative dates stay unknown (``event_date`` ``None``), never today's date.
5. **Casualties** (:func:`parse_casualties`) go to the event of their sentence (or of the scene
   it continues). A cumulative toll ("so far", "this week") is not a new event: it becomes a
   ``cumulative toll`` tag of its sentence's events and is not counted as their fatalities.
6. **Merge**: one event per place, day and family (protests and riots of one day merge, the
   higher tactic wins; fatalities: the largest single figure of the merged sentences, since
   reports repeat tolls). A national measure reported on several days is one event dated at
   its start. Arrests at a protest make it a *Protest with intervention*.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from geodata.events._build import build_event, merge_protos
from geodata.events._casualties import parse_casualties, parse_number
from geodata.events._extractor import Extractor
from geodata.events._scene import event_mentions
from geodata.events._sentences import split_sentences
from geodata.events.dates import find_dates, resolve_date
from geodata.events.detect import RULES, Detector
from geodata.model import Event, Mention, Report
from geodata.places.geoparse import Unresolved
from geodata.places.roles import containing_event_places

__all__ = [
    "Extraction",
    "assign_roles",
    "extract",
    "extract_events",
    "find_dates",
    "parse_casualties",
    "parse_number",
    "resolve_date",
    "split_sentences",
]


@dataclass(frozen=True)
class Extraction:
    """What one report states: its mentions with their roles set, and its events.

    Attributes
    ----------
    mentions : list of Mention
        Copies of the input mentions, ``role`` ``event`` where an event of the report is
        placed, ``context`` elsewhere (a commentator's city, a capital that reacted).
    events : list of Event
        One per place, day and type, in order of their first sentence.
    """

    mentions: list[Mention]
    events: list[Event]


def extract(
    report: Report,
    mentions: Sequence[Mention],
    *,
    detector: Detector = RULES,
    unresolved: Sequence[Unresolved] = (),
) -> Extraction:
    """Read a report once: its events, and its mentions with their roles.

    Parameters
    ----------
    report
        The report; ``published`` anchors relative dates.
    mentions
        Its resolved place mentions (offsets into ``report.text``), e.g. from
        :func:`geodata.places.geoparse.geoparse`. Their ``role`` is not read.
    detector
        What decides, per sentence, whether an event is reported and of which type (see
        :mod:`geodata.events.detect`); the trigger rules by default.
    unresolved
        The names the geoparser could not place (:meth:`Geoparser.parse_detailed`). An event at
        one whose ``within`` is known is placed in that unit, ``geo_precision`` 2 for a town, 3
        for a region, tagged ``place not found: <name>``.

    Returns
    -------
    Extraction

    Examples
    --------
    >>> from datetime import date
    >>> text = "Protesters stormed the akimat in Almaty. An analyst in London said it was grim."
    >>> ms = [Mention("r", "Almaty", 33, 39, "Almaty", 1526384, 43.25, 76.95, "KZ", "Almaty", "city", confidence=0.9),
    ...       Mention("r", "London", 55, 61, "London", 2643743, 51.5, -0.13, "GB", "England", "city", confidence=0.9)]
    >>> out = extract(Report("r", text, date(2022, 1, 6)), ms)
    >>> [m.role for m in out.mentions], [e.location for e in out.events]
    (['event', 'context'], ['Almaty'])
    """
    ex = Extractor(report, mentions, detector, unresolved)
    protos = merge_protos(ex.run())
    events = [build_event(report, p, ex.mentions) for p in protos]
    # Every mention of an event's place inside its sentences is an event mention.
    used = set(ex.used)
    for p in protos:
        used |= event_mentions(ex.sents, ex.mentions, p.sentence_ix, p.place.key)
    events.sort(key=lambda e: (e.sentence_start or 0, e.event_id))
    # a country or region that contains an event place is an event place too
    used |= containing_event_places(ex.mentions, used)
    # ``ex.mentions`` may differ from ``mentions`` (a repaired country replaces the town or
    # continent read in its span): a mention is an event place when a used one has its span or,
    # for the few repaired ones, covers it.
    spans = {(ex.mentions[i].start, ex.mentions[i].end) for i in used}
    repaired = spans - {(m.start, m.end) for m in mentions}
    roles = [dataclasses.replace(m, role="event" if (m.start, m.end) in spans
                                 or any(a < m.end and m.start < b for a, b in repaired) else "context")
             for m in mentions]
    return Extraction(roles, events)


def extract_events(report: Report, mentions: list[Mention]) -> list[Event]:
    """The ACLED-style events a report states, one per place, day and type.

    ``extract(report, mentions).events``: a caller that also needs the mentions' roles should
    call :func:`extract` once.

    Parameters
    ----------
    report
        The report; ``published`` anchors relative dates.
    mentions
        Its resolved place mentions (offsets into ``report.text``), e.g. from
        :func:`geodata.places.geoparse.geoparse`. Their ``role`` is not used: this function decides
        which mentions are event places (see :func:`assign_roles`).

    Returns
    -------
    list of Event
        In order of their first sentence. Each has a type, a date (``None`` only when the
        report gives none it can use), a severity, its source sentences in ``notes`` and the
        offsets of the mention and sentence it came from.

    Examples
    --------
    >>> from datetime import date
    >>> text = "Police fired tear gas at protesters in Aktobe on Wednesday."
    >>> m = Mention("r1", "Aktobe", 39, 45, "Aktobe", 610611, 50.28, 57.21, "KZ", "Aktobe", "city", confidence=0.9)
    >>> (e,) = extract_events(Report("r1", text, date(2022, 1, 6)), [m])
    >>> (e.location, e.event_date, e.sub_event_type, e.severity)
    ('Aktobe', '2022-01-05', 'Protest with intervention', 2)
    """
    return extract(report, mentions).events


def assign_roles(report: Report, mentions: list[Mention]) -> list[Mention]:
    """Copies of ``mentions`` with ``role`` set (``extract(report, mentions).mentions``):
    ``event`` where an event of the report is placed, ``context`` elsewhere.

    Examples
    --------
    >>> from datetime import date
    >>> text = "Protesters stormed the akimat in Almaty. An analyst in London said it was grim."
    >>> ms = [Mention("r", "Almaty", 33, 39, "Almaty", 1526384, 43.25, 76.95, "KZ", "Almaty", "city", confidence=0.9),
    ...       Mention("r", "London", 55, 61, "London", 2643743, 51.5, -0.13, "GB", "England", "city", confidence=0.9)]
    >>> [m.role for m in assign_roles(Report("r", text, date(2022, 1, 6)), ms)]
    ['event', 'context']
    """
    return extract(report, mentions).mentions
