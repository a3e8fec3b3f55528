"""Telegram Desktop exports: each channel post becomes a document of its channel.

Telegram Desktop's "Export chat history" (JSON) writes ``result.json``: one chat
(``name``, ``type``, ``id``, ``messages``), or, for a whole account, ``chats.list`` of
them. Only channels are read (``public_channel``, ``private_channel``): groups and
private chats are conversations, not publications, and are reported as skipped.

Each post (``"type": "message"``) with text or a caption is one source, carrying the
channel and the message as JSON, so its document id is the hash of what the post
says. Service messages (channel created, photo changed, pinned) are not posts and
yield nothing; a post with media and no text is reported as skipped (``media_only``).

Identity. The export does not contain the channel's handle (@name), only its name and
numeric id. A post is ``https://t.me/<handle>/<id>`` when the handle is known, from a
manifest row naming the export (``url`` = the channel's t.me address, ``outlet`` = its
name) or from the registry (a channel listed with a ``t.me/<handle>`` domain, found by
name or by ``t.me/c/<id>``); otherwise ``https://t.me/c/<channel id>/<id>``, the link
Telegram itself gives a post of a channel without a public handle. Give the handle on
the first ingest: a post keyed by ``t.me/c/...`` does not move when it is learnt later.

What a post declares (loaders/declarations.py): a forward REPUBLISHES the original post,
stated by the "Forwarded from <name>" line the document text opens with, as Telegram
shows it. The export names the original channel but not the original post's id, so the
target is a stub keyed by that channel and the post's first line, carrying the text's
fingerprint; loaders/channels.py folds it into the original once that channel's export
is ingested. ``@handle`` mentions CITE the channel they name. Links (``link`` and
``text_link`` entities) are document links, which extraction turns into CITES like any
page's links.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.keys import article_key, entity_key, fingerprint, telegram_channel
from graph.models import Node
from graph.schema import EdgeKind, NodeKind, OutletKind
from loaders.declarations import Declarations, DeclaredEdge, outlet_for_url
from loaders.documents import Document, Link, detect_language, document_id
from loaders.errors import DocumentError, SkippedInput
from loaders.inputs.source import InputOptions, Source
from loaders.registry import Registry

__all__ = ["CONTENT_TYPE", "in_export", "is_export", "iter_export", "parse_post"]

CONTENT_TYPE = "application/vnd.citegraph.telegram-post+json"
# An export is parsed whole (the json module): larger ones are refused, not swapped.
MAX_EXPORT_BYTES = 1 << 30
_CHANNEL_TYPES = frozenset({"public_channel", "private_channel"})
_SNIFF = re.compile(
    rb'"type"\s*:\s*"(?:personal_chat|bot_chat|private_group|private_supergroup|'
    rb'public_supergroup|private_channel|public_channel|saved_messages)"'
    rb'|"personal_information"\s*:|"chats"\s*:\s*\{'
)
# Folders Telegram Desktop writes media into, beside result.json.
_MEDIA_FOLDERS = frozenset(
    {
        "photos",
        "files",
        "video_files",
        "voice_messages",
        "round_video_messages",
        "stickers",
        "contacts",
        "profile_pictures",
        "chats",
        "css",
        "images",
        "js",
        "lists",
    }
)
_TITLE_CHARS = 140
_FORWARD = "Forwarded from "


def is_export(path: Path) -> bool:
    """Return True for a Telegram Desktop JSON export (sniffed, not trusted by name)."""
    if path.suffix.lower() != ".json":
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return head.lstrip().startswith(b"{") and bool(_SNIFF.search(head))


@lru_cache(maxsize=256)
def _export_folder(folder: Path) -> bool:
    return is_export(folder / "result.json")


def in_export(path: Path) -> bool:
    """Return True for a media file Telegram Desktop wrote beside an export's result.json.

    A folder walk passes over them silently: they are part of the export, not inputs.
    """
    parent = path.parent
    if _export_folder(parent):
        return path.name != "result.json"
    return parent.name in _MEDIA_FOLDERS and _export_folder(parent.parent)


@dataclass(frozen=True)
class _Channel:
    id: int
    name: str
    handle: str | None  # without @, lower case


def iter_export(
    path: Path,
    options: InputOptions,
    *,
    url: str | None = None,
    outlet: str | None = None,
    name: str | None = None,
) -> Iterator[Source]:
    """Yield a source per post of every channel in the export at ``path`` (called
    ``name`` in reports and evidence).

    ``url`` (a t.me address) and ``outlet`` (a name) come from a manifest row naming the
    export; they give a one-channel export its handle and name.
    """
    uri = name or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_EXPORT_BYTES:
            raise DocumentError(
                "too_large", f"{uri} is {size} bytes; exports are read up to {MAX_EXPORT_BYTES}"
            )
        data = json.loads(path.read_bytes())
    except DocumentError as exc:
        yield Source(uri=uri, error=exc)
        return
    except (OSError, ValueError) as exc:
        yield Source(
            uri=uri, error=DocumentError("bad_export", f"{path}: not readable JSON ({exc})")
        )
        return
    chats = _chats(data)
    if chats is None:
        yield Source(uri=uri, error=DocumentError("bad_export", f"{uri}: no chat in this export"))
        return
    handle = None
    if url:
        channel = telegram_channel(url)
        if channel and not channel.startswith("t.me/c/"):
            handle = channel.removeprefix("t.me/")
    for chat in chats:
        yield from _chat(chat, uri, options, handle=handle, name=outlet, single=len(chats) == 1)


def _chats(data: Any) -> list[dict[str, Any]] | None:
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("messages"), list):
        return [data]
    found: list[dict[str, Any]] = []
    for section in ("chats", "left_chats"):
        listed = data.get(section)
        if isinstance(listed, dict) and isinstance(listed.get("list"), list):
            found.extend(c for c in listed["list"] if isinstance(c, dict))
    return found or None


def _chat(
    chat: dict[str, Any],
    uri: str,
    options: InputOptions,
    *,
    handle: str | None,
    name: str | None,
    single: bool,
) -> Iterator[Source]:
    chat_id = chat.get("id")
    label = f"{uri}#{chat_id}"
    if chat.get("type") not in _CHANNEL_TYPES:
        yield Source(
            uri=label,
            error=SkippedInput(
                "not_a_channel",
                f"{label}: a {chat.get('type') or 'chat'} ({chat.get('name')!r}), not a channel; "
                "only channel posts are publications",
            ),
        )
        return
    if not isinstance(chat_id, int) or not isinstance(chat.get("messages"), list):
        yield Source(uri=label, error=DocumentError("bad_export", f"{label}: no id or messages"))
        return
    channel = _Channel(
        id=chat_id,
        name=(name if single and name else None) or str(chat.get("name") or f"channel {chat_id}"),
        handle=handle if single else None,
    )
    warned = False
    for message in chat["messages"]:
        if not isinstance(message, dict) or message.get("type") != "message":
            continue  # service messages (created, pinned, photo changed) are not posts
        post = f"{uri}#{chat_id}/{message.get('id')}"
        if not isinstance(message.get("id"), int) or isinstance(message.get("id"), bool):
            # Without its number a post has no address (t.me/<handle>/<id>) to key it by.
            yield Source(
                uri=post,
                error=DocumentError("bad_export", f"{post}: a message without a numeric id"),
            )
            continue
        if not _text_parts(message):
            media = _media(message)
            yield Source(
                uri=post,
                error=SkippedInput("media_only", f"{post}: a {media} post without text"),
            )
            continue
        warnings = []
        if channel.handle is None and not warned:
            warnings.append(
                f"telegram_handle_unknown: the export does not name the handle of "
                f"{channel.name!r}; its posts are keyed t.me/c/{channel.id}/<post> unless the "
                "registry knows it (a manifest row with the channel's t.me url names it)"
            )
            warned = True
        payload = {
            "channel": {"id": channel.id, "name": channel.name, "handle": channel.handle},
            "message": message,
        }
        yield Source(
            uri=post,
            data=json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8"),
            url=_post_url(channel, message.get("id")),
            content_type=CONTENT_TYPE,
            max_bytes=options.max_bytes,
            warnings=warnings,
        )


def _post_url(channel: _Channel, post: Any) -> str:
    where = channel.handle or f"c/{channel.id}"
    return f"https://t.me/{where}/{post}"


def _media(message: dict[str, Any]) -> str:
    if "photo" in message:
        return "photo"
    if "poll" in message:
        return "poll"
    kind = message.get("media_type")
    return str(kind).replace("_", " ") if kind else "media"


def _text_parts(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the post's text as entities ``{type, text, href?}``, empty parts dropped.

    ``text_entities`` (always a list) is preferred; older exports have only ``text``,
    a string or a list mixing strings and entity objects.
    """
    raw = message.get("text_entities")
    if not isinstance(raw, list):
        raw = message.get("text")
        raw = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    parts = []
    for part in raw:
        if isinstance(part, str):
            part = {"type": "plain", "text": part}
        if isinstance(part, dict) and isinstance(part.get("text"), str) and part["text"]:
            parts.append(part)
    return parts if "".join(p["text"] for p in parts).strip() else []


def _href(part: dict[str, Any]) -> str | None:
    if part["type"] == "text_link" and isinstance(part.get("href"), str):
        href = part["href"].strip()
    elif part["type"] == "link":
        href = part["text"].strip()
    else:
        return None
    if "://" not in href:
        if "." not in href.split("/")[0]:
            return None
        href = "https://" + href
    return href if href.startswith(("http://", "https://")) else None


def _title(text: str) -> str:
    """The post's first line, cut at a word before ``_TITLE_CHARS``: posts have no title."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(first) <= _TITLE_CHARS:
        return first
    cut = first[:_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def _when(message: dict[str, Any], warnings: list[str]) -> datetime | None:
    unix = message.get("date_unixtime")
    if isinstance(unix, str | int) and str(unix).isdigit():
        return datetime.fromtimestamp(int(unix), UTC)
    local = message.get("date")
    if isinstance(local, str):
        try:
            parsed = datetime.fromisoformat(local)
        except ValueError:
            return None
        if parsed.tzinfo is None:
            # Older exports give only the exporting computer's local time.
            warnings.append("date_local_time: the export gives no UTC time; read as UTC")
            return parsed.replace(tzinfo=UTC)
        return parsed
    return None


def parse_post(raw: bytes, source: Source) -> Document:
    """Return the Document of one post (a source made by :func:`iter_export`)."""
    try:
        payload = json.loads(raw)
        channel = _Channel(**payload["channel"])
        message = payload["message"]
    except (ValueError, KeyError, TypeError) as exc:
        raise DocumentError("bad_export", f"{source.uri}: not a Telegram post ({exc})") from exc
    warnings: list[str] = []
    origin = message.get("forwarded_from") or message.get("saved_from")
    header = f"{_FORWARD}{origin}\n\n" if isinstance(origin, str) and origin.strip() else ""
    chunks = [header]
    links: list[Link] = []
    mentions: list[tuple[str, int, int]] = []
    size = len(header)
    for part in _text_parts(message):
        text = part["text"]
        href = _href(part)
        if href is not None:
            links.append(Link(href=href, text=text, start=size, end=size + len(text)))
        elif part["type"] == "mention" and text.startswith("@"):
            mentions.append((text[1:].lower(), size, size + len(text)))
        chunks.append(text)
        size += len(text)
    text = "".join(chunks)
    body = text[len(header) :]
    if message.get("edited"):
        warnings.append(f"edited_post: edited on {message['edited']}; this is the edited text")
    doc = Document(
        id=document_id(raw),
        uri=source.uri,
        text=text,
        format="text",
        url=_post_url(channel, message.get("id")),
        title=_title(body),
        site_name=channel.name,
        author=message.get("author") if isinstance(message.get("author"), str) else None,
        published=_when(message, warnings),
        language=detect_language(body),
        links=links,
        warnings=warnings,
    )
    origin_id = _channel_id(message.get("forwarded_from_id") or message.get("saved_from_id"))
    post = _Post(channel, message.get("id"), body, header, origin, origin_id, mentions)
    doc.declared = Declarations(settle=post.declare)
    return doc


@dataclass(frozen=True)
class _Post:
    channel: _Channel
    id: Any
    body: str
    header: str
    origin: Any
    origin_id: int | None
    mentions: list[tuple[str, int, int]]

    def declare(self, doc: Document, registry: Registry) -> None:
        """Fill ``doc.declared`` once the registry is at hand (ingest workers have it)."""
        assert doc.declared is not None
        channel = self._known(registry)
        doc.url = _post_url(channel, self.id)
        own = self._channel_node(channel, registry)
        declared = doc.declared
        declared.publisher = own
        if self.header:
            self._forward(doc, declared, registry)
        for handle, start, end in self.mentions:
            if handle == channel.handle:
                continue  # a channel signing its own posts
            target = outlet_for_url(f"https://t.me/{handle}", registry)
            declared.nodes.append(target)
            declared.edges.append(
                DeclaredEdge(EdgeKind.CITES, target.key, (start, end), "telegram.mention", 0.6)
            )

    def _known(self, registry: Registry) -> _Channel:
        """The channel, with its handle from the registry when the export lacks it."""
        if self.channel.handle:
            return self.channel
        entry = registry.by_domain(f"t.me/c/{self.channel.id}") or registry.by_name(
            self.channel.name, kinds=[NodeKind.OUTLET]
        )
        for domain in entry.domains if entry else []:
            found = telegram_channel(domain)
            if found and not found.startswith("t.me/c/"):
                return _Channel(self.channel.id, self.channel.name, found.removeprefix("t.me/"))
        return self.channel

    @staticmethod
    def _channel_node(channel: _Channel, registry: Registry) -> Node:
        domains = [f"t.me/{channel.handle}"] if channel.handle else []
        domains.append(f"t.me/c/{channel.id}")
        entry = registry.by_domain(domains[0])
        if entry is not None:
            node = entry.node()
            return node.model_copy(
                update={"domains": node.domains + [d for d in domains if d not in node.domains]}
            )
        return Node(
            key=entity_key(NodeKind.OUTLET, domains[0]),
            kind=NodeKind.OUTLET,
            name=channel.name,
            aliases=[f"@{channel.handle}"] if channel.handle else [],
            domains=domains,
            outlet_kind=OutletKind.SOCIAL_CHANNEL,
            sources=["Telegram Desktop export"],
        )

    def _forward(self, doc: Document, declared: Declarations, registry: Registry) -> None:
        name = str(self.origin).strip()
        origin_id = self.origin_id
        entry = (registry.by_domain(f"t.me/c/{origin_id}") if origin_id else None) or (
            registry.by_name(name, kinds=[NodeKind.OUTLET])
        )
        if entry is not None:
            outlet = entry.node()
        else:
            # Known only from the forward: a stub, folded into the channel when it arrives.
            ref = f"t.me/c/{origin_id}" if origin_id else f"telegram {name}"
            outlet = Node(
                key=entity_key(NodeKind.OUTLET, ref),
                kind=NodeKind.OUTLET,
                name=name,
                aliases=[name],
                domains=[ref] if origin_id else [],
                outlet_kind=OutletKind.SOCIAL_CHANNEL,
                stub=True,
            )
        title = _title(self.body)
        stub = Node(
            key=article_key(outlet=outlet.key, title=title),
            kind=NodeKind.ARTICLE,
            name=title,
            title=title,
            language=doc.language,
            outlet=outlet.key,
            fingerprint=fingerprint(self.body),
            stub=True,
        )
        line = (0, len(self.header.rstrip()))
        named = (len(_FORWARD), line[1])
        declared.nodes.extend([outlet, stub])
        declared.edges.append(
            DeclaredEdge(EdgeKind.REPUBLISHES, stub.key, line, "telegram.forward", 0.99)
        )
        declared.edges.append(
            DeclaredEdge(
                EdgeKind.PUBLISHED_BY, outlet.key, named, "telegram.forward", 0.99, source=stub.key
            )
        )


def _channel_id(value: Any) -> int | None:
    """The forwarded channel's numeric id, when the export gives ``forwarded_from_id``
    (newer Telegram Desktop versions write ``channel<id>``; ``user<id>`` is a person)."""
    if isinstance(value, str) and value.startswith("channel") and value[7:].isdigit():
        return int(value[7:])
    return None
