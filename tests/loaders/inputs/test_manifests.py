"""CSV and JSONL manifests give local files their URL, outlet, date and language; bad rows are reported."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph.export import export_json
from graph.store import Store
from loaders.ingest import ingest
from loaders.inputs import iter_sources
from loaders.inputs.source import InputOptions, load_document
from loaders.registry import Registry
from tests.support.paths import CORPUS

A2 = "a2_relais-libre_fr.html"
A3 = "a3_eveil-des-peuples_fr.txt"
A2_URL = "https://www.relais-libre.example/2026/03/14/barrage"


def _files(folder: Path) -> None:
    folder.mkdir()
    for name in (A2, A3):
        shutil.copy(CORPUS / name, folder / name)


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    if path.suffix == ".jsonl":
        lines = [json.dumps(r, ensure_ascii=False) for r in rows]
        lines.insert(2, "{not json")
        lines.insert(3, '["a", "list"]')
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        header = "path,url,outlet,published,language"
        body = [",".join(r.get(k, "") for k in header.split(",")) for r in rows]
        body.insert(2, "a,b,c,d,e,f,g")
        body.insert(3, ",https://nowhere.example/,Nobody,,")
        path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")


ROWS = [
    {
        "path": A2,
        "url": A2_URL,
        "outlet": "Le Relais Libre",
        "published": "2026-03-14T19:10:00Z",
        "language": "fr",
    },
    {
        "path": A3,
        "url": "ftp://eveil.example/a3",
        "outlet": "L'Éveil des Peuples",
        "published": "le 15 mars",
        "language": "fr-FR",
    },
    {"path": "missing.html", "url": "https://www.x.example/m", "outlet": "X"},
]


@pytest.mark.parametrize("name", ["manifest.csv", "sources.jsonl"])
def test_manifest_rows_add_metadata_and_bad_rows_are_reported(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "files"
    _files(folder)
    manifest = folder / name
    _write(manifest, ROWS)
    sources = list(iter_sources([str(manifest)]))
    errors = sorted(s.error.code for s in sources if s.error is not None)
    assert errors == ["bad_manifest_row", "bad_manifest_row", "not_found"]
    bad_lines = [
        s.uri for s in sources if s.error is not None and s.error.code == "bad_manifest_row"
    ]
    assert all(uri.startswith(f"{manifest}:") for uri in bad_lines)

    good = {Path(s.uri).name: s for s in sources if s.error is None}
    a2 = load_document(good[A2])
    assert (a2.url, a2.site_name, a2.language) == (A2_URL, "Le Relais Libre", "fr")
    assert a2.published == datetime(2026, 3, 14, 19, 10, tzinfo=UTC)
    a3 = load_document(good[A3])
    assert a3.language == "fr" and a3.site_name == "L'Éveil des Peuples"
    warned = " ".join(a3.warnings)
    assert "bad_manifest_value" in warned and "'le 15 mars'" in warned and "ftp://" in warned
    assert a3.url != "ftp://eveil.example/a3"


def test_a_folder_manifest_applies_to_the_files_found_in_it(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    _files(folder)
    (folder / "manifest.jsonl").write_text(json.dumps(ROWS[0]) + "\n", encoding="utf-8")
    sources = {Path(s.uri).name: s for s in iter_sources([str(folder)])}
    assert set(sources) == {A2, A3}
    assert sources[A2].url == A2_URL and sources[A3].url is None


def test_a_manifest_csv_cannot_read_is_an_error_row_not_a_crash(tmp_path: Path) -> None:
    # A cell past the csv module's field limit raised out of iter_sources and stopped
    # the whole ingest; a manifest now reads its table as a dump does.
    folder = tmp_path / "files"
    _files(folder)
    manifest = folder / "manifest.csv"
    manifest.write_text(f'path,url\n{A2},"{"x" * 200_000}"\n', encoding="utf-8")
    (bad,) = [s for s in iter_sources([str(manifest)]) if s.error is not None]
    assert bad.error is not None and bad.error.code == "bad_manifest_row"
    assert "not CSV" in bad.error.message


def test_a_short_manifest_row_leaves_its_trailing_columns_empty(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    _files(folder)
    manifest = folder / "manifest.csv"
    manifest.write_text(f"path,url,outlet,published,language\n{A2},{A2_URL}\n", encoding="utf-8")
    (source,) = [s for s in iter_sources([str(manifest)]) if s.uri.endswith(A2)]
    assert source.error is None and source.url == A2_URL and source.outlet is None


def _secret(tmp_path: Path) -> Path:
    """A file outside the corpus that a hostile manifest tries to pull in."""
    secret = tmp_path / "home" / ".secrets" / "token.txt"
    secret.parent.mkdir(parents=True)
    secret.write_text("DEPLOY-TOKEN-8f3a0c: do not share this line with anyone.\n")
    return secret


def _hostile_corpus(tmp_path: Path, secret: Path) -> Path:
    corpus = tmp_path / "received" / "corpus"
    corpus.parent.mkdir()
    _files(corpus)
    climb = "../" * (len(corpus.parts) + 2) + str(secret).lstrip("/")
    (corpus / "escape").symlink_to(secret.parent, target_is_directory=True)
    rows = [
        {"path": A2, "url": A2_URL},
        {"path": climb},
        {"path": str(secret)},
        {"path": "escape/token.txt"},
    ]
    (corpus / "manifest.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    return corpus


def test_rows_outside_the_manifest_folder_are_refused_one_by_one(tmp_path: Path) -> None:
    """Regression: ``../../../../etc/passwd`` or an absolute path was read and stored."""
    secret = _secret(tmp_path)
    corpus = _hostile_corpus(tmp_path, secret)
    sources = list(iter_sources([str(corpus / "manifest.jsonl")]))
    refused = [s for s in sources if s.error is not None]
    assert [s.uri for s in refused] == [f"{corpus / 'manifest.jsonl'}:{n}" for n in (2, 3, 4)]
    for source in refused:
        assert source.error is not None and source.error.code == "outside_manifest"
        assert "--allow-outside" in source.error.message
        assert source.error.message.count(str(secret)) <= 1, "the row's words, nothing more"
    assert [s.uri for s in sources if s.error is None] == [A2]

    opened = list(
        iter_sources([str(corpus / "manifest.jsonl")], options=InputOptions(allow_outside=True))
    )
    assert [s.error for s in opened] == [None] * 4, "--allow-outside reads them on purpose"


def test_a_hostile_manifest_puts_nothing_of_the_secret_in_the_store(
    tmp_path: Path, store: Store, registry: Registry
) -> None:
    secret = _secret(tmp_path)
    corpus = _hostile_corpus(tmp_path, secret)
    report = ingest([str(corpus)], store, registry)
    codes = sorted(d.code if (d := i.error or i.reason) else i.status for i in report.items)
    assert codes == ["ok", "ok", "outside_input", *["outside_manifest"] * 3]
    dump = export_json(store).model_dump_json()
    assert "DEPLOY-TOKEN" not in dump and ".secrets" not in dump
    assert str(tmp_path) not in dump, "evidence names documents relative to the input"
