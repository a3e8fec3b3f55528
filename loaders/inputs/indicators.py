"""Published infrastructure indicators: the Information Laundromat's ``indicators.csv``.

The Laundromat (github.com/ASD-at-GMF/disinfo-laundromat, MIT) lists technical
fingerprints of sites as ``indicator_type, indicator_content, domain_name`` rows:
analytics and tag IDs, verification tokens, wallets, IPs, subnets, CDN hosts,
certificates, CSS classes. A file with exactly that header is read as one document:
each usable row becomes ``outlet -USES-> identifier`` with method ``declared``, the
row's text and span in the file as evidence, and the list named as its source, on the
evidence and on the identifier node, so every link drawn from it says who claimed it.

Rows that identify nothing across sites are counted and left out, with a warning:
``whois`` records and ``domain_suffix`` (each unique to its own domain), empty values,
and CDN hosts of public services (loaders.infrastructure.PUBLIC_SERVICES). In the
published file, ``ip`` and ``subnet`` rows carry no domain; each precedes the rows of
the site it was resolved for, so it is attached to the next row's domain (and the
warning says how many were).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.models import Edge, Node
from graph.schema import INFRASTRUCTURE_KINDS, EvidenceMethod, InfrastructureKind
from loaders.declarations import outlet_for_url
from loaders.errors import DocumentError
from loaders.infrastructure import canonical, identifier_node, uses_edge
from loaders.inputs.source import InputOptions, Source
from loaders.registry import Registry

__all__ = ["CONTENT_TYPE", "PROVENANCE", "Indicators", "is_indicators", "read_indicators", "source"]

CONTENT_TYPE = "application/vnd.citegraph.laundromat-indicators+csv"
PROVENANCE = "Information Laundromat indicators (github.com/ASD-at-GMF/disinfo-laundromat)"
HEADER = ("indicator_type", "indicator_content", "domain_name")
_BY_TYPE: dict[str, InfrastructureKind] = {
    name: spec.kind for spec in INFRASTRUCTURE_KINDS.values() for name in spec.laundromat
}
_NO_DOMAIN_TYPES = frozenset({"ip", "subnet"})
_EVIDENCE_CHARS = 240


def is_indicators(path: Path) -> bool:
    """Return True for a CSV whose header is the Laundromat's indicator columns."""
    if path.suffix.lower() != ".csv":
        return False
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return tuple(h.strip().lower() for h in header) == HEADER


def source(path: Path, options: InputOptions, *, name: str | None = None) -> Source:
    """The one source of an indicator file (called ``name`` in reports and evidence)."""
    return Source(
        uri=name or str(path), path=path, content_type=CONTENT_TYPE, max_bytes=options.max_bytes
    )


@dataclass
class Indicators:
    """What an indicator file gives: identifier and outlet nodes, USES edges, warnings."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    line: int
    type: str
    content: str
    domain: str
    span: tuple[int, int]
    text: str


def _rows(text: str) -> Iterator[_Row]:
    """Yield the rows with their span in ``text`` (cells may span lines: certificates)."""
    consumed = [0]

    def lines() -> Iterator[str]:
        for line in text.splitlines(keepends=True):
            consumed[0] += len(line)
            yield line

    reader = csv.reader(lines())
    next(reader, None)
    start = consumed[0]
    for cells in reader:
        end = consumed[0]
        raw = text[start:end].rstrip("\r\n")
        if len(cells) == 3:
            yield _Row(
                reader.line_num,
                cells[0].strip().lower(),
                cells[1],
                cells[2].strip().lower(),
                (start, start + len(raw)),
                raw,
            )
        start = end


def read_indicators(raw: bytes, *, uri: str, document: str, registry: Registry) -> Indicators:
    """Return the USES edges an indicator file declares. Raises DocumentError when the
    file is not one."""
    try:
        text = raw.decode("utf-8-sig")
        rows = list(_rows(text))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DocumentError("bad_indicators", f"{uri}: not a readable CSV ({exc})") from exc
    out = Indicators()
    skipped: Counter[str] = Counter()
    attached = 0
    outlets: dict[str, Node] = {}
    for i, row in enumerate(rows):
        kind = _BY_TYPE.get(row.type)
        if kind is None:
            skipped[row.type or "no type"] += 1
            continue
        domain = row.domain
        if not domain and row.type in _NO_DOMAIN_TYPES:
            domain = next((r.domain for r in rows[i + 1 :] if r.domain), "")
            attached += 1 if domain else 0
        value = canonical(kind, row.content)
        if not domain or value is None:
            if not domain:
                why = "without a domain"
            elif kind is InfrastructureKind.CDN and row.content.strip():
                why = "of a public service"
            else:
                why = "without a value"
            skipped[f"{row.type} {why}"] += 1
            continue
        outlet = outlets.get(domain) or outlet_for_url(domain, registry)
        outlets[domain] = outlet
        node = identifier_node(kind, value, source=PROVENANCE)
        evidence_text = row.text if len(row.text) <= _EVIDENCE_CHARS else row.text[:_EVIDENCE_CHARS]
        out.nodes.append(node)
        out.edges.append(
            uses_edge(
                outlet.key,
                node,
                kind,
                value,
                text=evidence_text,
                span=(row.span[0], row.span[0] + len(evidence_text)),
                document=document,
                document_uri=f"{uri}#line={row.line}",
                method=EvidenceMethod.DECLARED,
                pattern=f"laundromat.{row.type}",
                source=PROVENANCE,
            )
        )
    if not rows:
        raise DocumentError("bad_indicators", f"{uri}: no indicator rows")
    out.nodes[:0] = list(outlets.values())
    if skipped:
        listed = ", ".join(f"{name} ({n})" for name, n in sorted(skipped.items()))
        out.warnings.append(f"indicators_skipped: rows that link no two sites: {listed}")
    if attached:
        out.warnings.append(
            f"indicators_domain_inferred: {attached} ip/subnet rows name no domain; each is "
            "attached to the domain of the rows after it"
        )
    return out
