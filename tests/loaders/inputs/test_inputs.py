"""Listing inputs: what a folder yields, gzipped files, and sources that survive pickling."""

from __future__ import annotations

import gzip
import pickle
import shutil
from pathlib import Path

from loaders.errors import DocumentError, SkippedInput
from loaders.ingest import extract_source
from loaders.inputs import iter_sources
from loaders.inputs.source import InputOptions, Source, load_document
from loaders.registry import Registry
from tests.support.paths import CORPUS, INPUTS
from tests.support.warc import write_warc

DATA = INPUTS


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "collected"
    (root / "2026-03" / ".git").mkdir(parents=True)
    shutil.copy(CORPUS / "a5_verifica-aperta_it.md", root / "2026-03" / "verifica.md")
    (root / "2026-03" / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    page = (CORPUS / "b2_newspulse-digest_en.html").read_bytes()
    (root / "newspulse.html.gz").write_bytes(gzip.compress(page))
    (root / "bomb.txt.gz").write_bytes(gzip.compress(b" " * 3_000_000))
    (root / "notes.docx").write_bytes(b"PK\x03\x04" + bytes(100))
    shutil.copy(DATA / "verifica-aperta.atom", root / "feed.atom")
    write_warc(root / "crawl.warc", gz=False)
    (root / "manifest.csv").write_text(
        "path,url\nnewspulse.html.gz,https://www.newspulse-digest.example/x\n"
    )
    return root


def test_a_folder_yields_documents_archives_and_feeds_and_reports_the_rest(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    sources = list(
        iter_sources([str(root)], options=InputOptions(max_bytes=1_000_000, fetch=False))
    )
    # Named relative to the folder holding the input, never by where it sits on disk.
    assert all(s.uri.startswith("collected/") for s in sources)
    names = [s.uri.removeprefix("collected/") for s in sources]
    assert [n.split(" <")[0] for n in names] == [
        "2026-03/verifica.md",
        "bomb.txt.gz",
        "crawl.warc#1",
        "crawl.warc#2",
        "crawl.warc#3",
        "crawl.warc#4",
        "crawl.warc#5",
        "feed.atom#1",
        "feed.atom#2",
        "newspulse.html.gz",
        "notes.docx",
    ], "hidden folders and the manifest itself are not documents"
    by_name = dict(zip(names, sources, strict=True))
    assert isinstance(by_name["notes.docx"].error, SkippedInput)
    assert by_name["notes.docx"].error.code == "unsupported_format"

    doc = load_document(by_name["newspulse.html.gz"])
    assert doc.format == "html" and doc.url == "https://www.newspulse-digest.example/x"
    try:
        by_name["bomb.txt.gz"].load()
    except DocumentError as exc:
        assert exc.code == "decompression_bomb" and "1000000" in exc.message
    else:
        raise AssertionError("a gzip bomb must not load")


def test_symlinked_folders_are_walked_and_unmet_manifest_rows_reported(tmp_path: Path) -> None:
    """A corpus assembled from links is read whole (it once gave an empty, quiet ingest),
    and a listed file that is missing is an error entry."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.txt").write_text("A note on the harbour works.", encoding="utf-8")
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "linked").symlink_to(elsewhere, target_is_directory=True)
    (root / "linked" / "loop").symlink_to(root, target_is_directory=True)
    (root / "b.txt").write_text("Another note.", encoding="utf-8")
    (root / "manifest.csv").write_text(
        "path,url\nlinked/a.txt,https://example.org/a\ngone.txt,https://example.org/gone\n",
        encoding="utf-8",
    )
    # The row's file is reached through a link that leads out of the manifest's folder.
    sources = list(iter_sources([str(root)], options=InputOptions(allow_outside=True)))
    by_name = {Path(s.uri).name: s for s in sources}
    assert sorted(by_name) == ["a.txt", "b.txt", "loop", "manifest.csv:3"], "each file once"
    assert by_name["a.txt"].url == "https://example.org/a", "the row's metadata still applies"
    assert by_name["a.txt"].uri == "corpus/linked/a.txt", "named as the row names it"
    gone = by_name["manifest.csv:3"].error
    assert gone is not None and gone.code == "not_found" and "gone.txt" in gone.message
    loop = by_name["loop"].error
    assert isinstance(loop, SkippedInput) and loop.code == "symlink_loop", "reported, not silent"


def test_a_missing_input_is_reported_not_raised(tmp_path: Path) -> None:
    [source] = iter_sources([str(tmp_path / "nowhere.html")])
    assert source.error is not None and source.error.code == "not_found"


def test_every_kind_of_source_pickles_and_still_extracts(
    tmp_path: Path, registry: Registry
) -> None:
    root = _folder(tmp_path)
    sources = list(
        iter_sources([str(root)], options=InputOptions(max_bytes=1_000_000, fetch=False))
    )
    copies: list[Source] = pickle.loads(pickle.dumps(sources))
    for original, copy in zip(sources, copies, strict=True):
        if original.error is not None:
            assert copy.error is not None
            assert (type(copy.error), copy.error.code, copy.error.message, copy.error.details) == (
                type(original.error),
                original.error.code,
                original.error.message,
                original.error.details,
            )
            continue
        try:
            doc, _ = extract_source(copy, registry)
        except DocumentError as exc:
            assert exc.code == "decompression_bomb", copy.uri
            continue
        assert doc.id == load_document(original).id and doc.text
