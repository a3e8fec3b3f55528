"""RSS 2.0 and Atom feeds: an entry's full text is used, else its page, else its summary."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from loaders.ingest import extract_source
from loaders.inputs import iter_sources
from loaders.inputs.feeds import is_feed
from loaders.inputs.source import InputOptions, load_document
from loaders.registry import Registry
from tests.support.local_site import LocalSite, serve
from tests.support.paths import CORPUS, INPUTS

DATA = INPUTS
RSS = DATA / "relais-libre.rss"
ATOM = DATA / "verifica-aperta.atom"
OFFLINE = InputOptions(fetch=False)
PAGE = (CORPUS / "a2_relais-libre_fr.html").read_bytes()


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with serve() as s:
        yield s


def test_rss_entries_carry_link_title_date_author_and_language(registry: Registry) -> None:
    full, summary, bare = iter_sources([str(RSS)], options=OFFLINE)
    assert (
        full.url
        == "https://www.relais-libre.example/2026/03/20/manoeuvres-kestriennes-valmora-denonce-une-repetition-generale/"
    )
    assert full.published == datetime(2026, 3, 20, 17, 45, tzinfo=UTC)
    assert (full.author, full.language) == ("Sylvain Marquet-Roux", "fr")
    assert full.uri == f"{RSS.name}#1 <{full.url}>"
    doc, extraction = extract_source(full, registry)
    assert doc.title is not None and doc.title.startswith("Manœuvres kestriennes")
    assert doc.url == full.url and doc.published == full.published and doc.language == "fr"
    assert "répétition générale" in doc.text and not doc.warnings
    kinds = {e.type.wire for e in extraction.subgraph.edges}
    assert "translates" in kinds, "the content's source and translator lines are read"

    assert any(w.startswith("summary_only:") for w in summary.warnings)
    assert "ONG financée" in load_document(summary).text
    assert bare.error is not None and bare.error.skip and bare.error.code == "no_entry_content"


def test_atom_full_content_is_used_and_summaries_are_flagged() -> None:
    full, summary = iter_sources([str(ATOM)], options=OFFLINE)
    doc = load_document(full)
    assert (doc.title, doc.author, doc.language) == (
        "No, il video del fiume avvelenato a Lorn non è stato girato da una ONG",
        "Ana Lopes",
        "it",
    )
    assert (
        doc.url
        == "https://www.verifica-aperta.example/fact-check/2026/03/17/diga-di-lorn-video-falso-ong"
    )
    assert "Conclusione: la notizia è falsa." in doc.text
    assert not full.warnings
    assert any(w.startswith("summary_only:") for w in summary.warnings)


def test_a_summary_entry_fetches_its_page_when_fetching_is_allowed(site: LocalSite) -> None:
    page = site.page("/2026/03/14/barrage.html", PAGE)
    feed = RSS.read_bytes().replace(
        b"https://www.relais-libre.example/2026/03/14/barrage-de-lorn-une-ong-financee-par-la-kestrie-prepare-une-fausse-video-d-empoisonnement/",
        page.encode(),
    )
    feed_url = site.page("/feed/", feed, content_type="application/rss+xml; charset=UTF-8")
    full, fetched, bare = iter_sources(
        [feed_url], options=InputOptions(host_delay=0, allow_private=True)
    )
    assert [p for p, _ in site.hits] == ["/feed/", "/2026/03/14/barrage.html"]
    assert full.data is not None and b"Bouclier du Nord" in full.data, "full text needs no fetch"
    assert fetched.data == PAGE and not fetched.warnings
    doc = load_document(fetched)
    assert doc.url == page and doc.author == "Sylvain Marquet-Roux"
    assert bare.error is not None and bare.error.code == "no_entry_content"


def test_feeds_are_recognised_by_content_not_name() -> None:
    assert is_feed(RSS.read_bytes()) and is_feed(ATOM.read_bytes())
    assert not is_feed(PAGE)
    assert not is_feed(RSS.read_bytes(), "text/html")
