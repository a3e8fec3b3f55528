"""Dates, normalised once: every datetime the graph holds is timezone-aware UTC.

Pages, feeds, manifests and WARC records state times with an offset, with ``Z``, or
with no zone at all; a time without a zone is taken as UTC. Nodes normalise their
``published`` here (graph.models), and the loaders parse with :func:`parse_iso`, so
comparisons, lags and daily timelines never mix zones.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["parse_iso", "utc"]


def utc(value: datetime) -> datetime:
    """Return ``value`` in UTC; a naive datetime is taken to be UTC already.

    >>> utc(datetime(2026, 3, 14, 10, 30)).isoformat()
    '2026-03-14T10:30:00+00:00'
    >>> utc(datetime.fromisoformat("2026-03-14T00:30:00+02:00")).isoformat()
    '2026-03-13T22:30:00+00:00'
    """
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def parse_iso(value: str | None) -> datetime | None:
    """Return the ISO 8601 time ``value`` in UTC, or None when it is empty or no date.

    >>> parse_iso("2026-03-19T09:02:00Z")
    datetime.datetime(2026, 3, 19, 9, 2, tzinfo=datetime.timezone.utc)
    >>> parse_iso("19/03/2026") is None
    True
    """
    if not value:
        return None
    try:
        return utc(datetime.fromisoformat(value.strip()))
    except ValueError:
        return None
