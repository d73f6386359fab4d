"""Write ``generated.jsonl``: template sentences for the event classifier (deterministic).

Run ``python tools/event_training/generate.py``; the same seed gives the same file. Each row is
``{"text", "event": 0|1, "sub": sub-event type or null, "src"}``. Every sentence comes from the
templates in this folder (written for this project), never from a corpus.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from templates import BASE, HEADLINES, NEG_FRAMES, NOUNS, POSITIVE, TALK_FRAMES
from vocab import (
    CIVIL_SITES,
    CROWD_SIZES,
    CROWDS,
    GRIEVANCES,
    INSTITUTIONS,
    MILITIA,
    MONTHS,
    NUMBERS,
    OFFICIALS,
    PLACES,
    REBELS,
    STATE,
    TARGET_SITES,
    UNKNOWN,
    VICTIMS,
    WEEKDAYS,
)

SEED = 20261207
OUT = Path(__file__).resolve().parent / "generated.jsonl"
PER_SUBTYPE = 128
#: More examples of the common, many-worded types (the hidden sets are balanced over event types).
WEIGHT = {"Peaceful protest": 3.0, "Protest with intervention": 1.5, "Violent demonstration": 1.5,
          "Attack": 2.0, "Armed clash": 2.0, "Arrests": 1.3, "Excessive force against protesters": 1.3}

#: Sentences from other news (disasters, politics, business, sport, health): never events.
OTHER_NEWS: tuple[str, ...] = (
    "An earthquake of magnitude {Mg} struck {Tw}, killing {N} people",
    "Floods swept through {Tw} after days of heavy rain, leaving {N} dead",
    "A bus collided with a truck near {Tw}, killing {N} passengers",
    "A fire at a garment factory in {Tw} killed {N} workers",
    "{N} people died of cholera in {Co} this month, health officials said",
    "A landslide buried {N} homes in a village near {Tw}",
    "A plane crashed shortly after take-off from {Tw}; all {N} people on board died",
    "A ferry capsized on a river near {Tw}, and {N} people are missing",
    "A gas explosion at an apartment block in {Tw} killed {N} residents",
    "Lightning killed {N} farmers working in their fields near {Tw}",
    "The central bank of {Co} raised its main interest rate by half a point",
    "{Co}'s parliament approved the budget for next year",
    "The ruling party won a majority in the parliamentary elections in {Co}",
    "The president of {Co} appointed a new prime minister",
    "The finance minister of {Co} resigned after a row over spending",
    "{Co} and its neighbour agreed to build a new railway line",
    "The national football team of {Co} won the regional cup",
    "A marathon was held in {Tw} with more than 10,000 runners",
    "The government of {Co} launched a vaccination campaign against measles",
    "A new mobile phone factory opened in {Tw}, creating 2,000 jobs",
    "Inflation in {Co} rose to {Pc} percent in {Mo}",
    "The opposition candidate conceded defeat in the presidential election in {Co}",
    "Voters in {Co} went to the polls to elect a new president",
    "The foreign minister of {Co} met his counterpart to discuss trade",
    "A drought has left millions of people in {Co} in need of food aid",
    "The price of maize in {Tw} doubled over the past year",
    "A new bridge over the river at {Tw} was opened by the president",
    "The electoral commission of {Co} published the final results on {Wd}",
    "{Co} signed a loan agreement with the IMF worth two billion dollars",
    "A heatwave in {Co} pushed temperatures above 45 degrees",
    "A dengue outbreak in {Tw} has infected more than 3,000 people",
    "The film festival in {Tw} opened with a record number of entries",
    "The president of {Co} travelled to Beijing for a summit",
    "{Co} reopened its border with its neighbour to trade",
    "The ministry of health of {Co} reported {N} new cases of mpox",
    "A cyclone made landfall near {Tw}, forcing thousands to evacuate",
    "A boat carrying migrants sank off the coast near {Tw}; {N} bodies were recovered",
    "Refugees fleeing the fighting crossed into {Co}, the UN refugee agency said",
    "Humanitarian agencies delivered food aid to displaced families in {Tw}",
    "The UN Security Council extended the mandate of its mission in {Co}",
    "Peace talks between the government and {R} resumed in Doha",
    "The government of {Co} and {R} will meet for talks next month",
    "Aid groups said hunger was spreading in camps near {Tw}",
    "The conflict in {Co} has displaced more than a million people since it began",
    "More than 3,000 people have been killed in {Co} since the war started",
    "Violence in the region has killed hundreds over the past year, according to the UN",
    "The army chief of {Co} visited troops in {Tw}",
    "The president of {Co} promised to restore security in the north",
    "The government of {Co} said the security situation in {Tw} had improved",
    "A former rebel commander was elected governor of the province around {Tw}",
    "Students in {Tw} sat their final exams on {Wd}",
    "Schools in {Tw} reopened after the holidays",
    "The mayor of {Tw} inaugurated a new market",
    "A court in {Tw} acquitted a former minister of corruption charges",
    "A court in {Tw} sentenced a businessman to five years for tax fraud",
    "The opposition leader of {Co} returned home after two years in exile",
    "The government of {Co} lifted the curfew in {Tw}",
    "Authorities restored internet access in {Co} after a week",
    "The UN envoy briefed the Security Council on the situation in {Co}",
    "The World Bank approved new funding for roads in {Co}",
    "Police in {Tw} said they were investigating the cause of the fire",
    "The death toll from the floods in {Co} rose to {N}",
    "A man drowned while swimming in the river near {Tw}",
    "The police chief of {Tw} retired after 30 years of service",
    "{N} miners were trapped after a tunnel collapsed near {Tw}",
)

#: Sentences that follow a report: details, tallies and sourcing, not events of their own.
FOLLOW_UPS: tuple[str, ...] = (
    "No injuries were reported", "No injuries were reported among the soldiers",
    "No casualties were reported", "Fatalities unknown", "There were no fatalities",
    "The identity of the victims was not known", "The wounded were taken to hospital",
    "The attackers fled the scene", "It was not clear who was responsible",
    "No group has claimed responsibility", "The victims were buried on {Wd}",
    "The number of casualties is unknown", "Two of the injured are in critical condition",
    "The police said an investigation had been opened", "Casualties are unknown",
    "The motive is unclear", "Details remain sketchy", "Local sources confirmed the report",
    "The information could not be independently verified", "The toll may rise",
    "The area has seen several similar incidents this year",
    "According to a local source, the situation is now calm",
    "Size of the crowd unknown", "The crowd was estimated at several hundred",
    "The incident occurred around 10 pm", "The report did not say how many people took part",
)

_PAST_TO_PRESENT = {
    "clashed": "clash", "attacked": "attack", "killed": "kill", "shot": "shoot",
    "fired": "fire", "seized": "seize", "captured": "capture", "recaptured": "recapture",
    "retook": "retake", "bombed": "bomb", "hit": "hit", "struck": "strike",
    "abducted": "abduct", "kidnapped": "kidnap", "arrested": "arrest", "detained": "detain",
    "marched": "march", "protested": "protest", "demonstrated": "demonstrate",
    "rallied": "rally", "torched": "torch", "stormed": "storm", "looted": "loot",
    "destroyed": "destroy", "burned": "burn", "raped": "rape", "ambushed": "ambush",
    "shelled": "shell", "established": "establish", "deployed": "deploy", "signed": "sign",
    "imposed": "impose", "defused": "defuse", "exploded": "explode", "gunned": "gun",
    "beat": "beat", "hurled": "hurl", "threw": "throw", "opened": "open",
    "dispersed": "disperse", "took": "take", "stabbed": "stab", "hacked": "hack",
}


def _loc(rng: random.Random, place: tuple[str, str, str, str, str], style: str) -> str:
    village, district, region, country, town = place
    if style == "coder":
        return rng.choice((
            f"in {village} village ({district} district, {region})",
            f"in {village} ({district}, {region})",
            f"near {village}, {district} district",
            f"in {village} town ({region})",
            f"in {district} district, {region} region",
            f"on the road between {village} and {town} ({region})",
            f"in {village} locality",
        ))
    return rng.choice((
        f"in {town}", f"in {town}, {country}", f"in {country}'s {region} region",
        f"near {town}", f"in the {region} region", f"in the northern city of {town}",
        f"in {village}, a village near {town}", f"in {town}, the capital of {region}",
        f"on the outskirts of {town}", f"in {region}",
    ))


def _slots(rng: random.Random, place: tuple[str, str, str, str, str], style: str) -> dict[str, str]:
    village, _district, _region, country, town = place
    return {
        "A": rng.choice(STATE), "R": rng.choice(REBELS), "M": rng.choice(MILITIA),
        "U": rng.choice(UNKNOWN), "V": rng.choice(VICTIMS), "N": rng.choice(NUMBERS),
        "C": rng.choice(CROWDS), "S": rng.choice(CROWD_SIZES), "G": rng.choice(GRIEVANCES),
        "T": rng.choice(TARGET_SITES), "X": rng.choice(CIVIL_SITES), "O": rng.choice(OFFICIALS),
        "L": _loc(rng, place, style), "LT": f"in {town}", "Tw": town, "Co": country,
        "P": village, "Y": str(rng.randint(1994, 2022)), "Wd": rng.choice(WEEKDAYS),
        "Mo": rng.choice(MONTHS), "Mg": f"{rng.randint(50, 79) / 10:.1f}",
        "Pc": str(rng.randint(3, 40)), "I": rng.choice(INSTITUTIONS),
    }


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _fill(template: str, slots: dict[str, str]) -> str:
    text = template.format(**slots)
    return re.sub(r"\s+", " ", text).replace(" ,", ",").strip()


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2004, 2026)}"


def _wrap(rng: random.Random, core: str, style: str, tail: bool) -> str:
    """Put a clause in a coder-note, news or headline frame."""
    if style == "coder":
        lead = rng.choice((f"On {_date(rng)}, ", f"On {_date(rng)} (or around), ",
                           f"Around {_date(rng)}, ", "On the night of " + _date(rng) + ", "))
        text = lead + core[:1].lower() + core[1:] + "."
        if tail:
            text += " " + _fill(rng.choice(FOLLOW_UPS), {"Wd": rng.choice(WEEKDAYS)}) + "."
        return text
    if style == "news":
        when = rng.choice(("", f" on {rng.choice(WEEKDAYS)}", " overnight", " late on Sunday",
                           " early on Friday", " last week"))
        said = rng.choice(("", "", ", police said", ", officials said", ", witnesses said",
                           ", according to local media", ", a local official told reporters",
                           ", the army said in a statement", ", residents said"))
        return _cap(core) + when + said + "."
    words = core.split()
    for i, w in enumerate(words[:6]):
        if w in _PAST_TO_PRESENT and (i == 0 or words[i - 1] not in ("was", "were")):
            words[i] = _PAST_TO_PRESENT[w]
            break
    return _cap(" ".join(words)).rstrip(".")


def _positives(rng: random.Random) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for sub, templates in POSITIVE.items():
        for i in range(int(PER_SUBTYPE * WEIGHT.get(sub, 1.0))):
            style = ("coder", "news", "news", "headline")[i % 4]
            place = rng.choice(PLACES)
            slots = _slots(rng, place, style)
            if style == "headline" and i % 8 == 3:
                text = _cap(_fill(rng.choice(HEADLINES[sub]), slots))
                text += "." if rng.random() < 0.4 else ""
            else:
                core = _fill(rng.choice(templates), slots)
                text = _wrap(rng, core, style, tail=rng.random() < 0.3)
            rows.append({"text": text, "event": 1, "sub": sub, "src": f"tpl:{style}"})
    return rows


def _negatives(rng: random.Random) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    whos = STATE + REBELS + MILITIA + ("the opposition", "the union", "protesters", "the government")
    for _ in range(1400):
        place = rng.choice(PLACES)
        slots = _slots(rng, place, "news")
        slots["B"] = _fill(rng.choice(BASE), slots)
        slots["Who"] = rng.choice(whos)
        text = _cap(_fill(rng.choice(NEG_FRAMES), slots)) + "."
        rows.append({"text": text, "event": 0, "sub": None, "src": "tpl:modal"})
    for _ in range(900):
        place = rng.choice(PLACES)
        slots = _slots(rng, place, "news")
        slots["Nn"] = _fill(rng.choice(NOUNS), slots)
        text = _cap(_fill(rng.choice(TALK_FRAMES), slots)) + "."
        rows.append({"text": text, "event": 0, "sub": None, "src": "tpl:talk"})
    for i in range(900):
        slots = _slots(rng, rng.choice(PLACES), "news")
        text = _cap(_fill(rng.choice(OTHER_NEWS), slots))
        text += "" if i % 4 == 3 else "."
        rows.append({"text": text, "event": 0, "sub": None, "src": "tpl:other"})
    for _ in range(200):
        text = _fill(rng.choice(FOLLOW_UPS), {"Wd": rng.choice(WEEKDAYS)}) + "."
        rows.append({"text": text, "event": 0, "sub": None, "src": "tpl:followup"})
    return rows


def generate(seed: int = SEED) -> list[dict[str, object]]:
    """All generated rows, deduplicated, in a fixed order."""
    rng = random.Random(seed)
    rows = _positives(rng) + _negatives(rng)
    seen: set[str] = set()
    out: list[dict[str, object]] = []
    for row in rows:
        key = str(row["text"]).lower()
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def main() -> None:
    """Write the rows to ``generated.jsonl``."""
    rows = generate()
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
