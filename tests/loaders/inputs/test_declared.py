"""Declared-source dumps: columns, rows, bad rows and what each row declares."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.errors import BadInput
from graph.schema import EdgeKind
from loaders.ingest import extract_source
from loaders.inputs import InputOptions, iter_sources
from loaders.inputs.declared import is_dump, parse_columns
from loaders.registry import Registry, load_registry
from tests.support.paths import EXAMPLES, INPUTS

DUMP = INPUTS / "declared" / "portal_varnia.csv"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry([EXAMPLES / "outlets.yaml"])


def test_columns_option_is_checked() -> None:
    assert parse_columns(["source_url=Source link, url = Link"]) == {
        "source_url": "Source link",
        "url": "Link",
    }
    with pytest.raises(BadInput, match="unknown field 'sauce_url'"):
        parse_columns("sauce_url=Source")
    with pytest.raises(BadInput, match="not field=Column Name"):
        parse_columns("url")


def test_a_dump_is_told_from_a_manifest(tmp_path: Path) -> None:
    assert is_dump(DUMP, {})
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("path,url,Source URL\na.html,https://x.example/a,https://y.example/b\n")
    assert not is_dump(manifest, {})
    plain = tmp_path / "links.csv"
    plain.write_text("Link,Origin\nhttps://x.example/a,https://y.example/b\n")
    assert not is_dump(plain, {})
    assert is_dump(plain, {"url": "Link", "source_url": "Origin"})


def test_rows_bad_rows_and_bad_values() -> None:
    sources = list(iter_sources([str(DUMP)]))
    assert len(sources) == 53
    bad = [s for s in sources if s.error is not None]
    assert [s.uri.rsplit(":", 1)[-1] for s in bad] == ["52", "53", "54"]
    assert all(s.error is not None and s.error.code == "bad_dump_row" for s in bad)
    dated = sources[7]
    assert dated.published is None
    assert dated.warnings == [
        "bad_dump_value: portal_varnia.csv:9: date 'the 2nd of March' is not a date; ignored"
    ]
    assert sources[0].published is not None and sources[0].language == "en"


def test_a_row_declares_its_source_and_editions(registry: Registry) -> None:
    first = next(iter_sources([str(DUMP)]))
    doc, extraction = extract_source(first, registry)
    assert doc.text.startswith(
        "Varnian grain ships stranded as Kestra port closes\n\nSource Title: "
    )
    edges = [e for e in extraction.subgraph.edges if e.evidence[0].method == "declared"]
    kinds = sorted((e.type.wire, e.evidence[0].pattern) for e in edges)
    assert kinds.count(("translates", "declared.alternate")) == 4
    assert ("republishes", "declared.source") in kinds
    (relay,) = [e for e in edges if e.type is EdgeKind.REPUBLISHES]
    ev = relay.evidence[0]
    assert doc.text[ev.start : ev.end] == ev.text
    assert ev.text.startswith("Varnian grain ships") and ev.text.endswith("kestra-port-closed")
    for alternate in (e for e in edges if e.type is EdgeKind.TRANSLATES):
        text = alternate.evidence[0].text
        assert re.fullmatch(
            r"https://(fr|de|es|it)\.portal-varnia\.example/\S+\((fr|de|es|it)\)", text
        )
    # An alternate is stated once per pair, from the greater key to the smaller.
    assert all(e.source > e.target for e in edges if e.type is EdgeKind.TRANSLATES)


def test_columns_of_another_dataset_map_through_options(registry: Registry) -> None:
    mapping = parse_columns(
        "url=link,title=headline,language=lang,source_url=relayed_from,"
        "source_title=relayed_from_title,source_language=source_lang,alternates=editions"
    )
    options = InputOptions(columns=tuple(sorted(mapping.items())))
    sources = list(iter_sources([str(INPUTS / "declared" / "veille.jsonl")], options=options))
    assert [s.error.code if s.error else "ok" for s in sources] == [
        "ok",
        "ok",
        "ok",
        "bad_dump_row",
        "bad_dump_row",
    ]
    _doc, extraction = extract_source(sources[0], registry)
    declared = {e.type for e in extraction.subgraph.edges if e.evidence[0].method == "declared"}
    assert EdgeKind.TRANSLATES in declared and EdgeKind.REPUBLISHES not in declared


def test_a_mistyped_column_option_is_said_once_not_row_by_row(tmp_path: Path) -> None:
    # Regression: a --columns source column absent from the table fell through to the
    # manifest reader, whose every row failed with "the row names no file (path)".
    veille = INPUTS / "declared" / "veille.jsonl"
    typo = InputOptions(columns=(("url", "link"), ("source_url", "relayed_frm")))
    (source,) = list(iter_sources([str(veille)], options=typo))
    assert source.error is not None and source.error.code == "bad_dump"
    assert "no column 'relayed_frm' (source_url)" in source.error.message
    assert "relayed_from" in source.error.message  # its real columns are listed
    # A table the option does not describe at all is left to the other readers.
    other = tmp_path / "other.csv"
    other.write_text("Link,Origin\nhttps://x.example/a,https://y.example/b\n")
    unrelated = InputOptions(columns=(("url", "link_url"), ("source_url", "relayed_from")))
    assert not any(
        s.error is not None and s.error.code == "bad_dump"
        for s in iter_sources([str(other)], options=unrelated)
    )
