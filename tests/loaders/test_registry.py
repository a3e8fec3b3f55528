"""The bundled outlet/actor registry: every entry valid, names unambiguous, and user
files that override or extend it by key."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from graph.keys import registered_domain
from graph.schema import OUTLET_KIND_COLOURS, NodeKind, OutletKind
from loaders.registry import Registry, RegistryError, load_registry
from loaders.textnorm import fold
from tests.support.paths import ROOT

DATA = yaml.safe_load((ROOT / "loaders" / "data" / "registry.yaml").read_text("utf-8"))
OUTLETS = DATA["outlets"]
# Names shared on purpose by two entries (none today). Add "alias: {key, key}" here
# only with a reason: a shared alias resolves to whichever entry is listed first.
INTENDED_SHARED: dict[str, set[str]] = {}
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
ARABIC = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture(scope="module")
def builtin() -> Registry:
    return load_registry()


def test_at_least_150_outlets_each_complete() -> None:
    assert len(OUTLETS) >= 150
    keys = [o["key"] for o in OUTLETS]
    assert len(keys) == len(set(keys))
    for o in OUTLETS:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", o["key"]), o["key"]
        assert o["name"] and o["aliases"] and o["note"], o["key"]
        assert OutletKind(o["kind"]) is not OutletKind.UNKNOWN, o["key"]
        assert o["country"] is None or re.fullmatch(r"[A-Z]{2}", o["country"]), o["key"]
        assert o["languages"] and all(re.fullmatch(r"[a-z]{2}", x) for x in o["languages"])


def test_every_kind_used_is_in_the_schema_with_a_colour() -> None:
    used = {OutletKind(o["kind"]) for o in OUTLETS}
    assert used <= set(OUTLET_KIND_COLOURS)
    assert {OutletKind.FACT_CHECKER, OutletKind.SOCIAL_CHANNEL, OutletKind.STATE_MEDIA} <= used


def test_domains_parse_and_belong_to_one_outlet(builtin: Registry) -> None:
    owner: dict[str, str] = {}
    for entry in builtin:
        for domain in entry.domains:
            host = domain.split("/")[0]
            assert "://" not in domain and " " not in domain, domain
            assert re.fullmatch(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", host), domain
            assert registered_domain(host), domain
            assert owner.setdefault(domain, entry.key) == entry.key, domain
            assert builtin.by_domain(f"https://www.{domain}/x/y") is entry, domain


def test_no_alias_names_two_entries_unless_intended(builtin: Registry) -> None:
    names: dict[str, set[str]] = defaultdict(set)
    for entry in builtin:
        for alias in (entry.name, *entry.aliases):
            names[fold(alias)].add(entry.key)
    shared = {n: keys for n, keys in names.items() if len(keys) > 1}
    assert shared == INTENDED_SHARED


def test_the_outlets_the_field_needs_are_there(builtin: Registry) -> None:
    wanted = [
        "RT", "Sputnik", "TASS", "RIA Novosti", "Interfax", "CGTN", "Xinhua", "PressTV",
        "Al-Alam", "SANA", "Al-Manar", "Réseau International", "Mondialisation.ca",
        "Global Research", "South Front", "Sott.net", "ZeroHedge",
        "Strategic Culture Foundation", "Voltaire Network", "Le Saker francophone",
        "Pravda network", "AFP", "Reuters", "Associated Press", "EFE", "ANSA", "dpa",
        "Anadolu Agency", "BBC", "CNN", "France 24", "Le Monde", "Der Spiegel", "El País",
        "The Guardian", "The Washington Post", "The New York Times", "Daily Mail",
        "Bellingcat", "Conflict Intelligence Team", "AFP Factuel", "EUvsDisinfo", "DFRLab",
        "StopFake", "Rybar",
    ]  # fmt: skip
    missing = [n for n in wanted if builtin.by_name(n, kinds=[NodeKind.OUTLET]) is None]
    assert missing == []


def test_state_media_have_cyrillic_or_arabic_names(builtin: Registry) -> None:
    for name in ("RT", "Sputnik", "TASS", "RIA Novosti", "Interfax", "Xinhua", "SANA"):
        entry = builtin.by_name(name)
        assert entry is not None
        assert any(CYRILLIC.search(a) or ARABIC.search(a) for a in entry.aliases), name


def test_language_editions_resolve_to_their_outlet(builtin: Registry) -> None:
    cases = {
        "https://francais.rt.com/international/1": "RT",
        "https://de.rt.com/russland/2": "RT",
        "https://fr.sputniknews.africa/3": "Sputnik",
        "https://t.me/rybar/51234": "Rybar",
        "https://factuel.afp.com/doc.afp.com.33XY": "AFP Factuel",
        "https://www.afp.com/fr/actus": "AFP",
        "https://pravda-fr.com/world/2024/01/01/1.html": "Pravda network",
        "https://t.me/unknown_channel/1": None,
    }
    for url, name in cases.items():
        entry = builtin.by_domain(url)
        assert (entry.name if entry else None) == name, url


@pytest.mark.parametrize(
    "alias",
    ["Russian MoD", "Ministère russe de la Défense", "Минобороны России", "وزارة الدفاع الروسية",
     "Министерства обороны России", "russische Verteidigungsministerium"],
)  # fmt: skip
def test_cross_language_aliases_are_one_actor(builtin: Registry, alias: str) -> None:
    [mention] = builtin.find_mentions(f"« {alias} » a parlé.")
    assert mention.entry.key == "org:russian-ministry-of-defence"
    assert mention.entry.kind is NodeKind.ORGANIZATION


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Об этом сообщает агентство Интерфакс", "Interfax"),
        ("по данным Интерфакса", "Interfax"),
        ("со ссылкой на РИА «Новости»", "RIA Novosti"),
        ("ووفقاً لوكالة سانا", "SANA"),
        ("وقالت وزارةُ الدفاع الروسية", "Russian Ministry of Defence"),
        ("по словам Сергея Лаврова", "Sergey Lavrov"),
        ("Centre Russe pour la Réconciliation des Parties en Conflit en Syrie", "Russian Centre for Reconciliation"),
    ],
)  # fmt: skip
def test_inflected_and_cliticised_names_are_found(builtin: Registry, text: str, name: str) -> None:
    assert [m.entry.name for m in builtin.find_mentions(text)] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Le test RT-PCR était négatif.",
        "Un téléviseur smart et une chaîne ARTE.",
        "The Sputnik V vaccine was approved.",
        "le monde entier regarde",
        "Il a vu l'étoile Sputnikova et le satellite sputnik.",
        "The TASSEL project and the Reutersville fair.",
        "contact@rt.com or https://example.org/rt/",
    ],
)
def test_words_containing_an_outlet_name_are_not_mentions(builtin: Registry, text: str) -> None:
    assert builtin.find_mentions(text) == []


def test_user_file_overrides_and_adds_by_key(tmp_path: Path, builtin: Registry) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "outlets:\n"
        "  - {key: rt, name: RT, kind: alternative, note: my label, aliases: [Ар-Ти]}\n"
        "  - {key: kestrel-wire, name: Kestrel Wire, kind: news_agency, domains: [kestrel.example]}\n"
        "people:\n"
        "  - {key: sergey-lavrov, name: Sergey Lavrov, aliases: [S. V. Lavrov]}\n",
        encoding="utf-8",
    )
    merged = load_registry([user])
    rt = merged.by_name("RT")
    assert rt is not None and rt.outlet_kind is OutletKind.ALTERNATIVE and rt.note == "my label"
    assert "rt.com" in rt.domains and "Russia Today" in rt.aliases  # kept, not replaced
    assert merged.by_name("Ар-Ти") is rt
    added = merged.by_domain("https://kestrel.example/a")
    assert added is not None and added.name == "Kestrel Wire"
    assert merged.by_name("S. V. Lavrov") is merged.by_name("Sergey Lavrov")
    assert len(merged) == len(builtin) + 1
    assert builtin.by_name("RT").outlet_kind is OutletKind.STATE_MEDIA  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "content",
    ["outlets:\n  - {name: X, kind: tabloid}\n", "outlets:\n  - {kind: mainstream}\n", "- a\n"],
)
def test_bad_user_files_raise_a_registry_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError):
        load_registry([path])


def test_outlet_nodes_carry_the_label_backing(builtin: Registry) -> None:
    node = builtin.by_name("Sputnik").node()  # type: ignore[union-attr]
    assert node.outlet_kind is OutletKind.STATE_MEDIA
    assert any("2022/350" in s for s in node.sources)
    assert node.domains[0] == "sputniknews.com"
