"""Fetching URLs against a real local HTTP server: errors, limits, redirects, politeness."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import pytest

from loaders.errors import DocumentError, SkippedInput
from loaders.inputs import iter_sources
from loaders.inputs.fetch import Fetcher
from loaders.inputs.source import InputOptions, load_document
from tests.support.local_site import LocalSite, Route, serve
from tests.support.paths import CORPUS

PAGE = (CORPUS / "a2_relais-libre_fr.html").read_bytes()
# The local site is on 127.0.0.1, which is refused unless allowed on purpose.
QUICK = InputOptions(
    timeout=1.0, host_delay=0.0, max_bytes=200_000, max_redirects=3, allow_private=True
)


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with serve() as s:
        yield s


def _fail(fetcher: Fetcher, url: str) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        fetcher.fetch(url)
    return info.value


def test_a_page_is_fetched_and_parsed_with_its_url(site: LocalSite) -> None:
    url = site.page("/2026/03/14/barrage.html", PAGE)
    [source] = iter_sources([url], options=QUICK)
    doc = load_document(source)
    assert source.data == PAGE
    assert doc.url == url and doc.language == "fr"
    assert "Barrage de Lorn" in (doc.title or "")


def test_http_404_is_an_error_with_its_status(site: LocalSite) -> None:
    with Fetcher(QUICK) as fetcher:
        exc = _fail(fetcher, site.url("/gone"))
    assert (exc.code, exc.details["status"]) == ("http_error", 404)
    assert "HTTP 404" in exc.message


def test_a_server_slower_than_the_timeout_fails_with_timeout(site: LocalSite) -> None:
    site.routes["/slow"] = Route(body=PAGE, delay=3.0, headers={"Content-Type": "text/html"})
    with Fetcher(QUICK) as fetcher:
        exc = _fail(fetcher, site.url("/slow"))
    assert exc.code == "timeout"
    assert "within 1 s" in exc.message


def test_a_redirect_chain_is_followed_to_the_final_url(site: LocalSite) -> None:
    final = site.page("/final.html", PAGE)
    site.redirect("/c", "/final.html", status=307)
    site.redirect("/b", site.url("/c"), status=301)
    start = site.redirect("/a", "/b")
    with Fetcher(QUICK) as fetcher:
        page = fetcher.fetch(start)
    assert (page.url, page.redirects, page.data) == (final, 3, PAGE)
    [source] = iter_sources([start], options=QUICK)
    assert source.url == final
    assert source.warnings == [f"redirected: {start} -> {final}"]


def test_redirects_past_the_limit_fail(site: LocalSite) -> None:
    for i in range(6):
        site.redirect(f"/hop{i}", f"/hop{i + 1}")
    with Fetcher(QUICK) as fetcher:
        exc = _fail(fetcher, site.url("/hop0"))
    assert exc.code == "too_many_redirects"
    assert len(site.arrivals("/hop4")) == 0, "no request after the limit"


def test_an_oversize_streamed_body_is_cut_off_at_the_cap(site: LocalSite) -> None:
    site.routes["/huge"] = Route(body=b"<p>" + b"x" * 5_000_000, stream=True)
    site.routes["/declared"] = Route(body=b"<p>" + b"x" * 300_000)
    with Fetcher(QUICK) as fetcher:
        streamed = _fail(fetcher, site.url("/huge"))
        declared = _fail(fetcher, site.url("/declared"))
    assert streamed.code == "too_large" and "200000" in streamed.message
    assert declared.code == "too_large" and "Content-Length" in declared.message


def test_a_gzip_bomb_in_content_encoding_stops_at_the_cap(site: LocalSite) -> None:
    url = site.gzip_bomb("/bomb", inflated=50_000_000)
    with Fetcher(QUICK) as fetcher:
        exc = _fail(fetcher, url)
    assert exc.code == "decompression_bomb"
    assert "gzip" in exc.message


def test_non_documents_are_skipped_before_download(site: LocalSite) -> None:
    url = site.page("/photo.jpg", b"\xff\xd8\xff" + bytes(300_000), content_type="image/jpeg")
    with Fetcher(QUICK) as fetcher, pytest.raises(SkippedInput) as info:
        fetcher.fetch(url)
    assert info.value.code == "unsupported_content_type"


def test_requests_to_one_host_are_spaced_across_the_batch(site: LocalSite) -> None:
    urls = [site.page(f"/p{i}.html", PAGE) for i in range(3)]
    site.redirect("/moved", "/p0.html")
    polite = InputOptions(timeout=5, host_delay=0.4, allow_private=True)
    sources = list(iter_sources([*urls, site.url("/moved")], options=polite))
    assert all(s.error is None for s in sources)
    times = sorted(t for _path, t in site.hits)
    assert len(times) == 5  # three pages, then the redirect and its target
    gaps = [b - a for a, b in pairwise(times)]
    assert min(gaps) >= 0.4, gaps


def test_fetching_can_be_turned_off(site: LocalSite) -> None:
    url = site.page("/p.html", PAGE)
    [source] = iter_sources([url], options=InputOptions(fetch=False))
    assert isinstance(source.error, SkippedInput) and source.error.code == "fetch_disabled"
    assert site.hits == []
