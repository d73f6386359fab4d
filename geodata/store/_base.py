"""What both store backends share on top of their own reads and writes: the review shortcuts
and how keyword filters become an :class:`~geodata.store.filter.EventFilter`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geodata.exceptions import CorrectionError, StoreError
from geodata.store.filter import EventFilter

__all__ = ["ReviewMixin", "filter_of"]


def filter_of(where: EventFilter | None, filters: Mapping[str, Any]) -> EventFilter:
    """``where``, or the filter made of the keyword filters (not both).

    Raises
    ------
    StoreError
        Both forms given, or a filter value that cannot be read.
    """
    if where is not None:
        if any(v not in (None, False) for v in filters.values()):
            raise StoreError("give the filters as keywords or as where=, not both")
        return where
    try:
        return EventFilter.from_kwargs(**filters)
    except (TypeError, ValueError) as exc:
        raise StoreError(str(exc)) from None


class ReviewMixin:
    """``flag``, ``verify`` and ``reject``: status corrections through the store's ``correct``."""

    def correct(self, event_id: str, *, who: str, note: str = "", **changes: Any) -> dict[str, Any]:
        raise NotImplementedError  # pragma: no cover - each backend defines it

    def flag(self, event_id: str, *, who: str, note: str) -> dict[str, Any]:
        """Mark an event as probably wrong (status ``flagged``), saying why."""
        if not note or not note.strip():
            raise CorrectionError("flagging an event needs a note saying what is wrong")
        return self.correct(event_id, who=who, note=note, status="flagged")

    def verify(self, event_id: str, *, who: str, note: str = "") -> dict[str, Any]:
        """Mark an event as checked and right (status ``verified``)."""
        return self.correct(event_id, who=who, note=note, status="verified")

    def reject(self, event_id: str, *, who: str, note: str = "") -> dict[str, Any]:
        """Mark an event as not an event (status ``rejected``): hidden from default queries."""
        return self.correct(event_id, who=who, note=note, status="rejected")
