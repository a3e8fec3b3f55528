"""Telegram Desktop exports: posts, their text shapes, forwards, media and handles."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graph.schema import EdgeKind, NodeKind
from loaders.ingest import extract_source
from loaders.inputs import iter_sources
from loaders.inputs.telegram import in_export, is_export
from loaders.registry import Registry, load_registry
from tests.support.paths import EXAMPLES, INPUTS

TELEGRAM = INPUTS / "telegram"
FRONTLINE = TELEGRAM / "frontline_digest" / "result.json"
RELAIS = TELEGRAM / "relais_express" / "result.json"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry([EXAMPLES / "outlets.yaml"])


def test_exports_are_sniffed_not_trusted_by_name(tmp_path: Path) -> None:
    assert is_export(FRONTLINE)
    other = tmp_path / "result.json"
    other.write_text('{"name": "x", "items": []}')
    assert not is_export(other)
    assert not is_export(TELEGRAM / "manifest.csv")
    assert in_export(TELEGRAM / "vestnik_varnii" / "photos" / "photo_1@02-03-2025_12-00-00.jpg")
    assert not in_export(TELEGRAM / "site" / "ostrov-novostei.html")


def test_posts_are_sources_service_messages_are_not_and_media_only_is_skipped() -> None:
    sources = list(iter_sources([str(RELAIS)]))
    assert [s.uri.rsplit("/", 1)[-1] for s in sources] == ["100", "101", "102", "103", "104"]
    sticker = sources[2]
    assert sticker.error is not None and sticker.error.code == "media_only"
    assert "sticker" in sticker.error.message and sticker.error.skip
    # A private channel: no handle in the export, so posts are keyed by the channel id.
    assert sources[0].url == "https://t.me/c/1934567890/100"
    assert sources[0].warnings and sources[0].warnings[0].startswith("telegram_handle_unknown")
    assert not sources[1].warnings  # said once per channel


def test_a_folder_of_exports_passes_over_their_media_files() -> None:
    uris = [s.uri for s in iter_sources([str(TELEGRAM)])]
    assert not any(u.endswith(".jpg") for u in uris)
    assert sum("#" in u for u in uris) == 4 + 3 + 5  # posts (media-only ones reported)


def test_a_manifest_row_gives_the_channel_its_handle_and_name(tmp_path: Path) -> None:
    shutil.copytree(RELAIS.parent, tmp_path / "relais")
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "path,url,outlet\nrelais/result.json,https://t.me/s/Relais_Express,Relais Express FR\n"
    )
    first = next(iter_sources([str(manifest)]))
    assert first.url == "https://t.me/relais_express/100" and not first.warnings


def test_text_as_entities_links_mentions_and_forward(registry: Registry) -> None:
    by_post = {s.uri.rsplit("/", 1)[-1]: s for s in iter_sources([str(FRONTLINE)])}
    doc, extraction = extract_source(by_post["10"], registry)
    assert doc.text.startswith("Forwarded from Вестник Варнии\n\nПорт Кестры закрыт")
    assert doc.title == "Порт Кестры закрыт для варнийских судов."
    assert doc.published is not None and doc.published.isoformat() == "2025-03-02T09:40:00+00:00"
    (link,) = doc.links
    assert doc.text[link.start : link.end] == "агентство Нортвинд"
    sub = extraction.subgraph
    (forward,) = [e for e in sub.edges if e.type is EdgeKind.REPUBLISHES]
    (ev,) = forward.evidence
    assert (ev.method, ev.pattern, ev.text) == (
        "declared",
        "telegram.forward",
        "Forwarded from Вестник Варнии",
    )
    stub = next(n for n in sub.nodes if n.key == forward.target)
    assert stub.stub and stub.title == doc.title and stub.fingerprint
    origin = next(n for n in sub.nodes if n.key == stub.outlet)
    assert origin.stub and origin.name == "Вестник Варнии" and origin.kind is NodeKind.OUTLET
    # The channel itself, named as the export names it, not by its URL.
    publisher = next(n for n in sub.nodes if n.key == "outlet:t-me-c-1823456789")
    assert publisher.name == "Frontline Digest" and publisher.domains == ["t.me/c/1823456789"]

    doc, extraction = extract_source(by_post["11"], registry)
    hrefs = [lk.href for lk in doc.links]
    assert hrefs == ["https://northwind-agency.example/news/2025/03/02/kestra-denial"]
    mention = [e for e in extraction.subgraph.edges if e.evidence[0].pattern == "telegram.mention"]
    assert [(e.type, e.target, e.evidence[0].text) for e in mention] == [
        (EdgeKind.CITES, "outlet:t-me-vestnik_varnii", "@vestnik_varnii")
    ]


def test_an_old_export_message_with_text_only(registry: Registry) -> None:
    last = list(iter_sources([str(RELAIS)]))[-1]
    doc, _ = extract_source(last, registry)
    assert doc.text.startswith("Point de situation à midi") and doc.language == "fr"


def test_the_registry_names_a_channel_the_export_leaves_unnamed(tmp_path: Path) -> None:
    listed = tmp_path / "channels.yaml"
    listed.write_text(
        "outlets:\n  - name: Relais Express\n    domains: [t.me/relais_express]\n"
        "    kind: social_channel\n"
    )
    reg = load_registry([EXAMPLES / "outlets.yaml", listed])
    doc, extraction = extract_source(next(iter_sources([str(RELAIS)])), reg)
    assert doc.url == "https://t.me/relais_express/100"
    assert extraction.article == "article:https://t.me/relais_express/100"
    publisher = next(n for n in extraction.subgraph.nodes if n.key == "outlet:relais-express")
    assert set(publisher.domains) == {"t.me/relais_express", "t.me/c/1934567890"}


def test_full_account_exports_read_channels_and_skip_conversations(tmp_path: Path) -> None:
    channel = json.loads(FRONTLINE.read_text(encoding="utf-8"))
    chat = {"name": "Mum", "type": "personal_chat", "id": 42, "messages": []}
    export = {
        "about": "Here is the data you requested.",
        "chats": {"about": "", "list": [chat, channel]},
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    sources = list(iter_sources([str(path)]))
    assert sources[0].error is not None and sources[0].error.code == "not_a_channel"
    assert [s.uri.rsplit("/", 1)[-1] for s in sources[1:]] == ["10", "11", "12"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"name": "x", "type": "public_channel", "id": 1, "messages": [', "not readable JSON"),
        ('{"name": "x", "type": "public_channel", "id": 1}', "no chat"),
    ],
)
def test_broken_exports_are_reported(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "result.json"
    path.write_text(body)
    (source,) = list(iter_sources([str(path)]))
    assert source.error is not None and source.error.code == "bad_export"
    assert message in source.error.message


def test_a_message_without_an_id_is_reported_and_the_others_go_on(tmp_path: Path) -> None:
    # Regression: such a post was keyed https://t.me/c/<channel>/None.
    channel = json.loads(RELAIS.read_text(encoding="utf-8"))
    posts = [m for m in channel["messages"] if m["type"] == "message"]
    del posts[0]["id"]
    posts[1]["id"] = "101"
    path = tmp_path / "result.json"
    path.write_text(json.dumps(channel, ensure_ascii=False), encoding="utf-8")
    sources = list(iter_sources([str(path)]))
    bad = [s for s in sources if s.error is not None and s.error.code == "bad_export"]
    assert len(bad) == 2 and all("without a numeric id" in str(s.error) for s in bad)
    assert [s.url for s in sources if s.error is None] == [
        "https://t.me/c/1934567890/103",
        "https://t.me/c/1934567890/104",
    ]
