"""Reuse building blocks on real article text: boilerplate, fingerprints, verification."""

from __future__ import annotations

import random
import re
from pathlib import Path

from loaders.documents import parse_document
from loaders.reuse import IndexedDocument, reuse_document
from loaders.reuse.detect import compare
from loaders.reuse.normalise import is_boilerplate, prepare
from loaders.reuse.translation import fingerprints

CORPUS = Path(__file__).parent / "reuse_corpus"


def _doc(name: str, text: str | None = None) -> IndexedDocument:
    raw = (CORPUS / f"{name}.md").read_bytes() if text is None else text.encode()
    return reuse_document(parse_document(raw, uri=f"{name}.md"), f"article:{name}")


def test_page_furniture_is_boilerplate_and_reporting_is_not() -> None:
    for line in (
        "© 2025 Daily Relay. All rights reserved.",
        "Share this story with your friends and family.",
        "Source : RT France",
        "Lire aussi : la grève s'étend à Odessa",
        "https://daily-relay.example/news/odesa-dock-strike",
    ):
        assert is_boilerplate(line), line
    assert not is_boilerplate("Grain traders in Rotterdam reacted calmly.")
    assert not is_boilerplate("Sources familiar with the talks said the insurance terms mattered.")
    copy = prepare((CORPUS / "retitled_copy.md").read_text())
    assert not any("Daily Relay" in copy.text[s.start : s.end] for s in copy.sentences)


def test_fingerprints_survive_translation() -> None:
    en = fingerprints(
        "Union representative Oksana Melnyk said 2,300 workers were unpaid in January."
    )
    fr = fingerprints(
        "La représentante Oksana Melnyk a déclaré que 2 300 travailleurs étaient impayés en janvier."
    )
    assert en == fr == {"c:oksa", "c:meln", "n:2300", "m:01"}
    # "may" the verb is no month; "Monday" (capitalised in English only) is dropped.
    assert fingerprints("Prices may rise on Monday in London.") == {"c:lond"}


def test_same_facts_in_another_order_are_not_a_translation() -> None:
    """An independent French article with the original's facts, reshuffled, is no translation."""
    original = _doc("original_en")
    text = (CORPUS / "translation_fr.md").read_text()
    head, body = text.split("\n# ", 1)
    sentences = re.split(r"(?<=\.)\s+", body.split("\n", 1)[1].strip())
    random.Random(3).shuffle(sentences)
    shuffled = _doc("shuffled_fr", head + "\n" + "\n\n".join(sentences))
    assert compare(shuffled, prepare(shuffled.text), original, prepare(original.text)) is None
    translation = _doc("translation_fr")
    edge = compare(translation, prepare(translation.text), original, prepare(original.text))
    assert edge is not None and edge.source == "article:translation_fr"


def test_compare_is_symmetric_and_ignores_independent_reports() -> None:
    original, copy = _doc("original_en"), _doc("reworded_copy")
    po, pc = prepare(original.text), prepare(copy.text)
    assert compare(original, po, copy, pc) == compare(copy, pc, original, po)
    other = _doc("unrelated_same_event")
    assert compare(other, prepare(other.text), original, po) is None
