"""Text reuse at ingest: unattributed copies and translations become edges with evidence.

The corpus in tests/fixtures/reuse_corpus is one English news story (original_en.md) and what
other sites made of it: a retitled copy under another footer, a copy of 63% of it
wrapped in commentary, a lightly reworded copy (synonyms, two paragraphs swapped), a
French translation, and an independent report on the same event (no reuse).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.models import Edge
from graph.schema import EdgeKind, EvidenceMethod, ReuseDirection
from graph.store import Store
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import Registry
from loaders.reuse import ReuseOptions, default_index_path, detect
from tests.support.paths import REUSE_CORPUS

SITES = {
    "original_en": "harbour-times.example/2025/03/grain-corridor-talks-stall",
    "retitled_copy": "daily-relay.example/news/odesa-dock-strike",
    "partial_copy": "free-voice.example/who-profits-odesa",
    "reworded_copy": "newswire-digest.example/odesa-port-strike",
    "translation_fr": "relais-libre.example/2025/03/corridor-cerealier-greve-odessa",
    "unrelated_same_event": "meridian-press.example/ships-queue-off-odesa",
}


def _names(store: Store) -> dict[str, str]:
    """Map article keys to the corpus file names, through their URLs."""
    out = {}
    for node in store.iter_nodes():
        for name, url in SITES.items():
            if node.url and node.url.endswith(url):
                out[node.key] = name
    return out


def _reuse_edges(store: Store) -> set[tuple[str, str, str]]:
    names = _names(store)
    return {
        (e.type.value, names.get(e.source, e.source), names.get(e.target, e.target))
        for e in store.iter_edges([EdgeKind.REPUBLISHES, EdgeKind.TRANSLATES])
        if e.method == EvidenceMethod.TEXT_REUSE
    }


def _options(store: Store, tmp_path: Path) -> ReuseOptions:
    # Neo4j's index lives where settings say; a test keeps it in its own folder.
    if isinstance(store, EmbeddedStore):
        return ReuseOptions()
    return ReuseOptions(index_path=tmp_path / "neo4j-reuse.sqlite")


def _folder(tmp_path: Path, names: list[str] | None = None) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(REUSE_CORPUS.glob("*.md")):
        if names is None or path.stem in names:
            shutil.copy(path, folder / path.name)
    return folder


def _edge(store: Store, kind: EdgeKind, source: str, target: str) -> Edge:
    keys = {v: k for k, v in _names(store).items()}
    edge = Edge(type=kind, source=keys[source], target=keys[target])
    stored = store.get_edge(edge.id)
    assert stored is not None, f"no {kind.wire} edge {source} -> {target}"
    return stored


def test_copies_and_translation_get_edges_from_later_to_earlier(
    store: Store, tmp_path: Path, registry: Registry
) -> None:
    ingest([str(_folder(tmp_path))], store, registry, reuse=_options(store, tmp_path))
    found = _reuse_edges(store)
    for copy in ("retitled_copy", "partial_copy", "reworded_copy"):
        assert ("REPUBLISHES", copy, "original_en") in found
    assert ("TRANSLATES", "translation_fr", "original_en") in found
    # The English copies match the French translation too, but their story came
    # through the English original: no TRANSLATES edge of their own.
    assert [e for e in found if e[0] == "TRANSLATES"] == [
        ("TRANSLATES", "translation_fr", "original_en")
    ]
    # Neither direction is ever recorded twice, and the independent report on the
    # same event (same names, places and numbers) is nobody's copy.
    assert not any("unrelated_same_event" in (s, t) for _, s, t in found)
    assert not any((k, t, s) in found for k, s, t in found)

    partial = _edge(store, EdgeKind.REPUBLISHES, "partial_copy", "original_en")
    evidence = partial.evidence[0]
    assert evidence.method == EvidenceMethod.TEXT_REUSE and evidence.reuse is not None
    assert evidence.reuse.direction is ReuseDirection.DATED
    assert 0.55 <= evidence.reuse.share <= 0.7  # the copy took 63% of the original
    assert partial.confidence == evidence.reuse.score == 1.0  # verbatim passages
    # The evidence quotes the copy's document verbatim, and the original's passage.
    text = (tmp_path / "corpus" / "partial_copy.md").read_text()
    passage = evidence.reuse.passages[0]
    assert passage.text.startswith("Negotiations over the Black Sea grain corridor")
    assert (
        passage.text in text
        and passage.target_text in (REUSE_CORPUS / "original_en.md").read_text()
    )
    assert len(passage.text) <= 300

    reworded = _edge(store, EdgeKind.REPUBLISHES, "reworded_copy", "original_en")
    assert reworded.evidence[0].reuse is not None
    assert 0.75 <= reworded.confidence < 1.0
    assert reworded.evidence[0].reuse.share > 0.9

    french = _edge(store, EdgeKind.TRANSLATES, "translation_fr", "original_en")
    detail = french.evidence[0].reuse
    assert detail is not None and detail.passages
    assert "Oksana Melnyk" in " ".join(p.text for p in detail.passages)


def test_reingest_changes_nothing_and_both_backends_agree(
    store: Store, tmp_path: Path, registry: Registry
) -> None:
    folder = _folder(tmp_path)
    options = _options(store, tmp_path)
    ingest([str(folder)], store, registry, reuse=options)
    first = [e.to_json() for e in store.iter_edges()]
    counts = store.counts()
    ingest([str(folder)], store, registry, reuse=options)
    ingest([str(folder)], store, registry, reuse=options, force=True)
    assert store.counts() == counts
    assert [e.to_json() for e in store.iter_edges()] == first

    # The same folder ingested into a fresh embedded store gives the same reuse edges,
    # evidence included (for the Neo4j run this compares the two backends).
    with EmbeddedStore(tmp_path / "reference.db") as reference:
        ingest([str(folder)], reference, registry)
        expected = [e.to_json() for e in reference.iter_edges(EdgeKind)]
    reuse_kinds = {EdgeKind.REPUBLISHES.wire, EdgeKind.TRANSLATES.wire}
    assert [e for e in first if e["type"] in reuse_kinds] == [
        e for e in expected if e["type"] in reuse_kinds
    ]


def test_batches_compare_with_the_stored_corpus(tmp_path: Path, registry: Registry) -> None:
    """Copies arriving in a later ingest, and in batches of one, meet the stored original."""
    whole = EmbeddedStore(tmp_path / "whole.db")
    ingest([str(_folder(tmp_path))], whole, registry)
    later = EmbeddedStore(tmp_path / "later.db")
    ingest([str(_folder(tmp_path / "a", ["original_en"]))], later, registry)
    assert _reuse_edges(later) == set()
    ingest([str(_folder(tmp_path / "b"))], later, registry, batch_size=1)
    assert _reuse_edges(later) == _reuse_edges(whole)
    assert [e.to_json() for e in later.iter_edges([EdgeKind.REPUBLISHES])] == [
        e.to_json() for e in whole.iter_edges([EdgeKind.REPUBLISHES])
    ]
    assert default_index_path(later) == Path(str(tmp_path / "later.db") + ".reuse")
    assert default_index_path(later).is_file()


def _reuse_details(store: Store) -> list[tuple[str, str, str, str]]:
    """Reuse edges with their scores and passages (not the input paths they came from)."""
    names = _names(store)
    return sorted(
        (e.type.value, names[e.source], names[e.target], ev.reuse.model_dump_json())
        for e in store.iter_edges([EdgeKind.REPUBLISHES, EdgeKind.TRANSLATES])
        for ev in e.evidence
        if ev.reuse is not None
    )


def test_candidates_decoded_from_the_index_or_prepared_again_give_the_same_edges(
    tmp_path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no cache, every candidate comes from its packed form in the index, or, in
    an index from before packed forms were kept, from its text prepared again."""
    folder = _folder(tmp_path)
    with EmbeddedStore(tmp_path / "cached.db") as cached:
        ingest([str(folder)], cached, registry, batch_size=1)
        expected = _reuse_details(cached)
    assert {(k, s, t) for k, s, t, _ in expected} >= {
        ("REPUBLISHES", "retitled_copy", "original_en"),
        ("REPUBLISHES", "partial_copy", "original_en"),
        ("REPUBLISHES", "reworded_copy", "original_en"),
        ("TRANSLATES", "translation_fr", "original_en"),
    }
    monkeypatch.setattr(detect, "_prepared", detect._PreparedCache(0))
    with EmbeddedStore(tmp_path / "packed.db") as packed:
        ingest([str(folder)], packed, registry, batch_size=1)
        assert _reuse_details(packed) == expected
    # The same ingest against an index whose packed forms are gone.
    first = _folder(tmp_path / "first", ["original_en", "retitled_copy"])
    with EmbeddedStore(tmp_path / "old.db") as old:
        ingest([str(first)], old, registry)
        index = sqlite3.connect(default_index_path(old))
        assert index.execute("SELECT count(prepared) FROM docs").fetchone() == (2,)
        index.execute("UPDATE docs SET prepared = NULL")
        index.commit()
        index.close()
        ingest([str(folder)], old, registry, batch_size=1)
        assert _reuse_details(old) == expected


def test_missing_date_gives_an_edge_of_unknown_direction(
    tmp_path: Path, registry: Registry
) -> None:
    folder = _folder(tmp_path, ["original_en"])
    copy = (REUSE_CORPUS / "retitled_copy.md").read_text()
    (folder / "undated.md").write_text(copy.replace('date: "2025-03-05T14:30:00+00:00"\n', ""))
    store = EmbeddedStore(tmp_path / "s.db")
    ingest([str(folder)], store, registry)
    edges = list(store.iter_edges([EdgeKind.REPUBLISHES]))
    assert len(edges) == 1
    detail = edges[0].evidence[0].reuse
    assert detail is not None and detail.direction is ReuseDirection.UNKNOWN


def test_no_reuse_flag_and_stale_index_entries(tmp_path: Path, registry: Registry) -> None:
    folder = _folder(tmp_path, ["original_en", "retitled_copy"])
    runner = CliRunner()
    off = tmp_path / "off.db"
    result = runner.invoke(
        app, ["ingest", str(folder), "--store", str(off), "--no-reuse", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["ok"] == 2
    with EmbeddedStore(off) as st:
        assert _reuse_edges(st) == set()
    assert not default_index_path(EmbeddedStore(off)).exists()

    # An index that outlived its store (deleted, or Neo4j cleared) proposes candidates
    # the store no longer holds; they are ignored rather than linked to nothing.
    index = tmp_path / "shared-index.sqlite"
    first = EmbeddedStore(tmp_path / "first.db")
    ingest([str(_folder(tmp_path / "x", ["original_en"]))], first, registry,
           reuse=ReuseOptions(index_path=index))  # fmt: skip
    second = EmbeddedStore(tmp_path / "second.db")
    ingest([str(_folder(tmp_path / "y", ["retitled_copy"]))], second, registry,
           reuse=ReuseOptions(index_path=index))  # fmt: skip
    assert _reuse_edges(second) == set()


@pytest.mark.parametrize("kind", ["retitled_copy", "partial_copy", "reworded_copy"])
def test_each_copy_alone_is_found(kind: str, tmp_path: Path, registry: Registry) -> None:
    store = EmbeddedStore(tmp_path / "s.db")
    ingest([str(_folder(tmp_path, ["original_en", kind]))], store, registry)
    assert _reuse_edges(store) == {("REPUBLISHES", kind, "original_en")}


def test_verification_in_the_workers_gives_the_same_edges(
    tmp_path: Path, registry: Registry
) -> None:
    """With workers, a batch is verified in them while the writer goes on with the next
    batch, and its edges are written at the next flush: the same reuse edges, scores
    and passages as one process, and every document recorded."""
    folder = _folder(tmp_path)
    with EmbeddedStore(tmp_path / "one.db") as one:
        ingest([str(folder)], one, registry, batch_size=2)
        expected = _reuse_details(one)
    assert len(expected) >= 4
    with EmbeddedStore(tmp_path / "two.db") as two:
        report = ingest([str(folder)], two, registry, batch_size=2, workers=2)
        assert _reuse_details(two) == expected
        assert report.ok == len(list(folder.glob("*.md")))
        assert set(two.documents([i.document for i in report.items if i.document])) == {
            i.document for i in report.items
        }
