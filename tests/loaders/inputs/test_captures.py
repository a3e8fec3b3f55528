"""Every kind of input records how its document was captured: a file's mtime, a fetch's
status, final URL and time, a WARC record's id and date, a feed entry's id; and the
SHA-256 and size of the bytes the parser read."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from graph.schema import CaptureTime, CaptureVia
from loaders.inputs import iter_sources
from loaders.inputs.source import InputOptions, load_document
from tests.support.local_site import LocalSite, serve
from tests.support.paths import CORPUS, INPUTS
from tests.support.warc import RELAIS, write_warc

PAGE = (CORPUS / "a2_relais-libre_fr.html").read_bytes()
QUICK = InputOptions(timeout=2.0, host_delay=0.0, allow_private=True)


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with serve() as s:
        yield s


def test_a_local_file_records_its_mtime_hash_and_size(tmp_path: Path) -> None:
    page = tmp_path / "a2.html"
    page.write_bytes(PAGE)
    os.utime(page, (1_773_482_400, 1_773_482_400))  # 2026-03-14T10:00:00Z
    [source] = iter_sources([str(page)])
    capture = load_document(source).capture
    assert capture is not None
    assert (capture.via, capture.input, capture.size) == (CaptureVia.FILE, "a2.html", len(PAGE))
    assert capture.sha256 == hashlib.sha256(PAGE).hexdigest()
    assert capture.captured_at == datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
    assert capture.captured_at_kind is CaptureTime.FILE_MTIME
    assert capture.http_status is None and capture.url is None


def test_a_fetched_page_records_status_final_url_and_fetch_time(site: LocalSite) -> None:
    final = site.page("/final.html", PAGE)
    start = site.redirect("/a", "/final.html", status=301)
    before = datetime.now(UTC)
    [source] = iter_sources([start], options=QUICK)
    capture = load_document(source).capture
    assert capture is not None and capture.via is CaptureVia.URL
    assert (capture.url, capture.final_url, capture.http_status) == (start, final, 200)
    assert capture.content_type == "text/html; charset=utf-8"
    assert capture.captured_at is not None and before <= capture.captured_at <= datetime.now(UTC)
    assert capture.captured_at_kind is CaptureTime.FETCHED
    assert capture.sha256 == hashlib.sha256(PAGE).hexdigest() and capture.size == len(PAGE)


def test_a_warc_record_records_its_archive_record_id_and_warc_date(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gz=True)
    with path.open("rb") as fh:
        ids = {
            r.rec_headers.get_header("WARC-Target-URI"): r.rec_headers.get_header("WARC-Record-ID")
            for r in ArchiveIterator(fh)
            if r.rec_type == "response"
        }
    relais = next(iter(iter_sources([str(path)])))
    capture = load_document(relais).capture
    assert capture is not None and capture.via is CaptureVia.WARC
    assert capture.warc_file == "crawl.warc.gz"  # named as the ingest report names it
    assert capture.warc_record_id == ids[RELAIS]
    assert (capture.url, capture.http_status) == (RELAIS, 200)
    assert capture.captured_at_kind is CaptureTime.WARC_DATE
    assert capture.captured_at == datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
    assert capture.sha256 == hashlib.sha256(relais.data or b"").hexdigest()


def test_a_feed_entry_records_the_entry_and_the_feed_files_time(tmp_path: Path) -> None:
    feed = tmp_path / "relais-libre.rss"
    feed.write_bytes((INPUTS / "relais-libre.rss").read_bytes())
    os.utime(feed, (1_773_482_400, 1_773_482_400))
    full, *_ = iter_sources([str(feed)], options=InputOptions(fetch=False))
    capture = load_document(full).capture
    assert capture is not None and capture.via is CaptureVia.FEED
    assert capture.feed_entry is not None and capture.input == full.uri
    assert capture.captured_at == datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
    assert capture.captured_at_kind is CaptureTime.FILE_MTIME


def test_a_feed_entry_whose_link_is_fetched_records_that_fetch(site: LocalSite) -> None:
    page = site.page("/story.html", PAGE)
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>Story</title><link>{page}</link><guid>tag:story-1</guid>"
        "<description>short</description></item></channel></rss>"
    )
    feed = site.page("/feed.rss", rss.encode(), content_type="application/rss+xml")
    [entry] = iter_sources([feed], options=QUICK)
    capture = load_document(entry).capture
    assert capture is not None and capture.via is CaptureVia.FEED
    assert (capture.feed_entry, capture.url, capture.final_url) == ("tag:story-1", page, page)
    assert capture.http_status == 200 and capture.captured_at_kind is CaptureTime.FETCHED


def test_a_telegram_post_is_captured_with_its_export_file(tmp_path: Path) -> None:
    export = tmp_path / "result.json"
    export.write_bytes((INPUTS / "telegram" / "relais_express" / "result.json").read_bytes())
    os.utime(export, (1_773_482_400, 1_773_482_400))
    first = next(iter(iter_sources([str(export)])))
    capture = load_document(first).capture
    assert capture is not None and capture.via is CaptureVia.FILE
    assert capture.input == first.uri and capture.input.startswith("result.json")
    assert capture.captured_at == datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
    assert capture.captured_at_kind is CaptureTime.FILE_MTIME
    assert capture.sha256 == hashlib.sha256(first.load()).hexdigest()
