"""The ``citegraph`` command as a user runs it, on real files (in this process, and as a
real subprocess where the process is what is checked)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import invoke, run_process
from tests.support.paths import EXAMPLES, REUSE_CORPUS

CLI = str(Path(sys.executable).parent / "citegraph")
# In this process (tests/support/cli.py); the real command is run where its process is
# what is checked: exit codes and stderr of a bad call, extract's report.
run = invoke


def _counts(store: str) -> dict[str, int]:
    data = json.loads(run("export", "--format", "json", "--store", store).stdout)
    return {"nodes": len(data["nodes"]), "edges": len(data["edges"])}


def test_ingest_then_path_gives_the_seed_chain(tmp_path: Path, seeds_dir: Path) -> None:
    store = str(tmp_path / "x.db")
    seeds = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    run("ingest", *seeds, "--store", store)
    result = json.loads(run("path", "RT", "Mondialisation.ca", "--store", store, "--json").stdout)
    first = result["paths"][0]
    assert [n["outlet"] for n in first["nodes"]] == [
        "RT",
        "Réseau International",
        "Mondialisation.ca",
    ]
    assert [h["type"] for h in first["hops"]] == ["translates", "republishes"]
    seed_text = "".join(Path(p).read_text("utf-8") for p in seeds)
    assert all(ev["text"] in seed_text for h in first["hops"] for ev in h["evidence"])

    before = _counts(store)
    again = json.loads(run("ingest", *seeds, "--store", store, "--json", "--force").stdout)
    assert again["summary"]["ok"] == 2
    assert _counts(store) == before

    known = json.loads(run("extract", seeds[0], "--store", store, "--json").stdout)
    assert known["document_ingested"] is True
    assert all(n["in_store"] for n in known["nodes"])
    fresh = json.loads(
        run("extract", seeds[0], "--store", str(tmp_path / "other.db"), "--json").stdout
    )
    assert fresh["document_ingested"] is False and not any(n["in_store"] for n in fresh["nodes"])

    human = run("path", "RT", "Mondialisation.ca", "--store", store).stdout
    assert "translates" in human and "Réseau International" in human


def test_extract_reports_each_bad_file_and_goes_on(tmp_path: Path, seeds_dir: Path) -> None:
    binary, empty, latin1 = tmp_path / "photo.jpg", tmp_path / "empty.txt", tmp_path / "latin1.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 16)
    empty.write_bytes(b"")
    latin1.write_bytes(
        "Dépêche\n\nLe ministère a déclaré que la vidéo était fausse.\n".encode("latin-1")
    )
    seed = next(seeds_dir.glob("004_*.txt"))
    proc = run_process("extract", str(binary), str(empty), str(latin1), str(seed), "--json")
    assert "Traceback" not in proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    by_input = {Path(r["input"]).name: r for r in records}
    assert by_input["photo.jpg"]["error"]["code"] == "binary_content"
    assert by_input["empty.txt"]["error"]["code"] == "empty_document"
    assert by_input["latin1.txt"]["article"]["title"] == "Dépêche"
    assert by_input["latin1.txt"]["warnings"]
    assert {e["type"] for e in by_input[seed.name]["edges"]} >= {"cites", "quotes", "published_by"}
    edge = by_input[seed.name]["edges"][0]
    assert {"type", "source", "target", "evidence", "start", "end", "confidence", "method"} <= set(
        edge
    )


def test_amplification_and_exports(tmp_path: Path) -> None:
    store = str(tmp_path / "x.db")
    root = EXAMPLES
    run("ingest", str(root / "corpus"), "--store", store, "--registry", str(root / "outlets.yaml"))
    amp = json.loads(run("amplification", "VTV International", "--store", store, "--json").stdout)
    assert amp["size"] == 3 and amp["depth"] == 2
    assert (
        "El Centinela Libre" in run("amplification", "VTV International", "--store", store).stdout
    )
    for fmt, marker in (("graphml", "<graphml"), ("gexf", "<gexf"), ("csv", "id,type,source")):
        assert marker in run("export", "--format", fmt, "--store", store).stdout
    page = tmp_path / "vtv.html"
    run("view", "amplification", "VTV International", "-o", str(page), "--store", store)
    assert "El Centinela Libre" in page.read_text("utf-8")
    assert run("view", "path", "RT", "-o", str(page), "--store", store, check=False).returncode == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("path", "Nowhere Daily", "RT"), "nothing in the store matches 'Nowhere Daily'"),
        (("path", "RT", "RT", "--type", "launders"), "unknown relation type"),
        (("export", "--format", "pdf"), "format must be one of"),
        (("path", "RT", "RT", "--max-hops", "0"), "max-hops"),
        (("path", "RT", "RT", "--exclude-method", "text_reus"), "unknown evidence method"),
        (("amplification", "RT", "--exclude-method", "links"), "unknown evidence method"),
    ],
)
def test_bad_arguments_give_a_clear_error_not_a_traceback(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    proc = run(*args, "--store", str(tmp_path / "empty.db"), check=False)
    assert proc.returncode == 2
    assert message in proc.stderr.replace("\n", " ") or message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unreachable_neo4j_is_a_clear_error(tmp_path: Path) -> None:
    proc = run_process("path", "RT", "RT", "--store", "bolt://127.0.0.1:9", check=False)
    assert proc.returncode == 1
    assert "store_unavailable" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_on_neo4j_matches_the_embedded_store(
    tmp_path: Path, seeds_dir: Path, neo4j_credentials: tuple[str, str, str]
) -> None:
    from graph.store.neo4j import Neo4jStore

    uri, user, password = neo4j_credentials
    neo = Neo4jStore(uri, user=user, password=password)
    neo.clear()
    neo.close()
    env = {
        "PATH": str(Path(sys.executable).parent),
        "HOME": os.environ["HOME"],
        "NEO4J_USER": user,
        "NEO4J_PASSWORD": password,
    }
    seeds = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    answers = []
    for store in (uri, str(tmp_path / "e.db")):

        def cli(*args: str, store: str = store) -> str:
            proc = subprocess.run(
                [CLI, *args, "--store", store], capture_output=True, text=True, env=env, timeout=300
            )
            assert proc.returncode == 0, proc.stderr
            return proc.stdout

        cli("ingest", *seeds)
        first = json.loads(cli("export", "--format", "json"))["counts"]
        cli("ingest", *seeds, "--force")
        assert json.loads(cli("export", "--format", "json"))["counts"] == first
        answers.append((json.loads(cli("path", "RT", "Mondialisation.ca", "--json")), first))
    assert answers[0] == answers[1]
    chain = answers[0][0]["paths"][0]
    assert [n["outlet"] for n in chain["nodes"]] == [
        "RT",
        "Réseau International",
        "Mondialisation.ca",
    ]


def test_query_commands_tables_json_and_errors(tmp_path: Path, seeds_dir: Path) -> None:
    store = str(tmp_path / "q.db")
    run("ingest", str(seeds_dir), "--store", store)
    table = run("path", "RT", "Mondialisation.ca", "--store", store).stdout
    assert "RT ⇒ Réseau International ⇒ Mondialisation.ca" in table and "translates" in table
    amp = run("amplification", "rt.com", "--store", store).stdout
    assert "Mondialisation.ca" in amp and "depth 2" in amp
    outlets = json.loads(run("outlets", "--store", store, "--json").stdout)
    assert {
        "from": "outlet:rt",
        "to": "outlet:reseau-international",
        "count": 1,
        "types": {"translates": 1},
    } in outlets["edges"]
    assert "pagerank" in run("outlets", "--store", store).stdout
    found = json.loads(run("search", "mondialisation", "--store", store, "--json").stdout)
    assert found["data"][0]["key"] == "outlet:mondialisation-ca"
    unknown = run("path", "Russia Todey", "RT", "--store", store, check=False)
    assert unknown.returncode == 2 and "did you mean: RT" in unknown.stderr
    capped = run(
        "path", "RT", "Mondialisation.ca", "--max-hops", "11", "--store", store, check=False
    )
    assert capped.returncode == 2


def test_starting_the_command_loads_no_drawing_or_hashing_library() -> None:
    """igraph (which loads matplotlib) and datasketch (which loads scipy) cost a second
    of start-up on every command; they load when a view is drawn or a text hashed."""
    heavy = ["igraph", "matplotlib", "datasketch", "scipy"]
    code = f"import sys, api.cli; print([m for m in {heavy!r} if m in sys.modules])"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_path_follows_undated_reuse_only_when_asked_and_marks_it(tmp_path: Path) -> None:
    """Two undated texts, one copying the other: ``path`` finds nothing by default (no
    one can say who copied whom), and with --undirected-reuse shows the hop as such."""
    for name in ("original_en", "partial_copy"):
        text = (REUSE_CORPUS / f"{name}.md").read_text(encoding="utf-8")
        lines = [x for x in text.splitlines(True) if not x.startswith("date:")]
        (tmp_path / f"{name}.md").write_text("".join(lines), encoding="utf-8")
    store = str(tmp_path / "u.db")
    run(
        "ingest",
        str(tmp_path / "original_en.md"),
        str(tmp_path / "partial_copy.md"),
        "--store",
        store,
    )
    origin = "https://harbour-times.example/2025/03/grain-corridor-talks-stall"
    copy = "https://free-voice.example/who-profits-odesa"
    plain = run("path", origin, copy, "--store", store, check=False)
    assert plain.returncode == 1 and "No path" in plain.stdout
    asked = run("path", origin, copy, "--store", store, "--undirected-reuse").stdout
    assert "⇔" in asked and "unknown" in asked  # the table may wrap "(direction unknown)"
    hops = json.loads(
        run("path", copy, origin, "--store", store, "--undirected-reuse", "--json").stdout
    )
    assert [h["direction"] for h in hops["paths"][0]["hops"]] == ["unknown"]


def test_demo_ingests_the_examples_without_serving(tmp_path: Path) -> None:
    store = str(tmp_path / "demo.db")
    proc = run("demo", "--no-serve", "--store", store)
    assert "0 failed" in proc.stdout and "Try:" in proc.stdout
    assert _counts(store)["nodes"] > 20
