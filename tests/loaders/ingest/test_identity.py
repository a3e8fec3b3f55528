"""Article identity: files sharing a title stay apart; the report says when inputs are one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.schema import NodeKind
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import Registry
from loaders.reuse import ReuseOptions
from tests.support.paths import NTREX

TITLE = "Dundee Stars 5-3 Belfast Giants"
BODY_EN = (
    "Dundee Stars beat Belfast Giants 5-3 on Saturday night in front of a full house.\n\n"
    "The visitors led twice before three goals in the final period turned the game around."
)
BODY_DE = (
    "Die Dundee Stars haben die Belfast Giants am Samstagabend mit 5:3 geschlagen.\n\n"
    "Die Gäste führten zweimal, bevor drei Tore im Schlussdrittel das Spiel drehten."
)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# Identity does not depend on text reuse; without it these tests run in a third the time.
NO_REUSE = ReuseOptions(enabled=False)


def test_files_that_share_a_title_are_two_articles(tmp_path: Path, registry: Registry) -> None:
    """The issue's lost pairs: an untranslated headline keyed two stories as one."""
    en = _write(tmp_path, "en.txt", f"{TITLE}\n\n{BODY_EN}\n")
    de = _write(tmp_path, "de.txt", f"{TITLE}\n\n{BODY_DE}\n")
    store = EmbeddedStore(tmp_path / "s.db")
    report = ingest([str(en), str(de)], store, registry, reuse=NO_REUSE)
    first, second = report.items
    assert first.status == second.status == "ok"
    assert first.article != second.article
    assert not first.same_article and not second.same_article
    titles = [a.title for a in store.iter_nodes(NodeKind.ARTICLE) if not a.stub]
    assert titles.count(TITLE) == 2


def test_the_same_bytes_twice_are_one_article_and_the_report_says_so(
    tmp_path: Path, registry: Registry
) -> None:
    text = f"{TITLE}\n\n{BODY_EN}\n"
    a = _write(tmp_path, "a.txt", text)
    b = _write(tmp_path, "b.txt", text)
    report = ingest([str(a), str(b)], EmbeddedStore(tmp_path / "s.db"), registry)
    first, second = report.items
    assert first.status == "ok" and not first.same_article
    assert second.status == "skipped" and second.reason.code == "already_ingested"  # type: ignore[union-attr]
    assert [s.to_json() for s in second.same_article] == [
        {"reason": "same_content", "article": first.article, "other": first.input}
    ]
    assert report.to_json().summary.by_code["same_article"] == {"same_content": 1}


def test_two_files_with_one_url_are_one_article_and_the_report_says_so(
    tmp_path: Path, registry: Registry
) -> None:
    """A manifest that gives two different files one URL: they are one article, said twice
    (a later ingest of a third version of it is noted too)."""
    _write(tmp_path, "one.txt", f"{TITLE}\n\n{BODY_EN}\n")
    _write(tmp_path, "two.txt", f"{TITLE}\n\n{BODY_EN}\n\nUpdated with a quote from the coach.\n")
    _write(tmp_path, "three.txt", f"{TITLE}\n\n{BODY_EN}\n\nUpdated again on Sunday.\n")
    url = "https://news.example/sport/dundee-belfast"
    manifest = _write(tmp_path, "manifest.csv", f"path,url\none.txt,{url}\ntwo.txt,{url}\n")
    store = EmbeddedStore(tmp_path / "s.db")
    report = ingest([str(manifest)], store, registry, reuse=NO_REUSE)
    one, two = report.items
    assert one.article == two.article == "article:https://news.example/sport/dundee-belfast"
    assert not one.same_article
    assert [s.to_json() for s in two.same_article] == [
        {"reason": "same_url", "article": one.article, "other": one.input}
    ]
    later = _write(tmp_path, "later.csv", f"path,url\nthree.txt,{url}\n")
    again = ingest([str(later)], store, registry, reuse=NO_REUSE)
    assert [s.reason for s in again.items[0].same_article] == ["same_url"]
    # Re-ingesting one of them with --force is that document again, not news.
    forced = ingest([str(manifest)], store, registry, force=True, reuse=NO_REUSE)
    assert not forced.items[0].same_article


def test_a_cited_article_that_arrives_meets_its_stub_and_the_report_says_so(
    tmp_path: Path, registry: Registry
) -> None:
    url = "https://www.reuters.com/world/europe/talks-resume-2024-05-02/"
    citing = _write(
        tmp_path,
        "citing.md",
        "Talks resume in Geneva\n\nNegotiators met again on Thursday, "
        f"[Reuters reported]({url}), after a pause of two weeks in the talks.\n",
    )
    store = EmbeddedStore(tmp_path / "s.db")
    ingest([str(citing)], store, registry, reuse=NO_REUSE)
    _write(tmp_path, "cited.txt", "Talks resume after pause\n\n" + BODY_EN + "\n")
    manifest = _write(tmp_path, "m.csv", f"path,url\ncited.txt,{url}\n")
    report = ingest([str(manifest)], store, registry, reuse=NO_REUSE)
    (item,) = report.items
    assert [s.reason for s in item.same_article] == ["stub"]
    assert store.get_node(item.article).stub is False  # type: ignore[arg-type,union-attr]
    assert json.dumps(report.to_json().dump())  # the notes are plain data


@pytest.mark.long
def test_ntrex_files_without_a_manifest_are_682_articles(
    registry: Registry, tmp_path: Path
) -> None:
    """The 682 real news files (62 articles in 11 languages; many headlines are names and
    scores that stay untranslated) each become their own article: none is merged."""
    if not (NTREX / "gold.json").exists():
        pytest.fail(f"the NTREX files are missing: {NTREX} (set CITEGRAPH_NTREX)")
    files = sorted(str(p) for p in (NTREX / "ntrex").glob("*/*.txt"))
    assert len(files) == 682
    store = EmbeddedStore(tmp_path / "s.db")
    report = ingest(files, store, registry, reuse=NO_REUSE, workers=2)
    assert report.ok == 682
    assert len({i.article for i in report.items}) == 682
    assert not report.codes()["same_article"]
    real = [a for a in store.iter_nodes(NodeKind.ARTICLE) if not a.stub and a.fingerprint]
    assert len(real) == 682
