"""The benchmark corpus generator's invariants that the figures depend on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bench import corpus


def test_generated_dates_stay_in_the_past_at_any_size() -> None:
    """htmldate rejects a date after today and then searches the whole page for another:
    generator 2 dated the last third of the 100k corpus in 2027, which made those pages
    dearer to parse, the more so the later the benchmark ran."""
    for size in (10, 10_000, 200_000):
        articles = corpus.plan(size, seed=7)
        assert max(a.published for a in articles) <= corpus._LAST < datetime.now(UTC)
    # Up to 62,000 articles keep generator 2's spacing, so their pages did not change.
    articles = corpus.plan(10_000, seed=7)
    assert articles[-1].published - articles[0].published > timedelta(days=48)
