"""Cross-language reuse by meaning: the encoder, when it is asked, and its lead files.

Real human translations (ntrex-dev): an English BBC text and its Arabic translation
share almost no fingerprints (Arabic has no capitals, so only numbers count), and
only the encoder links them.
"""

from __future__ import annotations

import importlib
import pickle
import shutil
from collections import OrderedDict
from pathlib import Path

import pytest

from graph.schema import EdgeKind
from loaders.reuse.analyse import analyse, with_leads
from loaders.reuse.detect import SEMANTIC, compare, find_reuse
from loaders.reuse.encoder import unquantise
from loaders.reuse.index import IndexedDocument, ReuseIndex
from loaders.reuse.normalise import Prepared, prepare
from loaders.reuse.translation import align_translation, fingerprints_undecided
from loaders.reuse.vectors import LeadIndex, lead_index, vector_dir
from tests.support.paths import NTREX

NAME = "bbc.381694.txt"


def _ntrex(language: str, name: str = NAME) -> IndexedDocument:
    path = NTREX / "ntrex" / language / name
    if not path.exists():
        pytest.fail(f"the NTREX files are missing: {NTREX} (set CITEGRAPH_NTREX)")
    return IndexedDocument(
        article=f"article:{language}/{name}",
        document=f"doc:{language}/{name}",
        text=path.read_text(encoding="utf-8"),
        url=None,
        language=language,
        published=None,
    )


def _prepared(doc: IndexedDocument) -> Prepared:
    return prepare(doc.text, doc.language)


def test_a_translation_fingerprints_cannot_settle_is_aligned_by_meaning() -> None:
    en, ar = _ntrex("en"), _ntrex("ar")
    pen, par = _prepared(en), _prepared(ar)
    assert compare(en, pen, ar, par) is None  # fingerprints alone miss it
    assert fingerprints_undecided(pen, par, align_translation(pen, par))
    edge = compare(en, pen, ar, par, semantic=True)
    assert edge is not None and edge.type is EdgeKind.TRANSLATES
    [evidence] = edge.evidence
    assert evidence.pattern == SEMANTIC
    assert evidence.reuse is not None and len(evidence.reuse.passages) >= 3


# Two reports in two languages whose every sentence carries names and numbers, none of
# them shared in order: the fingerprints have spoken, the encoder is not asked.
REPORT_EN = (
    "Minister Anna Berg met Carl Dunn in Oslo on Monday with 12 delegates. "
    "Talks with Gustav Holm covered 340 tonnes of grain bound for Riga. "
    "Officials from Narvik said 57 trucks were held at the Storskog crossing. "
    "Berg told Aftenposten that 3 ministers would sign in Bergen. "
    "Dunn flew to Helsinki after 2 hours of talks with Holm."
)
REPORT_FR = (
    "Le ministre Paul Girard a reçu Marc Lenoir à Lyon mardi avec 45 experts. "
    "Les discussions avec Hélène Roux ont porté sur 890 conteneurs pour Marseille. "
    "Des responsables de Toulouse ont compté 21 camions bloqués à Modane. "
    "Girard a déclaré au Figaro que 6 préfets signeraient à Nantes. "
    "Lenoir est parti pour Bordeaux après 9 heures de discussions avec Roux."
)


def test_fingerprints_decide_pairs_whose_every_sentence_carries_them() -> None:
    pen, pfr = prepare(REPORT_EN, "en"), prepare(REPORT_FR, "fr")
    assert not fingerprints_undecided(pen, pfr, align_translation(pen, pfr))
    # A text with fingerprints in few of its sentences leaves the question open.
    sparse = prepare(
        "The talks went on late into the night. Nobody spoke to the press afterwards. "
        "The mood was said to be tense but polite. Minister Anna Berg left at 11. "
        "A further round is expected soon.",
        "en",
    )
    assert fingerprints_undecided(sparse, pfr, align_translation(sparse, pfr))


def test_leads_are_encoded_per_batch_and_travel_as_text() -> None:
    [item] = analyse([_ntrex("en")])
    assert item.lead and item.doc.lead is None
    assert pickle.loads(pickle.dumps(item)).lead == item.lead  # to the writer, as text
    [done] = with_leads([item])
    assert done.doc.lead and not done.lead
    assert with_leads([done]) == [done]  # encoded once


def test_copies_sharing_a_lead_encode_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    analysis = importlib.import_module("loaders.reuse.analyse")
    monkeypatch.setattr(analysis, "_recent", OrderedDict())
    encoded: list[str] = []
    real = analysis.encode

    def counting(sentences: list[str]) -> object:
        encoded.extend(sentences)
        return real(sentences)

    monkeypatch.setattr(analysis, "encode", counting)
    original = _ntrex("fr")
    copy = IndexedDocument(
        **{**original.__dict__, "article": "article:copy", "document": "doc:copy"}
    )
    items = analyse([original, copy])
    done = with_leads(items)
    assert done[0].doc.lead == done[1].doc.lead
    assert len(encoded) == 1
    with_leads(analyse([copy]))
    assert len(encoded) == 1  # a recent lead is not encoded again


def test_lead_files_persist_beside_the_reuse_index_and_are_caught_up(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    en, ar = _ntrex("en"), _ntrex("ar")
    with ReuseIndex(path) as index:
        edges = find_reuse(index, [en, ar], None)
        assert [(e.type, e.evidence[0].pattern) for e in edges] == [(EdgeKind.TRANSLATES, SEMANTIC)]
        lead_index(path).maybe_save(index, force=True)
    folder = vector_dir(path)
    assert sorted(p.name for p in folder.iterdir()) == ["ar.usearch", "en.usearch"]
    [item] = with_leads(analyse([ar]))
    assert item.doc.lead is not None
    query = unquantise(item.doc.lead)
    # A lost file is a cache: a new process rebuilds it from the reuse index's rows.
    shutil.rmtree(folder)
    with ReuseIndex(path) as index:
        [near] = LeadIndex(folder).nearest(index, query, "ar", k=3, floor=0.3)
        assert index.articles_of([near.doc]) == {near.doc: en.article}
