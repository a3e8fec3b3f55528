from __future__ import annotations

import pytest

from graph.keys import (
    article_key,
    canonical_url,
    edge_id,
    entity_key,
    normalize_name,
    registered_domain,
    telegram_channel,
)
from graph.schema import NodeKind


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.rt.com/news/470000-white-helmets-video/",
        "http://rt.com/news/470000-white-helmets-video",
        "HTTPS://WWW.RT.COM/news/470000-white-helmets-video?utm_source=twitter&utm_medium=x",
        "https://rt.com/news/470000-white-helmets-video#comments",
        "rt.com/news/470000-white-helmets-video",
    ],
)
def test_url_variants_share_one_canonical_form(raw: str) -> None:
    assert canonical_url(raw) == "https://rt.com/news/470000-white-helmets-video"


def test_canonical_url_keeps_identifying_query() -> None:
    assert (
        canonical_url("https://example.org/article.php?id=42")
        == "https://example.org/article.php?id=42"
    )
    assert canonical_url("https://example.org/a?id=1") != canonical_url(
        "https://example.org/a?id=2"
    )


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("https://francais.rt.com/international/1", "rt.com"),
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("https://www.northwind-agency.example/x", "northwind-agency.example"),
        ("mondialisation.ca", "mondialisation.ca"),
    ],
)
def test_registered_domain(host: str, domain: str) -> None:
    assert registered_domain(host) == domain


def test_normalize_name_folds_case_accents_and_punctuation() -> None:
    assert normalize_name("Ministère  russe de la Défense") == "ministere russe de la defense"
    assert normalize_name("Ahmad Al-Khaled") == normalize_name("Ahmad al-Khaled")
    assert normalize_name("L’agence") == normalize_name("L'agence")


def test_entity_keys_are_stable_across_spellings() -> None:
    assert entity_key(NodeKind.AUTHOR, "Ahmad Al-Khaled") == entity_key(
        NodeKind.AUTHOR, "ahmad al khaled"
    )
    assert entity_key(NodeKind.OUTLET, "Réseau International") == "outlet:reseau-international"


def test_article_key_prefers_url_then_outlet_and_title() -> None:
    by_url = article_key(url="https://www.rt.com/news/1/", outlet="outlet:rt", title="T")
    assert by_url == "article:https://rt.com/news/1"
    a = article_key(outlet="outlet:rt", title="VIDEO of fake chemical attack")
    b = article_key(outlet="outlet:rt", title="  video of FAKE chemical attack ")
    assert a == b
    assert a != article_key(outlet="outlet:sputnik", title="VIDEO of fake chemical attack")
    with pytest.raises(ValueError):
        article_key()


def test_edge_id_depends_on_direction_and_type() -> None:
    assert edge_id("a", "CITES", "b") == edge_id("a", "cites", "b")
    assert edge_id("a", "CITES", "b") != edge_id("b", "CITES", "a")
    assert edge_id("a", "CITES", "b") != edge_id("a", "QUOTES", "b")


@pytest.mark.parametrize(
    ("url", "channel", "canonical"),
    [
        ("https://t.me/Rybar/51234", "t.me/rybar", "https://t.me/rybar/51234"),
        ("https://t.me/s/rybar/51234?single", "t.me/rybar", "https://t.me/rybar/51234"),
        ("telegram.me/rybar", "t.me/rybar", "https://t.me/rybar"),
        ("https://t.me/c/1326223284/77", "t.me/c/1326223284", "https://t.me/c/1326223284/77"),
    ],
)
def test_a_telegram_channel_is_its_own_publisher(url: str, channel: str, canonical: str) -> None:
    assert registered_domain(url) == channel
    assert canonical_url(url) == canonical


def test_telegram_pages_that_are_no_channel_stay_on_t_me() -> None:
    assert registered_domain("https://t.me/joinchat/AAAAAE") == "t.me"
    assert registered_domain("t.me") == "t.me"


def test_a_bracketed_name_is_no_telegram_channel() -> None:
    # Regression: urlsplit refuses "[\w-]" as an IPv6 host; the ValueError reached
    # GET /outlets/{ref}/infrastructure as a 500 (found by the contract test).
    assert telegram_channel(r"[\w-]+(?:\.[\w-]+)+") is None
    assert isinstance(registered_domain(r"[\w-]+(?:\.[\w-]+)+"), str)
