"""Every input format through ``citegraph ingest``, as a user runs it (in this process;
the progress bar's streams in a real one); the store is checked after.

Also the bad-input batch: each bad input gets its own report entry with a reason code,
and the good documents of the same batch land in the store.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import invoke, run_process
from tests.support.local_site import LocalSite, Route, serve
from tests.support.paths import CORPUS, INPUTS
from tests.support.warc import RELAIS, write_warc

DATA = INPUTS
# In this process (tests/support/cli.py); the progress bar's test runs the real command,
# since which stream a process writes to is what it checks.
run = invoke


def ingest(store: Path, *args: str) -> dict[str, Any]:
    return json.loads(run("ingest", *args, "--store", str(store), "--json").stdout)


def articles(store: Path) -> dict[str, dict[str, Any]]:
    """The store's real (not stub) articles by URL (else key), read back through ``export``."""
    data = json.loads(run("export", "--format", "json", "--store", str(store)).stdout)
    return {
        n.get("url") or n["key"]: n
        for n in data["nodes"]
        if n["kind"] == "Article" and not n.get("stub")
    }


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with serve() as s:
        yield s


def test_a_folder_with_its_manifest(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    report = ingest(store, str(CORPUS))
    assert report["summary"]["ok"] == 12 and report["summary"]["documents"] == 12
    stored = articles(store)
    a2 = stored[
        "https://relais-libre.example/2026/03/14/barrage-de-lorn-une-ong-financee-par-la-kestrie-prepare-une-fausse-video-d-empoisonnement"
    ]
    assert a2["published"] == "2026-03-14T19:10:00Z" and a2["language"] == "fr"
    assert len(stored) == 12


def test_a_url_on_a_local_server(tmp_path: Path, site: LocalSite) -> None:
    store = tmp_path / "s.db"
    url = site.page("/2026/03/14/barrage", (CORPUS / "a2_relais-libre_fr.html").read_bytes())
    refused = run("ingest", url, "--store", str(store), "--json", check=False)
    [item] = json.loads(refused.stdout)["items"]
    assert (
        item["error"]["code"] == "blocked_address" and "--allow-private" in item["error"]["message"]
    )
    assert site.hits == [], "a loopback address is refused before any connection"
    report = ingest(store, url, "--allow-private")
    assert [i["status"] for i in report["items"]] == ["ok"]
    [article] = articles(store).values()
    # Article keys normalise the scheme (graph/keys.py), so compare host and path.
    assert article["url"].split("://")[1] == url.split("://")[1]
    assert article["title"].startswith("Barrage de Lorn")


def test_a_warc_with_several_records(tmp_path: Path) -> None:
    store, warc = tmp_path / "s.db", tmp_path / "crawl.warc.gz"
    write_warc(warc, gz=True)
    report = ingest(store, str(warc))
    statuses = {i["input"].split(" <")[1].rstrip(">"): i["status"] for i in report["items"]}
    assert statuses == {
        RELAIS: "ok",
        "https://www.meridian-press.example/selva-talks": "ok",
        "https://www.relais-libre.example/logo.png": "skipped",
        "https://www.relais-libre.example/old": "skipped",
        "https://www.eveil-des-peuples.example/a3": "ok",
    }
    assert report["summary"]["by_code"]["skipped"] == {"not_html": 1, "not_a_page": 1}
    stored = articles(store)
    assert {
        "https://relais-libre.example/2026/03/14/barrage-de-lorn",
        "https://meridian-press.example/selva-talks",
        "https://eveil-des-peuples.example/a3",
    } <= set(stored)
    assert (
        stored["https://meridian-press.example/selva-talks"]["published"] == "2026-03-21T12:00:00Z"
    )


def test_rss_and_atom_feeds(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    report = ingest(
        store, str(DATA / "relais-libre.rss"), str(DATA / "verifica-aperta.atom"), "--no-fetch"
    )
    assert [i["status"] for i in report["items"]] == ["ok", "ok", "skipped", "ok", "ok"]
    assert report["summary"]["by_code"]["warnings"]["summary_only"] == 2
    stored = articles(store)
    fc = stored[
        "https://verifica-aperta.example/fact-check/2026/03/17/diga-di-lorn-video-falso-ong"
    ]
    assert fc["published"] == "2026-03-17T09:00:00Z" and fc["language"] == "it"
    assert (
        stored[
            "https://relais-libre.example/2026/03/20/manoeuvres-kestriennes-valmora-denonce-une-repetition-generale"
        ]["language"]
        == "fr"
    )


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_a_manifest(tmp_path: Path, kind: str) -> None:
    folder, store = tmp_path / "files", tmp_path / "s.db"
    folder.mkdir()
    shutil.copy(CORPUS / "c3_courrier-estuaire_fr.txt", folder / "dockers.txt")
    row = {
        "path": "dockers.txt",
        "url": "https://www.courrier-estuaire.example/greve",
        "outlet": "Le Courrier de l'Estuaire",
        "published": "2026-03-18T10:00:00Z",
        "language": "fr",
    }
    manifest = folder / f"list.{kind}"
    if kind == "csv":
        manifest.write_text(
            ",".join(row)
            + "\n"
            + ",".join(f'"{v}"' for v in row.values())
            + "\nnothing-here.txt,,,,\n"
        )
    else:
        manifest.write_text(json.dumps(row) + "\n{broken\n")
    report = ingest(store, str(manifest))
    assert [i["status"] for i in report["items"]] == ["error", "ok"]
    assert report["items"][0]["error"]["code"] == (
        "not_found" if kind == "csv" else "bad_manifest_row"
    )
    article = articles(store)["https://courrier-estuaire.example/greve"]
    assert article["published"] == "2026-03-18T10:00:00Z"


RUSSIAN = (
    "Министерство обороны России заявило во вторник, что видеозапись была постановкой, "
    "сообщает ТАСС. По данным ведомства, ролик готовили заранее. "
)


def _bad_batch(folder: Path) -> None:
    folder.mkdir()
    for name in ("a1_northwind-agency_en.html", "b4_centinela-libre_es.txt"):
        shutil.copy(CORPUS / name, folder / name)
    (folder / "scan.html").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 40)
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(4000))
    page = (CORPUS / "b3_harbour-times_en.html").read_bytes()
    (folder / "truncated.html").write_bytes(page[: int(len(page) * 0.7)])
    (folder / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b" " * 30_000_000))
    (folder / "huge.html").write_bytes(page + b"<!-- " + b"x" * 400_000 + b" -->")
    mislabelled = (
        '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Заявление Минобороны</title>'
        f"</head><body><article><h1>Заявление Минобороны</h1><p>{RUSSIAN * 3}</p><p>{RUSSIAN}</p>"
        "</article></body></html>"
    )
    (folder / "mislabelled.html").write_bytes(mislabelled.encode("cp1251"))


def test_bad_inputs_each_get_a_reason_and_the_batch_goes_on(
    tmp_path: Path, site: LocalSite
) -> None:
    folder, store, report_file = tmp_path / "batch", tmp_path / "s.db", tmp_path / "report.json"
    _bad_batch(folder)
    site.routes["/slow"] = Route(
        body=b"<p>late</p>", delay=5.0, headers={"Content-Type": "text/html"}
    )
    good_url = site.page("/c1", (CORPUS / "c1_meridian-press_en.html").read_bytes())
    proc = run(
        "ingest",
        str(folder),
        site.url("/gone"),
        site.url("/slow"),
        good_url,
        "--max-bytes",
        "300000",
        "--timeout",
        "1.5",
        "--host-delay",
        "0",
        "--allow-private",
        "--store",
        str(store),
        "--json",
        "--report",
        str(report_file),
    )
    report = json.loads(proc.stdout)
    assert json.loads(report_file.read_text()) == report
    by_name = {i["input"].rsplit("/", 1)[-1]: i for i in report["items"]}

    def code(name: str) -> tuple[str, str]:
        item = by_name[name]
        detail = item.get("error") or item.get("reason")
        assert detail["message"], name
        return item["status"], detail["code"]

    assert code("scan.html") == ("error", "binary_content")
    assert code("photo.jpg") == ("skipped", "unsupported_format")
    assert code("bomb.html.gz") == ("error", "decompression_bomb")
    assert code("huge.html") == ("error", "too_large")
    assert code("gone") == ("error", "http_error")
    assert code("slow") == ("error", "timeout")
    truncated, mislabelled = by_name["truncated.html"], by_name["mislabelled.html"]
    assert truncated["status"] == "ok" and truncated["warnings"][0].startswith("truncated_html:")
    assert mislabelled["status"] == "ok"
    assert mislabelled["warnings"][0].startswith("charset_mismatch: declared utf-8")
    assert report["summary"] | {"by_code": None} == {
        "ok": 5,
        "skipped": 1,
        "errors": 5,
        "documents": 11,
        "by_code": None,
    }
    assert report["summary"]["by_code"]["errors"] == {
        "binary_content": 1,
        "decompression_bomb": 1,
        "too_large": 1,
        "http_error": 1,
        "timeout": 1,
    }

    stored = articles(store)
    titles = {a["title"] for a in stored.values()}
    assert "Заявление Минобороны" in titles, "the mislabelled page is decoded as cp1251"
    assert any(url.endswith("/c1") for url in stored), "the good URL after the failures landed"
    assert len(stored) == 5


def test_progress_goes_to_stderr_and_never_into_json(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    shown = run_process(
        "ingest", str(CORPUS), "--store", str(store), "--json", "--progress", "--force"
    )
    assert json.loads(shown.stdout)["summary"]["ok"] == 12
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.stderr)
    assert "12 documents: 12 ok, 0 skipped, 0 failed" in drawn
    quiet = run_process("ingest", str(CORPUS), "--store", str(store), "--json")
    assert quiet.stderr == "", "not a terminal and not asked: no bar"
    assert json.loads(quiet.stdout)["summary"]["by_code"]["skipped"] == {"already_ingested": 12}


def test_the_terminal_report_sums_up_by_reason(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    _bad_batch(folder)
    human = run(
        "ingest", str(folder), "--max-bytes", "300000", "--store", str(tmp_path / "s.db")
    ).stdout
    assert "Ingest report" in human
    for code in (
        "binary_content",
        "unsupported_format",
        "decompression_bomb",
        "too_large",
        "truncated_html",
        "charset_mismatch",
    ):
        assert code in human, code
    assert "4 ingested, 1 skipped, 3 failed" in human


def test_a_large_batch_lists_only_the_documents_that_need_a_look(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    body = "A report on the harbour works, which the council approved on Monday evening. " * 4
    for n in range(60):
        (folder / f"note-{n:02d}.txt").write_text(f"Note {n}\n\n{body}", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 400)
    human = run("ingest", str(folder), "--no-reuse", "--store", str(tmp_path / "s.db")).stdout
    assert "binary_content: " in human, "the failed document is listed with its reason"
    assert "note-07.txt" not in human, "an ok document is not listed in a large batch"
    assert "60 more document(s) not listed" in human
    assert "60 ingested, 0 skipped, 1 failed" in human
