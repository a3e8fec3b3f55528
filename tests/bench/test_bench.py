"""Benchmark helpers whose output the issue notes quote: the corpus, the progress curve."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import corpus
from bench.infrastructure import TAGS
from bench.ingest import empty, indexed_count, rates_by_tenth, versus_baseline
from graph.schema import InfrastructureKind
from loaders.infrastructure import scan_page
from loaders.reuse.index import IndexedDocument, ReuseIndex


def test_generated_dates_stay_in_the_past_at_any_size() -> None:
    """htmldate rejects a date after today and then searches the whole page for another:
    generator 2 dated the last third of the 100k corpus in 2027, which made those pages
    dearer to parse, the more so the later the benchmark ran."""
    for size in (10, 10_000, 200_000):
        articles = corpus.plan(size, seed=7)
        assert max(a.published for a in articles) <= corpus.LAST_DATE < datetime.now(UTC)
    # Up to 62,000 articles keep generator 2's spacing, so their pages did not change.
    articles = corpus.plan(10_000, seed=7)
    assert articles[-1].published - articles[0].published > timedelta(days=48)


def test_a_legs_progress_is_read_from_its_reuse_index(tmp_path: Path) -> None:
    path = tmp_path / "store.db.reuse"
    assert indexed_count(path) is None  # not created yet
    with ReuseIndex(path) as index:
        assert indexed_count(path) is None  # created, empty
        index.begin()
        for n in range(3):
            index.add(IndexedDocument(f"article:{n}", f"d{n}", "text", None, "en", None), [n], [])
        index.commit()
        assert indexed_count(path) == 3  # read while the writer holds the file open


def test_rates_by_tenth_follow_the_readings() -> None:
    # 100 texts: 10 a second through the first half, then 5 a second.
    readings = [(t, 10 * t) for t in range(6)] + [(5 + t, 50 + 5 * t) for t in range(1, 11)]
    rates = rates_by_tenth([(float(t), n) for t, n in readings], 100)
    assert rates[:5] == [10.0] * 5
    assert rates[5:] == [5.0] * 5
    # Readings sparser than the tenths: each rate spans the readings around its tenth.
    sparse = rates_by_tenth([(30.0, 40), (50.0, 100)], 100)
    assert sparse[:4] == [1.3] * 4 and sparse[4:] == [3.0] * 6
    assert rates_by_tenth([(30.0, 40)], 100)[4:] == [None] * 6


def test_the_tagged_pages_of_the_infrastructure_bench_carry_nine_identifiers() -> None:
    """bench/results/infrastructure.json's tagged figures time finding these."""
    found = [s.kind for s in scan_page(f"<html><head>{TAGS}</head><body></body></html>")]
    assert len(found) == 9
    assert set(found) == {
        InfrastructureKind.GOOGLE_ANALYTICS,
        InfrastructureKind.GOOGLE_TAG,
        InfrastructureKind.TAG_MANAGER,
        InfrastructureKind.ADSENSE,
        InfrastructureKind.YANDEX_METRIKA,
        InfrastructureKind.FACEBOOK_PIXEL,
        InfrastructureKind.VERIFICATION,
        InfrastructureKind.CMS,
    }


def test_emptying_a_leg_removes_the_reuse_indexs_vector_files(tmp_path: Path) -> None:
    """Regression: ``empty`` left the index's nearest-neighbour folder behind, so every
    leg added one more to .cache."""
    uri = str(tmp_path / "store.db")
    ann = tmp_path / "store.db.reuse.ann"
    ann.mkdir()
    (ann / "vectors.bin").write_bytes(b"x")
    for name in ("store.db", "store.db-wal", "store.db.reuse"):
        (tmp_path / name).write_bytes(b"x")
    empty(uri, {})
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_repeated_pairs_compare_medians_and_keep_each_pairs_ratio() -> None:
    def run(rate: float, cpu: float) -> dict[str, float]:
        return {"pages_per_s": rate, "pages_per_cpu_s": rate, "cpu_s": cpu, "writer_cpu_s": 1.0}

    # The third baseline is an outlier (a busy machine): the median ignores it.
    pairs = [(run(30, 50), run(27, 55)), (run(32, 47), run(28, 53)), (run(10, 150), run(26, 57))]
    versus = versus_baseline(pairs)
    assert versus["pages_per_cpu_s"] == round(27 / 30, 3)
    assert [p["pages_per_cpu_s"] for p in versus["pairs"]] == [0.9, 0.875, 2.6]
    assert "pairs" not in versus_baseline(pairs[:1])
