"""Engine pieces that Turkish and Indonesian need, on paraphrased sentences with made-up
minor names: apostrophe case suffixes, verb-final subjects, participles and media
before the verb, verbs whose subject only follows them, titles that run into names."""

from __future__ import annotations

from dataclasses import replace

from loaders.documents import parse_document
from loaders.extract import extract
from loaders.extract.text import Text
from loaders.patterns import _ending_ok, patterns_for
from loaders.registry import Registry


def _edges(text: str, language: str, registry: Registry) -> set[tuple[str, str]]:
    doc = parse_document(f"Bülten 4417\n\n{text}\n".encode(), uri="note.txt")
    x = extract(replace(doc, language=language), registry)
    names = {n.key: n.name for n in x.subgraph.nodes}
    return {
        (e.type.wire, names[e.target])
        for e in x.subgraph.edges
        if e.type.wire in ("quotes", "cites", "republishes", "translates")
    }


def test_apostrophe_suffixes_are_cut_from_tokens_and_read_back() -> None:
    text = Text("Reuters'a göre Bakanlığı’nın O'Brien", apostrophe_suffixes=True)
    assert [t.text for t in text.tokens] == ["Reuters", "göre", "Bakanlığı", "O'Brien"]
    assert text.suffix_after(7) == "'a"
    plain = Text("Reuters'a göre")
    assert [t.text for t in plain.tokens] == ["Reuters'a", "göre"]
    assert Text("İçişleri").tokens[0].low == "içişleri"


def test_form_endings_keep_the_longest_listed_ending() -> None:
    endings = ["an", "rken", "-dan", "-ken"]
    assert _ending_ok("konuşan", endings) and _ending_ok("yalanlarken", endings)
    assert not _ending_ok("açıklamadan", endings) and not _ending_ok("söyledi", endings)
    assert _ending_ok("anything", [])


def test_indonesian_is_matched_as_written() -> None:
    p = patterns_for("id")
    assert "menteri" in p.words["roles"] and "kementerian" not in p.words["roles"]
    assert "kata" in p.inverted_forms and "mengatakan" not in p.inverted_forms


def test_turkish_subject_is_the_nominative_name_before_its_comma(registry: Registry) -> None:
    found = _edges(
        "Selim Arıkan, Kemal Soylu'nun görüşmeye katılmayacağını söyledi.", "tr", registry
    )
    assert ("quotes", "Selim Arıkan") in found and ("quotes", "Kemal Soylu") not in found


def test_turkish_speaker_before_a_quotation_of_several_sentences(registry: Registry) -> None:
    found = _edges(
        'Sözcü Selim Arıkan, "Görüşme yapılmadı. Tarih de belli değil." dedi.', "tr", registry
    )
    assert ("quotes", "Selim Arıkan") in found


def test_turkish_clause_after_a_converb_has_its_own_subject(registry: Registry) -> None:
    found = _edges(
        "Rusya iddiayı yalanlarken, Sözcü Selim Arıkan da açıklamaya tepki gösterdi.",
        "tr",
        registry,
    )
    assert ("quotes", "Selim Arıkan") in found


def test_turkish_participle_names_the_speaker_after_it(registry: Registry) -> None:
    found = _edges(
        "Reuters'a konuşan Büyükelçi Selim Arıkan'ın sözleri yanlış aktarıldı.", "tr", registry
    )
    assert {("quotes", "Selim Arıkan"), ("cites", "Reuters")} <= found


def test_turkish_locative_name_is_no_source(registry: Registry) -> None:
    found = _edges(
        "Bakan Selim Arıkan, Ankara'da yaptığı açıklamada, yolların açıldığını söyledi.",
        "tr",
        registry,
    )
    assert ("quotes", "Selim Arıkan") in found
    assert not any(name == "Ankara" for _rel, name in found)


def test_turkish_agency_signs_off_after_the_last_sentence(registry: Registry) -> None:
    found = _edges("Toplantıya katılan yetkililer de söz aldı. DHA", "tr", registry)
    assert ("cites", "Demirören Haber Ajansı") in found


def test_indonesian_inverted_verb_takes_its_subject_after_it(registry: Registry) -> None:
    found = _edges('"Semua siap," kata Rahmat Hidayat di Jakarta.', "id", registry)
    assert ("quotes", "Rahmat Hidayat") in found
    found = _edges("Posisi Rahmat Hidayat jelas dalam perkara itu.", "id", registry)
    assert not any(rel == "quotes" for rel, _name in found)


def test_indonesian_title_runs_into_the_name(registry: Registry) -> None:
    found = _edges(
        "Menteri Luar Negeri Varnia Teodor Halmi mengatakan kunjungan ditunda.", "id", registry
    )
    assert ("quotes", "Teodor Halmi") in found
    found = _edges(
        "Hal ini disampaikan oleh Juru Bicara Kementerian Perhubungan Rahmat Hidayat.",
        "id",
        registry,
    )
    assert ("quotes", "Rahmat Hidayat") in found


def test_a_body_joins_its_place_but_a_person_does_not(registry: Registry) -> None:
    found = _edges(
        "Kedutaan Besar Varnia di Indonesia menyatakan bahwa laporan itu keliru.", "id", registry
    )
    assert ("quotes", "Kedutaan Besar Varnia di Indonesia") in found
    found = _edges(
        "Presiden Teodor Halmi dalam keterangannya di Istana Merdeka menegaskan sikapnya.",
        "id",
        registry,
    )
    assert ("quotes", "Teodor Halmi") in found


def test_a_title_makes_a_one_word_name_a_person_everywhere(registry: Registry) -> None:
    found = _edges(
        'Menteri Perhubungan Hidayat mengatakan jalan dibuka. "Semua siap," kata Hidayat.',
        "id",
        registry,
    )
    assert [name for rel, name in found if rel == "quotes"] == ["Hidayat"]


def test_place_and_outlet_datelines(registry: Registry) -> None:
    assert ("cites", "CNN Indonesia") in _edges(
        "Jakarta, CNN Indonesia -- Harga beras naik.", "id", registry
    )
    assert ("cites", "Kompas") in _edges("JAKARTA, KOMPAS.com - Banjir surut.", "id", registry)


def test_a_domain_wins_over_an_alias_inside_it(registry: Registry) -> None:
    found = _edges(
        "Warga kaget. Tribunnews.com melaporkan, pelaku sudah ditangkap.", "id", registry
    )
    assert ("cites", "Tribunnews") in found


def test_no_source_after_a_cue_and_a_comma(registry: Registry) -> None:
    found = _edges(
        "Seperti diberitakan sebelumnya, Densus 88 menangkap dua orang di Lampung.",
        "id",
        registry,
    )
    assert ("quotes", "Densus 88") not in found


def test_the_first_words_of_a_long_name_are_that_person(registry: Registry) -> None:
    found = _edges(
        "Kombes Pol Rahmat Hidayat Syam Putra membenarkan penangkapan itu. "
        '"Benar, ada tiga orang," kata Rahmat Hidayat.',
        "id",
        registry,
    )
    assert [name for rel, name in found if rel == "quotes"] == ["Rahmat Hidayat Syam Putra"]


def test_a_capitalised_modifier_of_a_role_after_the_verb(registry: Registry) -> None:
    found = _edges('"We will respond," said Foreign Minister Maria Halloran.', "en", registry)
    assert ("quotes", "Maria Halloran") in found
    found = _edges(
        '"Pelaku sudah kami amankan," kata Kapolres Bogor AKBP Rio Anggoro kepada Kompas.com.',
        "id",
        registry,
    )
    assert {("quotes", "Rio Anggoro"), ("cites", "Kompas")} <= found


def test_a_title_case_headline_names_no_speaker_after_its_verb(registry: Registry) -> None:
    found = _edges(
        "Kudeta Myanmar: Bantah Kunjungan Menlu Retno Marsudi, Ini Penjelasan Lengkap Kemlu",
        "id",
        registry,
    )
    assert not any(rel == "quotes" for rel, _name in found)


def test_an_acronym_before_a_name_in_a_title_is_the_employer(registry: Registry) -> None:
    found = _edges("Ketua Umum PSSI Teodor Halmi menilai timnas tampil baik.", "id", registry)
    assert ("quotes", "Teodor Halmi") in found
