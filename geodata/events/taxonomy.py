"""ACLED's event taxonomy, its tactic order, interaction codes and the severity scale.

The order of :data:`TACTIC_ORDER` is ACLED's: when tactics co-occur at one place on one day,
the one listed first wins.

>>> tactic_rank("Riots", "Violent demonstration") < tactic_rank("Protests", "Peaceful protest")
True
>>> severity_of("Protests", "Peaceful protest", None, None)
1
>>> severity_of("Riots", "Violent demonstration", 12, None)
5
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "DISORDER_TYPES",
    "EVENT_TYPES",
    "INTER_CODES",
    "SEVERITY_SCALE",
    "TACTIC_ORDER",
    "disorder_type",
    "severity_of",
    "tactic_rank",
]

#: ACLED event types and their sub-event types, highest tactic first.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Protests": (
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
    ),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

#: Every (event_type, sub_event_type) pair, highest tactic first.
TACTIC_ORDER: tuple[tuple[str, str], ...] = tuple(
    (et, sub) for et, subs in EVENT_TYPES.items() for sub in subs
)
_RANK = {pair: i for i, pair in enumerate(TACTIC_ORDER)}

#: ACLED's actor type codes (``inter1``, ``inter2``).
INTER_CODES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

#: ACLED's disorder type of each event type (Riots and Protests depend on the sub-event type:
#: see :func:`disorder_type`).
DISORDER_TYPES: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}

#: The 1-5 severity scale, as documented to analysts.
SEVERITY_SCALE: dict[int, str] = {
    1: "peaceful protest or political statement",
    2: "protest met with intervention, arrests, curfew, state of emergency, internet shutdown, "
    "troop deployment",
    3: "riot, storming of buildings, looting, arson, armed violence, injuries without deaths",
    4: "one to nine deaths",
    5: "ten or more deaths",
}


def tactic_rank(event_type: str, sub_event_type: str) -> int:
    """Position of a tactic in ACLED's order: lower wins.

    Unknown pairs rank after every known one.

    >>> tactic_rank("Battles", "Armed clash") < tactic_rank("Riots", "Mob violence")
    True
    """
    return _RANK.get((event_type, sub_event_type), len(_RANK))


def disorder_type(event_type: str | None, sub_event_type: str | None = None) -> str:
    """ACLED's disorder type (``""`` when unknown): Mob violence is political violence,
    excessive force against protesters is both.

    >>> disorder_type("Riots", "Mob violence"), disorder_type("Riots", "Violent demonstration")
    ('Political violence', 'Demonstrations')
    >>> disorder_type("Protests", "Excessive force against protesters")
    'Political violence; Demonstrations'
    """
    if event_type == "Riots" and sub_event_type == "Mob violence":
        return "Political violence"
    if event_type == "Protests" and sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    return DISORDER_TYPES.get(event_type or "", "")


def severity_of(
    event_type: str,
    sub_event_type: str,
    fatalities: int | None,
    injuries: int | None,
    tags: str | Iterable[str] = "",
) -> int:
    """Severity of an event on the 1-5 scale of :data:`SEVERITY_SCALE`.

    Parameters
    ----------
    event_type, sub_event_type
        ACLED's pair.
    fatalities, injuries
        Counts, ``None`` when the text gives none.
    tags
        ACLED-style tags (``"curfew; state of emergency"`` or an iterable); a looting,
        arson or storming tag lifts an event to 3.

    Returns
    -------
    int
        5 for ten or more deaths, 4 for one to nine, 3 for riots, armed violence, looting,
        arson or injuries, 2 for intervention, arrests and national measures, 1 otherwise.

    Examples
    --------
    >>> severity_of("Strategic developments", "Other", None, None, "curfew")
    2
    >>> severity_of("Protests", "Protest with intervention", 0, 4)
    3
    """
    if fatalities is not None and fatalities >= 10:
        return 5
    if fatalities is not None and fatalities >= 1:
        return 4
    tag_text = tags if isinstance(tags, str) else "; ".join(tags)
    tag_text = tag_text.lower()
    if event_type in ("Riots", "Battles", "Explosions/Remote violence", "Violence against civilians"):
        return 3
    if sub_event_type in ("Excessive force against protesters", "Looting/property destruction"):
        return 3
    if injuries:
        return 3
    if any(w in tag_text for w in ("looting", "arson", "storming")):
        return 3
    if event_type == "Protests" and sub_event_type == "Peaceful protest":
        return 1
    if event_type == "Strategic developments" and sub_event_type == "Agreement":
        return 1
    if event_type in ("Protests", "Strategic developments"):
        return 2
    return 1
