"""The ingest benchmark's real-page leg: ntrex-dev texts inside news-page templates.

One ntrex document in all eleven languages covers the three templates and every
language's page chrome.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from bench.ingest import bench_real, save_real
from bench.ntrex_pages import _CHROME, TEMPLATES, build, read_sources
from graph.schema import EdgeKind, NodeKind
from loaders.documents import parse_document
from tests.support.paths import NTREX

LIMIT = 11


def _plain(text: str) -> str:
    # The loader drops format characters (zero-width spaces, as some ntrex texts have)
    # and collapses whitespace; compare the words, not those.
    kept = "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) != "Cf")
    return re.sub(r"\s+", " ", kept).strip()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("ntrex-pages")
    return out, build(NTREX, out, limit=LIMIT)


def test_the_pages_are_news_pages_around_the_ntrex_text(
    pages: tuple[Path, dict[str, Any]],
) -> None:
    out, info = pages
    sources = read_sources(NTREX)[:LIMIT]
    assert len({s.language for s in sources}) == LIMIT
    assert info["pages"] == LIMIT
    assert set(info["templates"]) == set(TEMPLATES)
    with (out / "manifest.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["url"], r["published"], r["language"]) for r in rows] == [
        (s.url, s.published, s.language) for s in sources
    ]
    for src, row in zip(sources, rows, strict=True):
        raw = (out / row["path"]).read_bytes()
        assert 30_000 < len(raw) < 200_000, "real pages weigh tens of KB"
        html = raw.decode()
        for part in ('property="og:title"', "application/ld+json", "<nav", 'id="comments"'):
            assert part in html
        doc = parse_document(raw, uri=row["path"], url=src.url)
        assert doc.title == src.title
        assert doc.language == src.language
        assert doc.published is not None and doc.published.date().isoformat() == src.published
        text = _plain(doc.text)
        for paragraph in src.paragraphs:
            assert _plain(paragraph) in text, (src.path, paragraph[:60])
        # The page's comments and menus are not the article.
        chrome = _CHROME[src.language]
        assert _plain(chrome.comment) not in text
        assert _plain(chrome.footer) not in text


def test_the_real_page_leg_runs_and_merges_its_results(
    pages: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    out, _ = pages
    results = tmp_path / "ingest.json"
    earlier = {"sizes": {"10000": {"size": 10000}}}
    results.write_text(json.dumps(earlier))
    bench_real(
        NTREX,
        [1],
        lambda done: save_real(done, results),
        pages_dir=out,
        db_dir=tmp_path / "db",
        limit=LIMIT,
        startup_pages=3,
    )
    data = json.loads(results.read_text())
    assert data["sizes"] == earlier["sizes"], "the generated corpus's results are kept"
    real = data["real_pages"]
    assert "NTREX" in real["what"] and real["pages"]["pages"] == LIMIT
    assert len(real["load_avg_at_start"]) == 3
    bare = real["baseline"]["same_options"]
    for options in ("same_options", "defaults"):
        assert real["baseline"][options]["pages"] == LIMIT
        assert real["baseline"][options]["pages_per_cpu_s"] > 0
    [run] = real["legs"]["embedded"]["runs"]
    assert (run["workers"], run["pages"], run["ok"], run["errors"]) == (1, LIMIT, LIMIT, 0)
    assert run["per_core_vs_bare"] == round(run["pages_per_cpu_s"] / bare["pages_per_cpu_s"], 3)
    assert run["peak_rss_mb"] > 0 and run["seconds"] > 0 and run["load_avg_mean"] >= 0
    # Every page became its own article (each has its own URL), and text reuse saw
    # through the markup to the translations.
    assert run["stored"]["nodes"][NodeKind.ARTICLE] == LIMIT
    assert run["stored"]["edges"][EdgeKind.TRANSLATES] > 0
    startup = real["startup"]
    assert startup["pages"] == 3 and startup["cpu_s"] > 0
    marginal = (run["cpu_s"] - startup["cpu_s"]) / (LIMIT - 3)
    assert startup["marginal_cpu_ms_per_page"] == round(marginal * 1000, 1)
