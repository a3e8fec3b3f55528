"""WARC archives written with warcio itself, as a crawler writes them."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.support.paths import CORPUS as EXAMPLES

__all__ = ["RELAIS", "UNDATED", "write_warc"]

RELAIS = "https://www.relais-libre.example/2026/03/14/barrage-de-lorn"
UNDATED = (
    b"<!DOCTYPE html><html lang='en'><head><title>Dam talks resume</title></head><body><article>"
    b"<h1>Dam talks resume in Selva</h1><p>Negotiators from Varnia and Kestria met again on the "
    b"river commission's barge, according to Meridian Press Service, after a week of silence.</p>"
    b"<p>Both delegations said the water-sharing draft would be published once the engineers "
    b"had checked the new flow figures for the dry season.</p></article></body></html>"
)


def write_warc(path: Path, *, gz: bool, extra: Sequence[tuple[str, str, bytes, str]] = ()) -> None:
    """A crawl as a crawler writes it: warcinfo, request/response pairs, an image, a 404."""
    records = [
        (
            RELAIS,
            "text/html; charset=utf-8",
            (EXAMPLES / "a2_relais-libre_fr.html").read_bytes(),
            "200 OK",
        ),
        ("https://www.meridian-press.example/selva-talks", "text/html", UNDATED, "200 OK"),
        (
            "https://www.relais-libre.example/logo.png",
            "image/png",
            b"\x89PNG\r\n\x1a\n" + bytes(64),
            "200 OK",
        ),
        (
            "https://www.relais-libre.example/old",
            "text/html",
            b"<h1>Not Found</h1>",
            "404 Not Found",
        ),
        *[(u, t, b, s) for u, t, b, s in extra],
    ]
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(
            writer.create_warcinfo_record(path.name, {"software": "test-crawler/1.0"})
        )
        for i, (url, ctype, body, status) in enumerate(records):
            date = f"2026-03-2{i}T12:00:00Z"
            request = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "x")], is_http_request=True)
            writer.write_record(
                writer.create_warc_record(
                    url, "request", http_headers=request, warc_headers_dict={"WARC-Date": date}
                )
            )
            headers = [("Content-Type", ctype)]
            if body.startswith(b"\x1f\x8b"):
                headers.append(("Content-Encoding", "gzip"))
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": date},
                )
            )
        text = (EXAMPLES / "a3_eveil-des-peuples_fr.txt").read_bytes()
        writer.write_record(
            writer.create_warc_record(
                "https://www.eveil-des-peuples.example/a3",
                "resource",
                payload=io.BytesIO(text),
                warc_content_type="text/plain; charset=utf-8",
                warc_headers_dict={"WARC-Date": "2026-03-29T08:00:00Z"},
            )
        )
