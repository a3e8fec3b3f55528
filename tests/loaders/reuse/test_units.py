"""Reuse building blocks on real article text: boilerplate, fingerprints, verification."""

from __future__ import annotations

import json
import pickle
import random
import re
import zlib

import numpy as np
import pytest

from loaders.documents import parse_document
from loaders.reuse import IndexedDocument, detect, reuse_document
from loaders.reuse.detect import Verification, compare, verify
from loaders.reuse.index import TEXT_PERM, signatures
from loaders.reuse.normalise import is_boilerplate, pack, prepare, shingles, unpack
from loaders.reuse.translation import fingerprints, sentence_fingerprints, text_fingerprints
from tests.support.paths import REUSE_CORPUS


def _doc(name: str, text: str | None = None) -> IndexedDocument:
    raw = (REUSE_CORPUS / f"{name}.md").read_bytes() if text is None else text.encode()
    return reuse_document(parse_document(raw, uri=f"{name}.md"), f"article:{name}").doc


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
    copy = prepare((REUSE_CORPUS / "retitled_copy.md").read_text())
    assert not any("Daily Relay" in copy.text[s.start : s.end] for s in copy.sentences)


def test_fingerprints_survive_translation() -> None:
    en = fingerprints(
        "Union representative Oksana Melnyk said 2,300 workers were unpaid in January."
    )
    fr = fingerprints(
        "La représentante Oksana Melnyk a déclaré que 2 300 travailleurs étaient impayés en janvier."
    )
    assert en == fr == {"c:ksn", "c:mln", "n:2300", "m:01"}
    # "may" the verb is no month; "Monday" (capitalised in English only) is dropped.
    assert fingerprints("Prices may rise on Monday in London.") == {"c:lnt"}


def test_fingerprints_cross_scripts() -> None:
    """Cyrillic and Arabic names meet their Latin spelling; months, scales and digits too."""
    en = fingerprints(
        "The talks between Trump and Putin in Washington on 12 March cost 2.5 billion."
    )
    ru = fingerprints("Переговоры Трампа и Путина в Вашингтоне 12 марта обошлись в 2,5 млрд.", "ru")
    uk = fingerprints(
        "Переговори Трампа і Путіна у Вашингтоні 12 березня коштували 2,5 млрд.", "uk"
    )
    assert en == ru == uk == {"c:trm", "c:btn", "c:bsn", "n:12", "m:03", "n:25", "n:2500000000"}
    # Arabic has no capitals: every word is a possible name ("w:"), Arabic-Indic digits
    # are digits, and Levantine month names are months.
    ar = fingerprints("التقى ترامب وبوتين في واشنطن في ١٢ آذار.", "ar")
    assert {"w:trm", "w:bsn", "n:12", "m:03"} <= ar
    assert not any(t.startswith("c:") for t in ar)


def test_german_nouns_are_not_names() -> None:
    """After an article or an inflected adjective, a German capital marks a noun."""
    de = fingerprints(
        "Am Montag sagte der Präsident der neuen Regierung, Angela Merkel, in Berlin.", "de"
    )
    assert de == {"c:nkl", "c:mrk", "c:brl"}
    # The same words in a text not known to be German count as names.
    assert "c:brs" in fingerprints("Am Montag sagte der Präsident in Berlin etwas.")


def test_same_facts_in_another_order_are_not_a_translation() -> None:
    """An independent French article with the original's facts, reshuffled, is no translation."""
    original = _doc("original_en")
    text = (REUSE_CORPUS / "translation_fr.md").read_text()
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


def test_a_packed_text_unpacks_to_what_prepare_gives() -> None:
    """The index keeps texts packed; a candidate decoded from it must verify the same."""
    original = _doc("original_en")
    po = prepare(original.text)
    for path in sorted(REUSE_CORPUS.glob("*.md")):
        doc = _doc(path.stem)
        fresh = prepare(doc.text)
        sentence_fingerprints(fresh)
        unpacked = unpack(doc.text, pack(fresh))
        assert unpacked is not None and unpacked == fresh, path.stem
        assert unpacked.tokens == fresh.tokens and unpacked.content_chars == fresh.content_chars
        assert sentence_fingerprints(unpacked) == sentence_fingerprints(fresh)
        assert text_fingerprints(unpacked) == text_fingerprints(fresh)
        # Packed before its fingerprints were computed: they are computed on use.
        late = unpack(doc.text, pack(prepare(doc.text)))
        assert late is not None and sentence_fingerprints(late) == sentence_fingerprints(fresh)
        if doc.article != original.article:
            assert compare(doc, unpacked, original, po) == compare(doc, fresh, original, po)


@pytest.mark.parametrize(
    "damage",
    ["other_format", "not_zlib", "not_json", "span_outside_text", "fingerprints_miscounted"],
)
def test_an_unusable_packed_form_is_refused_not_trusted(damage: str) -> None:
    text = (REUSE_CORPUS / "original_en.md").read_text()
    prepared = prepare(text)
    sentence_fingerprints(prepared)
    body = json.loads(zlib.decompress(pack(prepared)))
    if damage == "other_format":
        body["v"] = -1
    elif damage == "span_outside_text":
        body["s"][-1][1] = len(text) + 5
    elif damage == "fingerprints_miscounted":
        body["f"] = body["f"][:-1]
    blob = zlib.compress(json.dumps(body).encode())
    if damage == "not_zlib":
        blob = b"not a packed form"
    elif damage == "not_json":
        blob = zlib.compress(b"{not json")
    assert unpack(text, blob) is None


def test_a_worker_sends_the_packed_form_not_the_prepared_objects() -> None:
    analysed = reuse_document(
        parse_document((REUSE_CORPUS / "original_en.md").read_bytes(), uri="original_en.md"),
        "article:original_en",
    )
    assert analysed.prepared is not None and analysed.usable
    received = pickle.loads(pickle.dumps(analysed))
    assert received.prepared is None
    assert received == analysed  # the document, band hashes and packed form
    decoded = unpack(received.doc.text, received.packed, received.doc.language)
    assert decoded == analysed.prepared
    # The signature kept for the resemblance check is the text's MinHash, values intact.
    expected = signatures([shingles(analysed.prepared)], TEXT_PERM)[0].hashvalues
    assert np.frombuffer(received.text_sig, dtype=np.uint32).tolist() == expected.tolist()


def test_a_verification_sent_to_a_worker_gives_the_same_edges(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pickled Verification carries packed forms only, and verifying it where they
    must be decoded gives the edges the writer would have found."""
    names = ["retitled_copy", "translation_fr", "unrelated_same_event"]
    analysed = {
        name: reuse_document(
            parse_document((REUSE_CORPUS / f"{name}.md").read_bytes(), uri=f"{name}.md"),
            f"article:{name}",
        )
        for name in ["original_en", *names]
    }
    original = analysed["original_en"]
    task = Verification(
        original.doc,
        original.packed,
        tuple((analysed[n].doc, analysed[n].packed) for n in names),
        prepared=original.prepared,
    )
    received = pickle.loads(pickle.dumps(task))
    assert received.prepared is None and received == task
    here = verify(task)
    assert {(e.type.value, e.source) for e in here} == {
        ("REPUBLISHES", "article:retitled_copy"),
        ("TRANSLATES", "article:translation_fr"),
    }
    # Nothing cached, as in a fresh worker: every text is decoded from its packed form.
    monkeypatch.setattr(detect, "_prepared", detect._PreparedCache(0))
    assert [e.model_dump() for e in verify(received)] == [e.model_dump() for e in here]
