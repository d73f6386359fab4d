"""HTML pieces of the dashboard, built from escaped text only (no Streamlit here).

Every value that comes from a report, an analyst or the store goes through :func:`esc`
before it is put into HTML; the only raw markup is our own tags. The pages render these
strings with ``st.html`` (or ``st.markdown(..., unsafe_allow_html=True)``), which is then
safe.

>>> highlight("Riots in <b>Almaty</b> today", 12, 18)
'Riots in &lt;b&gt;<mark>Almaty</mark>&lt;/b&gt; today'
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["esc", "event_card_html", "highlight", "source_html", "status_badge"]

_STATUS_STYLE = {
    "verified": ("✔ verified", "#1a7f37"),
    "flagged": ("⚑ flagged", "#b42318"),
    "rejected": ("✖ rejected", "#6b6b6b"),
    "unreviewed": ("unreviewed", "#6b6b6b"),
}


def _s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    try:
        if value != value:  # pandas NA / NaT
            return ""
    except (TypeError, ValueError):
        return ""
    return str(value)


def _int(value: Any) -> int | None:
    try:
        if value is None or _s(value) == "":
            return None
        return int(value)
    except (TypeError, ValueError):
        return None


def esc(value: Any) -> str:
    """``html.escape`` of ``str(value)`` (``None``/NaN -> ``""``), quotes included."""
    return html.escape(_s(value), quote=True)


def highlight(sentence: str, start: int | None, end: int | None) -> str:
    """``sentence`` escaped, with ``sentence[start:end]`` in ``<mark>`` when the offsets fit."""
    text = _s(sentence)
    if start is None or end is None or not (0 <= start < end <= len(text)):
        return esc(text)
    return f"{esc(text[:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:])}"


def status_badge(status: Any) -> str:
    """A coloured review-status label."""
    s = _s(status).strip().lower() or "unreviewed"
    label, color = _STATUS_STYLE.get(s, (s, "#6b6b6b"))
    return (f'<span class="ua-badge" style="color:{color};border-color:{color}">'
            f"{esc(label)}</span>")


def source_html(src: Mapping[str, Any]) -> str:
    """One source of an event: its sentence with the place marked, and where it came from."""
    sentence = _s(src.get("sentence")) or _s(src.get("notes"))
    mention = _s(src.get("mention"))
    a = b = None
    ss, ms, me = (_int(src.get(k)) for k in ("sentence_start", "mention_start", "mention_end"))
    if ss is not None and ms is not None and me is not None:
        a, b = ms - ss, me - ss
        if not (0 <= a < b <= len(sentence)) or (mention and sentence[a:b] != mention):
            a = b = None
    if a is None and mention and mention in sentence:
        a = sentence.index(mention)
        b = a + len(mention)
    bits = [f"Report <code>{esc(src.get('report_id'))}</code>"]
    if _s(src.get("source")):
        bits.append(esc(src.get("source")))
    if _s(src.get("title")):
        bits.append(f"“{esc(src.get('title'))}”")
    if _s(src.get("published")):
        bits.append(f"published {esc(_s(src.get('published'))[:10])}")
    fat = _int(src.get("fatalities"))
    if fat is not None:
        bits.append(f"{fat} fatalit{'y' if fat == 1 else 'ies'} reported")
    return (f'<blockquote class="ua-sentence">{highlight(sentence, a, b)}</blockquote>'
            f'<div class="ua-src">{" · ".join(bits)}</div>')


def event_card_html(ev: Mapping[str, Any], sources: Sequence[Mapping[str, Any]] = (),
                    *, date_text: str = "", precision_text: str = "", color: str = "#6b6b6b",
                    max_sources: int = 5) -> str:
    """The detail panel of one event (everything escaped).

    Shows the type and sub-type, the date and its precision, the place and its precision,
    actors, fatalities (with the low/high range of the sources), injuries, severity, the
    review status, the number of corroborating sources and each source's sentence with the
    place highlighted.
    """
    e = esc
    etype, sub = _s(ev.get("event_type")) or "Event", _s(ev.get("sub_event_type"))
    place = ", ".join(p for p in (_s(ev.get("location")), _s(ev.get("admin1")),
                                  _s(ev.get("country"))) if p) or "place unknown"
    actors = " vs ".join(a for a in (_s(ev.get("actor1")), _s(ev.get("actor2"))) if a)
    fat, lo, hi = (_int(ev.get(k)) for k in ("fatalities", "fatalities_low", "fatalities_high"))
    n_src = _int(ev.get("sources_count")) or max(1, len(sources))
    fat_text = "none reported" if fat in (None, 0) and not hi else str(fat)
    if lo is not None and hi is not None and hi != lo:
        fat_text += f" (sources say {lo}–{hi}; the lowest is kept)"
    rows = [
        f'<div class="ua-card"><div class="ua-card-h"><span class="ua-dot" '
        f'style="background:{e(color)}"></span>{e(etype)}'
        f"{' · ' + e(sub) if sub else ''}</div>",
        f'<div class="ua-meta">{e(date_text or _s(ev.get("event_date")) or "date unknown")}</div>',
        f'<div class="ua-meta">{e(place)}{f" <i>({e(precision_text)})</i>" if precision_text else ""}'
        "</div>",
    ]
    if actors:
        rows.append(f"<div><b>Actors</b>: {e(actors)}</div>")
    figures = [f"<b>Fatalities</b>: {e(fat_text)}"]
    inj = _int(ev.get("injuries"))
    if inj is not None:
        figures.append(f"<b>Injuries</b>: {inj}")
    sev = _int(ev.get("severity"))
    if sev is not None:
        figures.append(f"<b>Severity</b>: {sev}/5")
    rows.append(f"<div>{' · '.join(figures)}</div>")
    corr = "corroborated by " if n_src > 1 else ""
    rows.append(f"<div>{status_badge(ev.get('status'))} · {corr}{n_src} source"
                f"{'s' if n_src != 1 else ''} · <code>{e(ev.get('event_id'))}</code></div>")
    for src in list(sources)[:max_sources]:
        rows.append(source_html(src))
    if len(sources) > max_sources:
        rows.append(f'<div class="ua-src">… and {len(sources) - max_sources} more sources</div>')
    if not sources and _s(ev.get("notes")):
        rows.append(f'<blockquote class="ua-sentence">{e(ev.get("notes"))}</blockquote>')
    rows.append("</div>")
    return "".join(rows)


#: CSS of the cards (ours, no report text in it).
CARD_CSS = """<style>
.ua-card{font-size:0.92rem;line-height:1.45}
.ua-card-h{font-weight:600;font-size:1.02rem;margin-bottom:2px}
.ua-dot{display:inline-block;width:11px;height:11px;border-radius:50%;margin-right:6px;vertical-align:-1px;box-shadow:0 0 0 1px rgba(0,0,0,.25)}
.ua-meta{color:#4a4a4a}
.ua-badge{border:1px solid;border-radius:4px;padding:0 5px;font-size:0.8rem;font-weight:600}
.ua-sentence{margin:6px 0 2px;padding:4px 9px;border-left:3px solid #c9c3b6;background:#f4f2ec;white-space:pre-wrap;word-wrap:break-word}
.ua-sentence mark{background:#ffe066;padding:0 1px;border-radius:2px}
.ua-src{color:#5b5b5b;font-size:0.8rem;margin-bottom:6px}
</style>"""

__all__ += ["CARD_CSS"]
