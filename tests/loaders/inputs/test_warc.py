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
from tests.support.paths import CORPUS
from tests.support.warc import RELAIS, UNDATED, write_warc


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


LAST = "https://www.relais-libre.example/last"


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("short_by", [40, 600, 3000])
def test_a_cut_short_archive_reports_the_damaged_record(
    tmp_path: Path, gz: bool, short_by: int
) -> None:
    """Regression: a truncated .warc.gz dropped its last record without a word."""
    page = (CORPUS / "a2_relais-libre_fr.html").read_bytes()
    whole = tmp_path / ("whole.warc.gz" if gz else "whole.warc")
    write_warc(whole, gz=gz, extra=[(LAST, "text/html", page, "200 OK")])
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(data[: len(data) - short_by])
    good = [s for s in iter_warc(whole, InputOptions()) if s.error is None]
    sources = list(iter_warc(cut, InputOptions()))
    errors = [s for s in sources if s.error is not None and not s.error.skip]
    assert len(errors) == 1, [s.uri for s in sources]
    [damaged] = errors
    assert damaged.error is not None
    assert damaged.error.code in ("truncated_archive", "truncated_gzip")
    assert "cut short" in damaged.error.message or "ends inside" in damaged.error.message
    read = [s for s in sources if s.error is None]
    assert len(read) < len(good), "the cut record is not read as if it were whole"
    assert all(s.data == g.data for s, g in zip(read, good, strict=False))


@pytest.mark.parametrize(
    ("where", "into"),
    [
        (b"WARC-Record-ID:", 20),
        (b"WARC-Target-URI:", 5),
        (b"WARC-Target-URI:", 20),
        (b"WARC-Block-Digest:", 20),
        (b"Content-Type:", 5),
    ],
)
def test_an_archive_cut_inside_a_record_header_block_is_reported(
    tmp_path: Path, where: bytes, into: int
) -> None:
    """Depending on where the header block is cut, warcio ends quietly, yields a record
    with half its headers, or raises AttributeError; each is reported, none raises."""
    whole = tmp_path / "whole.warc"
    write_warc(whole, gz=False, extra=[(LAST, "text/html", UNDATED, "200 OK")])
    data = whole.read_bytes()
    response = data.index(b"WARC-Type: response", data.index(b"GET " + LAST.encode()))
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: data.index(where, response) + into])
    sources = list(iter_warc(cut, InputOptions()))
    last = sources[-1]
    assert last.error is not None and last.error.code in ("truncated_archive", "corrupt_archive")
    assert "record #4" in last.error.message or "record after #4" in last.error.message
    assert LAST not in " ".join(s.uri for s in sources[:-1])


@pytest.mark.parametrize("into", [5, 20, 60])
def test_an_archive_cut_inside_a_response_s_http_headers_is_reported(
    tmp_path: Path, into: int
) -> None:
    """Regression: cut before its Content-Type line, the page looked like a non-page
    (application/http) and was skipped as not_html."""
    whole = tmp_path / "whole.warc"
    write_warc(whole, gz=False, extra=[(LAST, "text/html", UNDATED, "200 OK")])
    data = whole.read_bytes()
    response = data.index(b"WARC-Type: response", data.index(b"GET " + LAST.encode()))
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: data.index(b"HTTP/1.1 200 OK", response) + into])
    last = list(iter_warc(cut, InputOptions()))[-1]
    assert last.uri.endswith(f"#5 <{LAST}>")
    assert last.error is not None and last.error.code == "truncated_archive"
    assert "the archive ends inside this record" in last.error.message
