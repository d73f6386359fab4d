"""Keyword gates for regular expressions: skip a pattern when a text cannot match it.

:func:`required_factors` reads a compiled pattern's syntax tree and returns a set of lower-case
strings of which every match must contain one (``r"\\bprotest(?:ed|ing)\\b"`` -> ``{"protest"}``;
an alternation gives the union of its branches). :class:`Gated` runs the pattern only when one
of them is in the lower-cased text: a necessary condition, so the hits are exactly those of the
ungated pattern (a pattern without a usable factor is always run). :class:`GateSet` checks the
gates of many patterns with one scan of the text (the trigger table, the date patterns).

>>> import re
>>> sorted(required_factors(re.compile(r"\\b(?:took|poured) (?:in)?to the streets?\\b", re.I)))
['to the street']
>>> g = Gated(re.compile(r"\\bcurfews?\\b", re.I))
>>> [m.group(0) for m in g.finditer("A Curfew was imposed.", "a curfew was imposed.")]
['Curfew']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from re import _constants as _c  # type: ignore[attr-defined]  # (the stdlib's parser, Python 3.11+)
from re import _parser as _p  # type: ignore[attr-defined]
from typing import Any

__all__ = ["GateSet", "Gated", "required_factors", "trie_pattern"]

#: Factors shorter than this are not worth a gate (too common).
MIN_FACTOR = 3
_ZERO_WIDTH = {_c.AT}


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two factor sets (longer shortest member, then fewer members)."""
    if a is None:
        return b
    if b is None:
        return a
    ka = (min(len(s) for s in a), -len(a))
    kb = (min(len(s) for s in b), -len(b))
    return a if ka >= kb else b


def _seq(items: Any) -> frozenset[str] | None:
    """Factors of a sequence: its best literal run or the best factors of one of its parts."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def flush() -> None:
        nonlocal best, run
        if len(run) >= MIN_FACTOR:
            best = _better(best, frozenset({"".join(run)}))
        run = []

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av).lower())
            continue
        if op in _ZERO_WIDTH:
            continue
        flush()
        best = _better(best, _node(op, av))
    flush()
    return best


def _node(op: Any, av: Any) -> frozenset[str] | None:
    if op is _c.SUBPATTERN:
        return _seq(av[-1])
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            f = _seq(branch)
            if f is None:
                return None
            out |= f
        return frozenset(out)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        lo, _hi, item = av
        return _seq(item) if lo >= 1 else None
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _seq(av)
    return None


def required_factors(rx: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings of which every match of ``rx`` contains one, or ``None``."""
    return _seq(_p.parse(rx.pattern, rx.flags))


class Gated:
    """A compiled pattern with its keyword gate (see the module docstring)."""

    __slots__ = ("factors", "rx")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self.factors = required_factors(rx)

    def may_match(self, lower: str) -> bool:
        """Whether the pattern can match a text whose lower-cased form is ``lower``."""
        return self.factors is None or any(f in lower for f in self.factors)

    def finditer(self, text: str, lower: str) -> Iterator[re.Match[str]]:
        """``rx.finditer(text)`` when the gate lets it through, else nothing."""
        if self.may_match(lower):
            yield from self.rx.finditer(text)


def trie_pattern(words: Iterable[str]) -> str:
    """One regular expression for a set of strings, factored by common prefixes (the engine
    then tries each first character once, not each string).

    >>> trie_pattern(["ban", "banned", "bar"])
    'ba(?:n(?:ned)?|r)'
    """
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        end = "" in node
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return (body if len(alts) > 1 else "(?:" + body + ")") + "?"
        return body

    return emit(trie)


class GateSet:
    """The gates of many patterns, checked with one scan of the text.

    ``runnable(lower)`` gives the indices of the patterns that may match: those without a
    gate and those one of whose factors occurs in ``lower`` (found by one pass of a prefix
    trie of every factor, at every position).
    """

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.always: list[int] = []
        by_factor: dict[str, set[int]] = {}
        for i, rx in enumerate(patterns):
            factors = required_factors(rx)
            if factors is None:
                self.always.append(i)
                continue
            for f in factors:
                by_factor.setdefault(f, set()).add(i)
        # a factor found at a position implies every factor that is a prefix of it
        self._implied: dict[str, frozenset[int]] = {
            f: frozenset(j for k in range(MIN_FACTOR, len(f) + 1) for j in by_factor.get(f[:k], ())) for f in by_factor
        }
        self._scan = re.compile("(?=(" + trie_pattern(by_factor) + "))", re.DOTALL) if by_factor else None

    def runnable(self, lower: str) -> list[int]:
        """Indices of the patterns to run on a text whose lower-cased form is ``lower``."""
        found: set[int] = set(self.always)
        if self._scan is not None:
            for f in set(self._scan.findall(lower)):
                found |= self._implied[f]
        return sorted(found)
