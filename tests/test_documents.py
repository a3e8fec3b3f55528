"""Bad input gets a clear, typed error; odd but valid input still parses."""

from __future__ import annotations

import pytest

from loaders.documents import MAX_BYTES, parse_document
from loaders.errors import DocumentError

FRENCH = "Le ministère a déclaré mardi que la vidéo était fausse, selon l'agence Tass.\n"


@pytest.mark.parametrize(
    ("raw", "uri", "code"),
    [
        (b"", "empty.txt", "empty_document"),
        (b"   \n\t  \n", "blank.txt", "empty_document"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
            "image.txt",
            "binary_content",
        ),
        (b"<html><body><nav>menu</nav></body></html>", "nav-only.html", "no_main_text"),
    ],
)
def test_unusable_input_raises_a_typed_error(raw: bytes, uri: str, code: str) -> None:
    with pytest.raises(DocumentError) as info:
        parse_document(raw, uri=uri)
    assert info.value.code == code
    assert uri in info.value.message


def test_oversized_input_is_refused_before_decoding() -> None:
    with pytest.raises(DocumentError) as info:
        parse_document(b"a" * (MAX_BYTES + 1), uri="huge.txt")
    assert info.value.code == "too_large"


def test_latin1_text_is_decoded_and_flagged() -> None:
    doc = parse_document(("Titre accentué\n\n" + FRENCH * 3).encode("latin-1"), uri="latin1.txt")
    assert "accentué" in doc.text and "ministère" in doc.text
    assert doc.encoding != "utf-8"
    assert any("not UTF-8" in w for w in doc.warnings)


def test_utf8_bom_and_crlf_are_normalised() -> None:
    doc = parse_document(("\ufeffTitre\r\n\r\n" + FRENCH).encode("utf-8"), uri="bom.txt")
    assert doc.title == "Titre"
    assert "\r" not in doc.text


def test_document_id_is_the_content_hash() -> None:
    a = parse_document(FRENCH.encode(), uri="a.txt")
    b = parse_document(FRENCH.encode(), uri="elsewhere/b.txt")
    assert a.id == b.id and a.id.startswith("doc:")


def test_html_links_keep_exact_spans_in_the_main_text() -> None:
    html = (
        "<html lang='fr'><head><title>T</title>"
        "<link rel='canonical' href='https://www.site.example/a/1'></head><body>"
        "<nav><a href='/'>Accueil</a></nav><article><h1>Un titre assez long pour un article</h1>"
        "<p>Selon <a href='https://www.rt.com/news/1'>RT</a>, le ministère a déclaré mardi que tout "
        "allait bien, ce que personne ne peut vérifier sur place pour le moment.</p>"
        "<p>Un second paragraphe donne encore du contexte, assez pour que l'extracteur garde le corps.</p>"
        "</article><footer>© Site</footer></body></html>"
    ).encode()
    doc = parse_document(html, uri="page.html")
    assert doc.url == "https://www.site.example/a/1"
    assert doc.language == "fr"
    [link] = doc.links
    assert doc.text[link.start : link.end] == "RT"
    assert "Accueil" not in doc.text


def test_markdown_front_matter_and_links() -> None:
    md = (
        "---\ntitle: Un titre\ncanonical: https://www.x.example/p\nauthor: Ana Lopes\n"
        "date: 2026-03-17T09:00:00Z\nlang: it\n---\n\n# Un titre\n\n"
        "Il testo originale è [qui](https://www.y.example/orig) e altrove.\n"
    ).encode()
    doc = parse_document(md, uri="note.md")
    assert (doc.title, doc.url, doc.author, doc.language) == (
        "Un titre",
        "https://www.x.example/p",
        "Ana Lopes",
        "it",
    )
    assert doc.published is not None and doc.published.hour == 9
    [link] = doc.links
    assert doc.text[link.start : link.end] == "qui"
    assert "](" not in doc.text
