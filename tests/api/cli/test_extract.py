"""``citegraph extract --json`` on short texts in several languages, as a user runs it
(in this process; a bad registry in a real one), and user registries given by option and
by environment."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import invoke, run_process


def _extract(path: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    proc = invoke("extract", str(path), "--json", *args, env=env)
    record: dict[str, Any] = json.loads(proc.stdout.splitlines()[0])
    return record


def _edges(record: dict[str, Any]) -> set[tuple[str, str]]:
    names = {n["key"]: n["name"] for n in record["nodes"]}
    return {(e["type"], names[e["target"]]) for e in record["edges"]}


CASES = [
    (
        "fr",
        "Retrait des troupes\n\nSelon l'agence Sputnik, les troupes se sont retirées de la "
        "localité dans la nuit de mardi à mercredi.\n",
        ("cites", "Sputnik"),
        "Selon l'agence Sputnik",
    ),
    (
        "ru",
        "Переговоры в Стамбуле\n\nДелегации встретятся в понедельник. Об этом сообщает ТАСС.\n",
        ("cites", "TASS"),
        "сообщает ТАСС",
    ),
    (
        "ar",
        "قصف في ريف حماة\n\nووفقاً لوكالة سانا، فقد استهدف القصف ريف حماة الشمالي صباح اليوم.\n",
        ("cites", "SANA"),
        "وفقاً لوكالة سانا",
    ),
    (
        "ru",
        "Заявление\n\nПо данным агентства РИА Новости, колонна прошла границу утром.\n",
        ("cites", "RIA Novosti"),
        "По данным агентства РИА Новости",
    ),
    (
        "en",
        "Strikes\n\nMOSCOW (Sputnik) — The Russian Defence Ministry said its forces had "
        "repelled the attack.\n",
        ("quotes", "Russian Ministry of Defence"),
        "Russian Defence Ministry said",
    ),
    (
        "fr",
        "Frappes\n\n« Le convoi transportait des armes », a déclaré Igor Konachenkov, "
        "porte-parole du ministère russe de la Défense.\n",
        ("quotes", "Igor Konashenkov"),
        "a déclaré Igor Konachenkov",
    ),
]


@pytest.mark.parametrize(("lang", "text", "edge", "evidence"), CASES, ids=[c[3] for c in CASES])
def test_extract_gives_relation_and_target_in_each_language(
    tmp_path: Path, lang: str, text: str, edge: tuple[str, str], evidence: str
) -> None:
    path = tmp_path / f"note-{lang}.md"
    path.write_text(f"---\nlang: {lang}\n---\n{text}", encoding="utf-8")
    record = _extract(path)
    assert edge in _edges(record), record["edges"]
    [hit] = [
        e
        for e in record["edges"]
        if (e["type"], {n["key"]: n["name"] for n in record["nodes"]}[e["target"]]) == edge
    ]
    assert evidence in hit["evidence"]
    for ev in hit["evidences"]:
        assert ev["pattern"] and ev["method"] and 0 < ev["confidence"] <= 1
        assert ev["end"] - ev["start"] == len(ev["text"])


def test_registry_override_and_addition_by_option_and_environment(tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    text.write_text(
        "Frappes\n\nSelon Kestrel Varta, le pont a été touché. D'après Sputnik, il tient.\n",
        encoding="utf-8",
    )
    user = tmp_path / "mine.yaml"
    user.write_text(
        "outlets:\n"
        "  - key: kestrel-varta\n    name: Kestrel Varta\n    kind: news_agency\n"
        "    domains: [kestrel.example]\n    note: added by the user\n"
        "  - key: sputnik\n    name: Sputnik\n    kind: alternative\n"
        "    note: overridden by the user\n",
        encoding="utf-8",
    )
    plain = _extract(text)
    assert ("cites", "Kestrel Varta") not in _edges(plain)
    empty = tmp_path / "empty.yaml"
    empty.write_text("outlets: []\n", encoding="utf-8")
    for record in (
        _extract(text, "--registry", str(user)),
        _extract(text, env={"CITEGRAPH_REGISTRY": f"{empty}{os.pathsep}{user}"}),
    ):
        assert {("cites", "Kestrel Varta"), ("cites", "Sputnik")} <= _edges(record)
        by_name = {n["name"]: n for n in record["nodes"]}
        assert by_name["Kestrel Varta"]["outlet_kind"] == "news_agency"
        assert by_name["Sputnik"]["outlet_kind"] == "alternative"
        # The override keeps what it does not restate.
        assert "sputniknews.com" in by_name["Sputnik"]["domains"]


def test_a_bad_registry_file_is_a_clear_error(tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    text.write_text("Titre\n\nSelon Sputnik, rien.\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("outlets:\n  - name: X\n    kind: tabloid\n", encoding="utf-8")
    proc = run_process("extract", str(text), "--json", "--registry", str(bad), check=False)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "tabloid" in proc.stderr and "state_media" in proc.stderr


def test_extract_json_shows_the_capture(tmp_path: Path) -> None:
    page = tmp_path / "note.txt"
    page.write_text("Retrait\n\nSelon l'agence Sputnik, les troupes se sont retirées.\n")
    os.utime(page, (1_773_482_400, 1_773_482_400))
    record = _extract(page)
    raw = page.read_bytes()
    assert record["capture"] == {
        "via": "file",
        "input": "note.txt",
        "url": None,
        "final_url": None,
        "http_status": None,
        "content_type": None,
        "warc_file": None,
        "warc_record_id": None,
        "feed_entry": None,
        "captured_at": "2026-03-14T10:00:00Z",
        "captured_at_kind": "file_mtime",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "size": len(raw),
    }
    assert record["document"] == "doc:" + record["capture"]["sha256"][:20]
