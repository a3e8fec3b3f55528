"""Bad input gets a clear, typed error; odd but valid input still parses."""

from __future__ import annotations

import pytest

from loaders.documents import MAX_BYTES, MAX_DEPTH, MAX_LINKS, _cap_nesting, parse_document
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


RUSSIAN = (
    "Министерство обороны России заявило во вторник, что видеозапись была постановкой, "
    "передает ТАСС. Явно ложные сведения распространялись в течение недели. "
)


def _page(charset: str, body: str, title: str = "Заявление Минобороны") -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>'
        f"</head><body><article><h1>{title}</h1><p>{body * 3}</p><p>{body}</p>"
        "</article></body></html>"
    )


@pytest.mark.parametrize(
    ("body", "codec", "expected", "probe"),
    [
        (RUSSIAN, "cp1251", ("cp1251",), "Министерство обороны России"),
        (FRENCH, "latin-1", ("cp1252", "latin_1"), "ministère a déclaré"),
    ],
)
def test_a_wrong_declared_charset_is_overruled_with_a_warning(
    body: str, codec: str, expected: tuple[str, ...], probe: str
) -> None:
    raw = _page("utf-8", body, title=probe.split()[0].title()).encode(codec)
    doc = parse_document(raw, uri="mislabelled.html")
    assert probe in doc.text
    assert doc.encoding in expected
    [warning] = doc.warnings
    assert warning.startswith("charset_mismatch: declared utf-8")


def test_a_right_declared_charset_is_obeyed_quietly() -> None:
    raw = _page("windows-1251", RUSSIAN).encode("cp1251")
    doc = parse_document(raw, uri="labelled.html")
    assert doc.encoding == "cp1251" and "Явно" in doc.text and not doc.warnings


def test_an_http_charset_beats_a_missing_meta() -> None:
    raw = _page("", RUSSIAN).replace('<meta charset="">', "").encode("koi8_r")
    doc = parse_document(raw, uri="koi8.html", content_type="text/html; charset=KOI8-R")
    assert doc.encoding == "koi8-r" and "Министерство" in doc.text and not doc.warnings


def test_undeclared_cyrillic_prefers_the_web_code_page() -> None:
    # The detector rates mac_cyrillic as likely as cp1251 here, and it would garble capitals.
    raw = ("Заявление\n\n" + RUSSIAN * 3).encode("cp1251")
    doc = parse_document(raw, uri="note.txt")
    assert doc.encoding == "cp1251" and "ТАСС" in doc.text
    assert doc.warnings[0].startswith("charset_guessed:")


def test_a_latin1_label_on_utf8_bytes_is_flagged() -> None:
    raw = (
        '<html><head><meta charset="iso-8859-1"><title>T</title></head><body><article><p>'
        + FRENCH * 4
        + "</p></article></body></html>"
    ).encode("utf-8")
    doc = parse_document(raw, uri="labelled-latin1.html")
    assert "ministère" in doc.text
    assert doc.warnings[0].startswith("charset_mismatch: declared cp1252, but the bytes are UTF-8")


def test_truncated_html_keeps_its_text_with_a_warning() -> None:
    full = _page("utf-8", RUSSIAN).encode()
    cut = full[: full.index(b"</p><p>") + 200]
    doc = parse_document(cut, uri="cut.html")
    assert "Министерство" in doc.text
    assert any(w.startswith("truncated_html:") for w in doc.warnings)
    assert not parse_document(full, uri="whole.html").warnings


def test_html_cut_before_any_text_is_a_truncated_html_error() -> None:
    with pytest.raises(DocumentError) as info:
        parse_document(b"<!DOCTYPE html><html><head><title>Une page coup", uri="stub.html")
    assert info.value.code == "truncated_html"


def test_a_short_latin1_page_declared_utf8_reads_as_cp1252_not_mojibake() -> None:
    """Regression: the detector rated mac_latin2 ("ministŤres") and Big5 ("p鋨e") as
    likely as cp1252 on short pages; only the web's code pages are guessed now."""
    for words in ("Les ministères", "Le père du ministère", "très"):
        raw = (
            f'<html><head><meta charset="utf-8"><title>{words}</title></head>'
            f"<body><article><p>{words} ont répondu.</p></article></body></html>"
        ).encode("latin-1")
        doc = parse_document(raw, uri="short.html")
        assert doc.encoding == "cp1252", words
        assert words in (doc.title or "") + doc.text
        assert doc.warnings[0].startswith("charset_mismatch: declared utf-8")


@pytest.mark.parametrize("codec", ["gb18030", "big5", "cp932"])
def test_legacy_cjk_pages_still_decode(codec: str) -> None:
    text = {
        "gb18030": "这是一个关于新闻的中文文章，我们需要检测它的编码是否正确。北京报道。",
        "big5": "這是一個關於新聞的中文文章，我們需要檢測它的編碼是否正確。台北報導。",
        "cp932": "これは日本語の記事です。東京からの報道によると、政府は新しい方針を発表した。",
    }[codec]
    doc = parse_document((text * 4).encode(codec), uri="cjk.txt")
    assert doc.encoding == codec and text in doc.text


def test_a_front_matter_url_that_is_not_http_is_a_warning_not_a_traceback() -> None:
    """Regression: ``url: javascript:alert(1)`` raised inside canonical_url."""
    for bad in ("javascript:alert(1)", "ftp://files.example/a", "/relative/path"):
        md = f"---\ntitle: T\nurl: {bad}\n---\n\nSome article text, long enough to be read.\n"
        doc = parse_document(md.encode(), uri="note.md")
        assert doc.url is None
        assert doc.warnings == [f"bad_front_matter: url {bad!r} is not an http(s) URL; ignored"]


def _links_page(count: int) -> bytes:
    anchors = "".join(f"<a href=/{i:x}>w</a> " for i in range(count))
    return (
        "<!doctype html><html lang='en'><head><title>Links</title></head><body><article>"
        f"<h1>Many links</h1><p>{anchors}</p></article></body></html>"
    ).encode()


def test_links_past_the_cap_are_read_as_text_with_a_warning() -> None:
    doc = parse_document(_links_page(MAX_LINKS + 700), uri="links.html", url="https://x.example/")
    assert len(doc.links) == MAX_LINKS
    assert all(doc.text[lk.start : lk.end] == lk.text == "w" for lk in doc.links)
    assert doc.text.count("w") == MAX_LINKS + 700, "the anchors past the cap keep their text"
    assert doc.warnings == [
        f"too_many_links: {MAX_LINKS + 700} links; the first {MAX_LINKS} are read as links, "
        "the rest as plain text"
    ]


def test_link_spans_are_exact_when_links_nest_and_text_starts_with_newlines() -> None:
    html = (
        b"<html><head><title>T</title></head><body><article><p>\n\nAccording to "
        b"<a href='https://a.example/1'>the <b>first</b> source</a> and "
        b"<a href='https://b.example/2'>another one</a>, the dam talks resumed on Tuesday "
        b"after a week of silence between the two delegations.</p></article></body></html>"
    )
    doc = parse_document(html, uri="page.html")
    assert [(lk.href, doc.text[lk.start : lk.end]) for lk in doc.links] == [
        ("https://a.example/1", "the first source"),
        ("https://b.example/2", "another one"),
    ]


def test_a_hundred_thousand_nested_divs_keep_their_text() -> None:
    """Regression: libxml2 stops at 256 levels and the page gave no_main_text."""
    body = "The harbour commission published the new water figures on Tuesday. " * 20
    depth = 100_000
    html = (
        "<!doctype html><html lang='en'><head><title>Deep</title></head><body>"
        + "<div>" * depth
        + f"<p>{body}</p>"
        + "</div>" * depth
        + "</body></html>"
    ).encode()
    doc = parse_document(html, uri="deep.html")
    assert body.strip() in doc.text
    assert doc.warnings == [
        f"deep_nesting: elements nested more than {MAX_DEPTH} levels deep were unwrapped; "
        "their text is kept"
    ]


def test_nesting_is_capped_in_one_pass_that_keeps_scripts_and_comments() -> None:
    html = "<div>" * 5 + "<script>var s = '<div>';</script><!-- <div> -->x" + "</div>" * 5
    assert _cap_nesting(html, 2) == (
        "<div><div><script>var s = '<div>';</script><!-- <div> -->x</div></div>"
    )
    assert _cap_nesting("<p>a<p>b<p>c", 2) == "<p>a<p>b<p>c", "sibling paragraphs are not nested"
