"""Identifiers in pages and in the Laundromat's list: what counts, and what does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.schema import InfrastructureKind as K
from loaders.infrastructure import canonical, scan_page
from loaders.inputs.indicators import PROVENANCE, is_indicators, read_indicators
from loaders.registry import load_registry
from tests.conftest import SEEDS
from tests.support.paths import INPUTS

SITES = INPUTS / "infrastructure"
INDICATORS = SEEDS.parent / "data" / "laundromat" / "indicators.csv"


def _found(name: str) -> dict[K, str]:
    html = (SITES / name).read_text(encoding="utf-8")
    found = scan_page(html)
    for s in found:
        assert html[s.start : s.end] == s.text  # offsets into the page source
    return {s.kind: s.value for s in found}


def test_identifiers_in_real_looking_pages() -> None:
    assert _found("kestra-monitor.html") == {
        K.GOOGLE_ANALYTICS: "UA-48213377",
        K.VERIFICATION: "google-site-verification|q7Zp0c9LkVw2mNs4Xr8TgHb1YdJfEu6AaKc3Qi5oPzS",
        K.CMS: "ghost",
    }
    assert _found("varnia-today.html")[K.YANDEX_METRIKA] == "93481152"
    # The GTM-XXXXXXX of a theme's sample code is no container.
    assert _found("sarna-herald.html") == {K.CMS: "wordpress", K.ADSENSE: "pub-6120045791831264"}
    assert _found("lindenfeld-post.html")[K.FACEBOOK_PIXEL] == "318842716503291"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>The G-7 summit and a pub-crawl in UA-2025.</p>", {}),
        # An identifier's token must start a word (checked outside the regex).
        ("<p>xUA-1234567-1, lpub-1234567890123, mym(12345, 'init'), AGTM-5QX7KT</p>", {}),
        ("<script>ym(12345, 'init')</script>", {K.YANDEX_METRIKA: "12345"}),
        ("<script>gtag('config', 'G-4XKQ2TB9ZL');</script>", {K.GOOGLE_TAG: "G-4XKQ2TB9ZL"}),
        (
            '<script src="https://www.googletagmanager.com/gtm.js?id=GTM-5QX7KT"></script>',
            {K.TAG_MANAGER: "GTM-5QX7KT"},
        ),
        ('<img src="https://mc.yandex.ru/watch/4471231" alt="">', {K.YANDEX_METRIKA: "4471231"}),
        (
            '<META CONTENT="a1b2c3" NAME="yandex-verification">',
            {K.VERIFICATION: "yandex-verification|a1b2c3"},
        ),
    ],
)
def test_contexts_decide(html: str, expected: dict[K, str]) -> None:
    assert {s.kind: s.value for s in scan_page(html)} == expected


def test_one_account_reads_the_same_from_a_page_and_a_list() -> None:
    assert canonical(K.GOOGLE_ANALYTICS, "UA-14540629-3") == canonical(
        K.GOOGLE_ANALYTICS, "UA-14540629"
    )
    assert canonical(K.YANDEX_METRIKA, "ym(10970266") == "10970266"
    assert canonical(K.CDN, "mc.yandex.ru") is None  # a public service links no one
    assert canonical(K.CDN, "d5nxst8fruw4z.cloudfront.net") == "d5nxst8fruw4z.cloudfront.net"
    assert canonical(K.CSS_CLASSES, "set()") is None
    assert canonical(K.CSS_CLASSES, "{'a', 'b'}") == canonical(K.CSS_CLASSES, "{'b', 'a'}")


def test_the_laundromat_list_is_read_with_its_provenance(tmp_path: Path) -> None:
    if not INDICATORS.is_file():
        pytest.fail(f"the Laundromat indicators are missing: {INDICATORS}")
    assert is_indicators(INDICATORS)
    raw = INDICATORS.read_bytes()
    found = read_indicators(raw, uri=str(INDICATORS), document="doc:x", registry=load_registry())
    text = raw.decode("utf-8-sig")
    for edge in found.edges:
        (ev,) = edge.evidence
        assert text[ev.start : ev.end] == ev.text  # the row, verbatim
        assert ev.infrastructure is not None and ev.infrastructure.source == PROVENANCE
    # The IP of infobrics.org is listed before its other rows, without a domain.
    ip = next(e for e in found.edges if e.target == "infra:ip:92.255.106.3")
    assert ip.source == "outlet:site-infobrics-org"  # a listed site (registry.d)
    other = tmp_path / "indicators.csv"
    other.write_text("indicator,content,domain\n")
    assert not is_indicators(other)


def test_an_adsense_tag_is_kept_as_written() -> None:
    html = '<ins data-ad-client="ca-pub-6120045791831264"></ins>'
    (found,) = scan_page(html)
    assert (found.value, found.text) == ("pub-6120045791831264", "ca-pub-6120045791831264")
    assert html[found.start : found.end] == found.text
