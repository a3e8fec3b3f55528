"""Results display themselves in notebooks (an escaped HTML table) and become DataFrames."""

from __future__ import annotations

from pathlib import Path

from graph.queries import find_paths, outlet_graph
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import Registry
from tests.support.pages import HOSTILE


def test_a_path_reads_as_rows_a_dataframe_and_escaped_html(
    tmp_path: Path, seeds_dir: Path, registry: Registry
) -> None:
    (tmp_path / "hostile.html").write_text(HOSTILE, encoding="utf-8")
    with EmbeddedStore(tmp_path / "s.db") as store:
        ingest([str(seeds_dir), str(tmp_path / "hostile.html")], store, registry)
        seeds = find_paths(store, "RT", "Mondialisation.ca")
        hostile = find_paths(store, "RT", "evil.example")
        graph = outlet_graph(store)
    rows = seeds.rows()
    first = [r for r in rows if r["path"] == 1]
    assert [(r["hop"], r["type"], r["from_outlet"], r["to_outlet"]) for r in first] == [
        (1, "translates", "RT", "Réseau International"),
        (2, "republishes", "Réseau International", "Mondialisation.ca"),
    ]
    frame = seeds.to_dataframe()
    assert frame.to_dict("records") == rows
    page = hostile._repr_html_()
    assert "<script>alert" not in page and "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert {r["outlet"] for r in graph.rows()} >= {"RT", "Réseau International"}
