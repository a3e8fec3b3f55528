"""A dossier bundle (zip): the report, the raw captures it cites, the text read from
each, and a manifest of hashes; and the check that a bundle is still what it says.

Layout::

    report.html
    manifest.json             format, versions, files with SHA-256, documents, evidence
    captures/<sha256>         the bytes as received (what the capture's hash is of)
    texts/<document id>.txt   the text evidence offsets point into, read from the capture

``verify_bundle`` needs nothing but the zip and this module: it re-hashes every file,
checks each capture against its document's recorded SHA-256 and size, checks that each
evidence text is at its offsets in the archived text, and reads the text again from
the capture with the parser when it is the version that wrote the bundle (a later
parser may cut a page differently, which says nothing about the capture).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from api.dossier.build import Dossier, read_text
from api.dossier.render import render_dossier
from graph.errors import BadInput
from graph.provenance import Capture
from loaders.errors import DocumentError

__all__ = ["FORMAT", "Problem", "verify_bundle", "write_bundle"]

FORMAT = "citegraph-dossier/1"


@dataclass(frozen=True)
class Problem:
    """One failed check, naming the document (or file) it is about."""

    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text_name(doc_id: str) -> str:
    return f"texts/{doc_id.replace(':', '_')}.txt"


def write_bundle(dossier: Dossier, target: Path) -> None:
    """Write the bundle of ``dossier`` to ``target``. Raises BadInput when a cited
    document's raw capture is not available (a bundle that cannot be verified is not one)."""
    missing = [d for d in dossier.documents if d.raw is None or d.text is None]
    if missing:
        names = ", ".join(f"{d.id} ({d.problem})" for d in missing)
        raise BadInput(f"cannot bundle: no raw capture for {names}")
    files: dict[str, bytes] = {"report.html": render_dossier(dossier, bundled=True).encode("utf-8")}
    documents = []
    for doc in dossier.documents:
        assert doc.capture is not None and doc.raw is not None and doc.text is not None
        text = doc.text.encode("utf-8")
        files[f"captures/{doc.capture.sha256}"] = doc.raw
        files[_text_name(doc.id)] = text
        documents.append(
            {
                "id": doc.id,
                "capture": doc.capture.model_dump(mode="json"),
                "capture_file": f"captures/{doc.capture.sha256}",
                "text_file": _text_name(doc.id),
            }
        )
    evidence = [
        {
            "hop": hop.number,
            "edge": hop.hop.edge,
            "document": e.document,
            "start": e.start,
            "end": e.end,
            "text": e.text,
        }
        for hop in dossier.hops
        for e in hop.evidence
    ]
    manifest = {
        "format": FORMAT,
        "generated_at": dossier.generated_at.isoformat(),
        "query": {"kind": dossier.kind, **dossier.query},
        "versions": _versions(),
        "files": {name: _sha(data) for name, data in sorted(files.items())},
        "documents": documents,
        "evidence": evidence,
    }
    tmp = target.with_name(target.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for name, data in sorted(files.items()):
            zf.writestr(name, data)
    tmp.replace(target)


def _versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in ("citegraph", "trafilatura")}


def verify_bundle(path: Path) -> list[Problem]:
    """Return every problem found in the bundle at ``path`` (none: it verifies)."""
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        return [Problem(str(path), f"not a readable zip file ({exc})")]
    with zf:
        try:
            manifest: dict[str, Any] = json.loads(zf.read("manifest.json"))
        except (KeyError, ValueError) as exc:
            return [Problem("manifest.json", f"missing or unreadable ({exc})")]
        if manifest.get("format") != FORMAT:
            return [Problem("manifest.json", f"unknown format {manifest.get('format')!r}")]
        names = set(zf.namelist())
        problems: list[Problem] = []
        contents: dict[str, bytes] = {}
        for name, digest in manifest["files"].items():
            if name not in names:
                problems.append(Problem(name, "listed in the manifest but not in the bundle"))
                continue
            contents[name] = zf.read(name)
            if _sha(contents[name]) != digest:
                problems.append(Problem(name, "SHA-256 differs from the manifest's"))
        same_parser = manifest.get("versions", {}).get("trafilatura") == _versions()["trafilatura"]
        texts: dict[str, str] = {}
        for doc in manifest["documents"]:
            problems.extend(_check_document(doc, contents, same_parser, texts))
        for ev in manifest["evidence"]:
            text = texts.get(ev["document"])
            if text is None:
                continue  # the document's own problem is reported
            if text[ev["start"] : ev["end"]] != ev["text"]:
                problems.append(
                    Problem(
                        ev["document"],
                        f"evidence of hop {ev['hop']} ({ev['text']!r}) is not at characters "
                        f"{ev['start']}-{ev['end']} of the archived text",
                    )
                )
        return problems


def _check_document(
    doc: dict[str, Any], contents: dict[str, bytes], same_parser: bool, texts: dict[str, str]
) -> list[Problem]:
    doc_id = doc["id"]
    capture = Capture.model_validate(doc["capture"])
    raw = contents.get(doc["capture_file"])
    text = contents.get(doc["text_file"])
    if raw is None or text is None:
        return [Problem(doc_id, "its capture or text is missing from the bundle")]
    problems = []
    if _sha(raw) != capture.sha256 or len(raw) != capture.size:
        problems.append(
            Problem(
                doc_id, f"the capture's SHA-256 or size differs from the recorded {capture.sha256}"
            )
        )
    if doc_id != "doc:" + capture.sha256[:20]:
        problems.append(Problem(doc_id, "the document id does not match its capture's hash"))
    texts[doc_id] = text.decode("utf-8")
    if not problems and same_parser:
        try:
            again = read_text(raw, capture)
        except DocumentError as exc:
            return [Problem(doc_id, f"the capture no longer reads as a document ({exc.message})")]
        if again != texts[doc_id]:
            problems.append(Problem(doc_id, "the archived text is not what the capture reads as"))
    return problems
