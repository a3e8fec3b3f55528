"""WARC and WARC.gz archives, written with warcio itself: one source per page record."""

from __future__ import annotations

import gzip
import pickle
from datetime import UTC, datetime
from pathlib import Path

import pytest

from loaders.ingest import extract_source
from loaders.inputs.source import InputOptions, Source, load_document
from loaders.inputs.warc import iter_warc
from loaders.registry import Registry
from tests.support.warc import RELAIS, write_warc


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
def test_each_page_record_becomes_a_source_and_the_rest_is_reported(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"crawl{suffix}"
    write_warc(path, gz=suffix.endswith(".gz"))
    sources = list(iter_warc(path, InputOptions()))
    assert [s.url for s in sources] == [
        RELAIS,
        "https://www.meridian-press.example/selva-talks",
        "https://www.relais-libre.example/logo.png",
        "https://www.relais-libre.example/old",
        "https://www.eveil-des-peuples.example/a3",
    ]
    pages = [s for s in sources if s.error is None]
    assert len(pages) == 3
    skipped = {s.url: s.error for s in sources if s.error is not None}
    assert skipped["https://www.relais-libre.example/logo.png"].code == "not_html"  # type: ignore[union-attr]
    assert skipped["https://www.relais-libre.example/old"].code == "not_a_page"  # type: ignore[union-attr]
    assert all(e is not None and e.skip for e in skipped.values())
    assert sources[0].uri == f"{path}#1 <{RELAIS}>"
    for source in sources:  # sources cross to worker processes
        copy = pickle.loads(pickle.dumps(source))
        assert (copy.uri, copy.data, copy.url, copy.published) == (
            source.uri,
            source.data,
            source.url,
            source.published,
        )
        assert (copy.error and copy.error.code) == (source.error and source.error.code)


def test_warc_date_is_only_a_fallback_for_the_publication_date(
    tmp_path: Path, registry: Registry
) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gz=True)
    relais, undated, *_ = iter_warc(path, InputOptions())
    dated_doc, _ = extract_source(relais, registry)
    assert dated_doc.published == datetime(2026, 3, 14, 19, 10, tzinfo=UTC)  # the page's own date
    assert dated_doc.url == RELAIS
    undated_doc = load_document(undated)
    assert undated_doc.published == datetime(2026, 3, 21, 12, 0, tzinfo=UTC)  # the WARC-Date
    assert undated_doc.title == "Dam talks resume in Selva"


def test_an_archive_that_inflates_like_a_bomb_stops_without_inflating_it(tmp_path: Path) -> None:
    path = tmp_path / "bomb.warc.gz"
    bomb = b"<p>" + b" " * 40_000_000
    write_warc(path, gz=True, extra=[("https://www.x.example/bomb", "text/html", bomb, "200 OK")])
    options = InputOptions(max_bytes=1_000_000)
    sources = list(iter_warc(path, options))
    errors = [s.error for s in sources if s.error is not None and not s.error.skip]
    assert [s.url for s in sources if s.error is None][:2] == [
        RELAIS,
        "https://www.meridian-press.example/selva-talks",
    ]
    assert errors and errors[-1].code == "decompression_bomb"
    assert "not read" in errors[-1].message


def test_a_gzip_encoded_payload_is_capped_after_inflation(tmp_path: Path) -> None:
    path = tmp_path / "encoded.warc"
    bomb = gzip.compress(b"<p>" + b" " * 5_000_000)
    write_warc(path, gz=False, extra=[("https://www.x.example/enc", "text/html", bomb, "200 OK")])
    by_url = {s.url: s for s in iter_warc(path, InputOptions(max_bytes=1_000_000))}
    error = by_url["https://www.x.example/enc"].error
    assert error is not None and error.code == "decompression_bomb"
    assert by_url["https://www.eveil-des-peuples.example/a3"].error is None, (
        "records after it are read"
    )


def test_a_file_that_is_not_an_archive_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("these are my notes, not an archive\n")
    sources: list[Source] = list(iter_warc(path, InputOptions()))
    assert [s.error.code for s in sources if s.error] == ["corrupt_archive"]
