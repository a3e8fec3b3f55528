"""The embedded store: a SQLite file for durable, transactional upserts, and an
in-memory networkx graph, rebuilt after writes, for traversal."""

from __future__ import annotations

import functools
import gc
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import networkx as nx

from graph.errors import NotFound, StoreUnavailable
from graph.models import Counts, Edge, Node, merge_edges, merge_nodes
from graph.provenance import Capture
from graph.schema import EdgeKind, NodeKind, ReuseDirection, ReviewStatus
from graph.store.base import DocumentRecord, EdgeRef, EvidenceRef, Records, Store, lookup_names

__all__ = ["EmbeddedStore"]

if TYPE_CHECKING:  # only annotations name it
    from graph.store.base import NodeFilter

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (key TEXT PRIMARY KEY, kind TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS node_names (name TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (name, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS node_domains (domain TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (domain, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS edges (id TEXT PRIMARY KEY, type TEXT NOT NULL,
    source TEXT NOT NULL, target TEXT NOT NULL, data TEXT NOT NULL);
-- Pages of /articles and /outlets: by kind in key order, of one outlet, stubs or not.
CREATE INDEX IF NOT EXISTS nodes_kind ON nodes (kind, key);
CREATE INDEX IF NOT EXISTS nodes_outlet ON nodes (kind, json_extract(data, '$.outlet'), key);
CREATE INDEX IF NOT EXISTS nodes_stub ON nodes (kind, json_extract(data, '$.stub'), key);
CREATE INDEX IF NOT EXISTS edges_source ON edges (source, type);
CREATE INDEX IF NOT EXISTS edges_target ON edges (target, type);
CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, uri TEXT NOT NULL,
    status TEXT NOT NULL, detail TEXT, nodes INTEGER, edges INTEGER, capture TEXT);
"""

# Node and edge counts by kind, kept by triggers, so that counts() (GET /health, which
# docker-compose polls) reads a few rows instead of scanning both tables. An upsert's
# update path fires no INSERT trigger, and a kind never changes, so each row is counted
# once. Created, and filled from the tables, in one transaction on first open
# (_count_upgrade): files written before it gain it in place.
_COUNTED = (("node", "nodes", "kind"), ("edge", "edges", "type"))
_COUNTS = (
    "CREATE TABLE counts (what TEXT NOT NULL, name TEXT NOT NULL, n INTEGER NOT NULL,\n"
    "    PRIMARY KEY (what, name)) WITHOUT ROWID;\n"
    + "".join(
        f"CREATE TRIGGER {table}_counted AFTER INSERT ON {table} BEGIN\n"
        f"    INSERT INTO counts (what, name, n) VALUES ('{what}', NEW.{column}, 1)\n"
        "    ON CONFLICT (what, name) DO UPDATE SET n = n + 1;\nEND;\n"
        f"CREATE TRIGGER {table}_uncounted AFTER DELETE ON {table} BEGIN\n"
        f"    UPDATE counts SET n = n - 1 WHERE what = '{what}' AND name = OLD.{column};\nEND;\n"
        f"INSERT INTO counts (what, name, n)\n"
        f"    SELECT '{what}', {column}, count(*) FROM {table} GROUP BY {column};\n"
        for what, table, column in _COUNTED
    )
)

# Columns added since the first layout, added in place to older files on open (their
# rows keep NULL there: a document recorded before captures has none).
_ADDED_COLUMNS = (("documents", "capture", "TEXT"),)
_DOCUMENT_FIELDS = ("id", "uri", "status", "detail", "nodes", "edges", "capture")
_DOCUMENT_COLUMNS = ", ".join(_DOCUMENT_FIELDS)


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of ``script``, trigger bodies kept whole."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""


_F = TypeVar("_F", bound=Callable[..., Any])


def _locked(method: _F) -> _F:
    """Serialise access: one SQLite connection is shared by the API's worker threads."""

    @functools.wraps(method)
    def wrapper(self: EmbeddedStore, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _adjacent(
    graph: nx.MultiDiGraph,
    keys: Iterable[str],
    wanted: set[str],
    incoming: bool,
    attribute: str,
) -> Iterator[tuple[str, Any]]:
    """Yield (the other end's key, ``attribute``) of the edges of the ``wanted`` kinds
    into or out of each key's node."""
    for key in keys:
        if key in graph:
            edges = graph.in_edges if incoming else graph.out_edges
            for a, b, kind, value in edges(key, keys=True, data=attribute):
                if kind in wanted:
                    yield (a if incoming else b), value


class EmbeddedStore(Store):
    """SQLite + networkx; no server. ``path`` may be ``:memory:``.

    ``keep_view=False`` is for a process that asks one question and exits (a CLI
    query): traversal then reads each hop through the indexes instead of building the
    networkx view of the whole store first, which only pays over many queries (the
    server). A query that needs the whole graph (the outlet graph) still builds it.
    """

    def __init__(self, path: str | Path, *, keep_view: bool = True) -> None:
        self.uri = str(path)
        self._keep_view = keep_view
        try:
            if self.uri != ":memory:":
                Path(self.uri).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.uri, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._upgrade()
        except sqlite3.DatabaseError as exc:
            raise StoreUnavailable(f"cannot open the embedded store {self.uri}: {exc}") from exc
        self._graph: nx.MultiDiGraph | None = None
        self._graph_version: int | None = None
        self._lock = threading.RLock()

    def _upgrade(self) -> None:
        for table, column, kind in _ADDED_COLUMNS:
            present = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
            if column not in present:
                self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        self._count_upgrade()

    def _count_upgrade(self) -> None:
        """Create the counts table, its triggers and its first figures, once per file."""
        db = self._db
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'counts'").fetchone():
            return
        # Taken at once and checked again inside: two processes opening one older file
        # together must not both fill the table.
        with self._transaction(graph=False):
            if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'counts'").fetchone():
                # Statement by statement: executescript would commit the open transaction.
                for statement in _statements(_COUNTS):
                    db.execute(statement)

    # -- writes ---------------------------------------------------------------
    @_locked
    def upsert(
        self, nodes: Sequence[Node], edges: Sequence[Edge], *, documents: Records = ()
    ) -> None:
        with self._transaction(graph=bool(nodes or edges)):
            self._write(nodes, edges)
            # One commit per batch, not per document (each commit is a WAL sync).
            self._db.executemany(
                f"INSERT OR REPLACE INTO documents ({_DOCUMENT_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        *(r.id, r.uri, r.status, r.detail, r.nodes, r.edges),
                        r.capture.model_dump_json() if r.capture else None,
                    )
                    for r in documents
                ],
            )

    @contextmanager
    def _transaction(self, *, graph: bool = True) -> Iterator[None]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``): what it reads
        stays true until it commits, and a kill anywhere inside leaves nothing.
        ``graph`` says whether it writes the graph (the networkx view goes stale).
        SQLite's own failures become StoreUnavailable."""
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"writing to {self.uri} failed: {exc}", uri=self.uri) from exc
        finally:
            if graph:
                self._graph = None

    def _write(self, nodes: Sequence[Node], edges: Sequence[Edge]) -> None:
        """Merge ``nodes`` and ``edges`` with their stored versions and write them; the
        caller holds a transaction."""
        db = self._db
        merged_nodes = self._merge_nodes(nodes)
        db.executemany(
            "INSERT INTO nodes (key, kind, data) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET data = excluded.data",
            [(n.key, n.kind.value, n.model_dump_json()) for n in merged_nodes],
        )
        db.executemany(
            "INSERT OR IGNORE INTO node_names (name, key) VALUES (?, ?)",
            [(name, n.key) for n in merged_nodes for name in lookup_names(n)],
        )
        db.executemany(
            "INSERT OR IGNORE INTO node_domains (domain, key) VALUES (?, ?)",
            [(d, n.key) for n in merged_nodes for d in n.domains],
        )
        merged_edges = self._merge_edges(edges)
        db.executemany(
            "INSERT INTO edges (id, type, source, target, data) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET data = excluded.data",
            [(e.id, e.type.value, e.source, e.target, e.model_dump_json()) for e in merged_edges],
        )

    def _merge_nodes(self, nodes: Sequence[Node]) -> list[Node]:
        pending: dict[str, Node] = {}
        for node in nodes:
            pending[node.key] = (
                merge_nodes(pending[node.key], node) if node.key in pending else node
            )
        existing = self.get_nodes(pending)
        return [merge_nodes(existing[k], n) if k in existing else n for k, n in pending.items()]

    def _merge_edges(self, edges: Sequence[Edge]) -> list[Edge]:
        pending: dict[str, Edge] = {}
        for edge in edges:
            pending[edge.id] = merge_edges(pending[edge.id], edge) if edge.id in pending else edge
        existing = self._edges_where("id", list(pending))
        by_id = {e.id: e for e in existing}
        return [merge_edges(by_id[i], e) if i in by_id else e for i, e in pending.items()]

    @_locked
    def merge_stubs(self, merges: Sequence[tuple[str, str]]) -> None:
        # One transaction for all: a stub deleted in one commit and its edges rewritten
        # in the next lost the stub's edges to a crash in between.
        with self._transaction():
            for stub_key, real_key in merges:
                nodes = self.get_nodes([stub_key, real_key])
                if stub_key not in nodes or real_key not in nodes:
                    raise NotFound("both nodes must exist to merge", keys=[stub_key, real_key])
                touching = self._edges_where("source", [stub_key]) + self._edges_where(
                    "target", [stub_key]
                )
                moved = self._merged_edges(stub_key, real_key, touching)
                stub = nodes[stub_key].model_copy(update={"stub": True})
                merged = merge_nodes(nodes[real_key], stub)
                self._db.executemany("DELETE FROM edges WHERE id = ?", [(e.id,) for e in touching])
                for table in ("nodes", "node_names", "node_domains"):
                    self._db.execute(f"DELETE FROM {table} WHERE key = ?", (stub_key,))
                self._write([merged], moved)

    @_locked
    def set_review(self, edge_id: str, status: ReviewStatus) -> Edge:
        # Read and write in one transaction, so another process's write in between
        # (a CLI ingest next to the server) is not overwritten.
        with self._transaction():
            edge = self.get_edge(edge_id)
            if edge is None:
                raise NotFound(f"no edge with id {edge_id!r}")
            edge = edge.model_copy(update={"review": status})
            self._db.execute(
                "UPDATE edges SET data = ? WHERE id = ?", (edge.model_dump_json(), edge_id)
            )
        return edge

    # -- reads ----------------------------------------------------------------
    @_locked
    def get_nodes(self, keys: Iterable[str]) -> dict[str, Node]:
        out: dict[str, Node] = {}
        keys = list(keys)
        for chunk in _chunks(keys):
            marks = ",".join("?" * len(chunk))
            for (data,) in self._db.execute(
                f"SELECT data FROM nodes WHERE key IN ({marks})", chunk
            ):
                node = Node.model_validate_json(data)
                out[node.key] = node
        return out

    def get_edge(self, edge_id: str) -> Edge | None:
        found = self._edges_where("id", [edge_id])
        return found[0] if found else None

    def iter_nodes(self, kind: NodeKind | None = None) -> Iterator[Node]:
        where, params = ("", []) if kind is None else ("kind = ? AND ", [kind.value])
        for data in self._pages("nodes", "key", where, params):
            yield Node.model_validate_json(data)

    @_locked
    def page_nodes(
        self, kind: NodeKind, where: NodeFilter, *, limit: int, offset: int = 0
    ) -> tuple[list[Node], int]:
        # The filters read the stored JSON in SQL (no row is decoded in Python but the
        # page's); the outlet filter is the indexed expression of nodes_outlet.
        # (NodeFilter's field names, not input, name the JSON paths.)
        conds, params = ["kind = ?"], list[str | int]([kind.value])
        for name, value in where.given().items():
            conds.append(f"json_extract(data, '$.{name}') = ?")
            params.append(int(value) if isinstance(value, bool) else value)
        cond = " AND ".join(conds)
        (count,) = self._db.execute(f"SELECT count(*) FROM nodes WHERE {cond}", params).fetchone()
        # An offset past the end reads nothing (and may be larger than SQLite's integers).
        rows = self._db.execute(
            f"SELECT data FROM nodes WHERE {cond} ORDER BY key LIMIT ? OFFSET ?",
            [*params, limit, min(offset, count)],
        ).fetchall()
        return [Node.model_validate_json(data) for (data,) in rows], count

    def iter_edges(self, types: Iterable[EdgeKind] | None = None) -> Iterator[Edge]:
        where, params = "", []
        if types is not None:
            params = [t.value for t in types]
            where = f"type IN ({','.join('?' * len(params))}) AND "
        for data in self._pages("edges", "id", where, params):
            yield Edge.model_validate_json(data)

    def _pages(
        self, table: str, key: str, where: str, params: list[str], size: int = 2000
    ) -> Iterator[str]:
        """Yield the ``data`` column in ``key`` order, ``size`` rows per locked read.

        Reading a million-node store whole (stub resolution, exports) held every row in
        memory at once; pages keep that flat, and the lock is never held across a yield.
        """
        after: str | None = None
        while True:
            cond = "" if after is None else f"{key} > ? AND "
            with self._lock:
                rows = self._db.execute(
                    f"SELECT {key}, data FROM {table} WHERE {where}{cond}1 ORDER BY {key} LIMIT ?",
                    [*params, *([] if after is None else [after]), size],
                ).fetchall()
            yield from (data for _, data in rows)
            if len(rows) < size:
                return
            after = rows[-1][0]

    @_locked
    def edges_touching(
        self, keys: Iterable[str], *, types: Iterable[EdgeKind], incoming: bool
    ) -> list[Edge]:
        wanted = {t.value for t in types}
        graph = self._current_graph()
        if graph is None:
            # No view, or a stale one: a write just invalidated it (ingest asks this
            # after every batch). Rebuilding the whole graph for a few keys made each
            # batch cost as much as the corpus; the indexed columns answer directly.
            column = "target" if incoming else "source"
            found = self._edges_where(column, sorted(set(keys)), sorted(wanted))
            return sorted(found, key=lambda e: e.id)
        ids = {eid for _other, eid in _adjacent(graph, keys, wanted, incoming, "id")}
        return sorted(self._edges_where("id", sorted(ids)), key=lambda e: e.id)

    @_locked
    def edge_refs(
        self, keys: Iterable[str], *, types: Iterable[EdgeKind], incoming: bool
    ) -> list[EdgeRef]:
        wanted = {t.value for t in types}
        if not self._keep_view and self._current_graph() is None:
            return self._refs_where("target" if incoming else "source", keys, wanted)
        # Served from the networkx view alone: no SQL, no JSON decoding per edge.
        refs = {
            ref.id: ref for _other, ref in _adjacent(self.graph(), keys, wanted, incoming, "ref")
        }
        return [refs[i] for i in sorted(refs)]

    @_locked
    def adjacent_keys(
        self, keys: Iterable[str], *, types: Iterable[EdgeKind], incoming: bool
    ) -> list[str]:
        wanted = {t.value for t in types}
        if not self._keep_view and self._current_graph() is None:
            column = "target" if incoming else "source"
            refs = self._refs_where(column, keys, wanted)
            return sorted({r.source if incoming else r.target for r in refs})
        return sorted(
            {other for other, _id in _adjacent(self.graph(), keys, wanted, incoming, "id")}
        )

    def _refs_where(self, column: str, keys: Iterable[str], kinds: set[str]) -> list[EdgeRef]:
        """The refs of the ``kinds`` of edges whose ``column`` is one of ``keys``, read
        through the indexes, by id."""
        refs: list[EdgeRef] = []
        types = sorted(kinds)
        for chunk in _chunks(sorted(set(keys))):
            rows = self._db.execute(
                f"SELECT {_REF_COLUMNS} FROM edges "
                f"WHERE {column} IN ({','.join('?' * len(chunk))}) "
                f"AND type IN ({','.join('?' * len(types))})",
                [*chunk, *types],
            )
            refs.extend(_ref(*row) for row in rows)
        return sorted(refs, key=lambda r: r.id)

    def get_edges(self, ids: Iterable[str]) -> dict[str, Edge]:
        return {e.id: e for e in self._edges_where("id", sorted(set(ids)))}

    @_locked
    def graph(self) -> nx.MultiDiGraph:
        """Return the whole graph as networkx (keys: edge type; data: ``id`` and ``ref``,
        the edge's :class:`EdgeRef`)."""
        # Another connection (a CLI ingest next to a running server) may have written
        # since the view was built; SQLite bumps data_version when it commits.
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._graph_version:
            self._graph, self._graph_version = None, version
        if self._graph is None:
            graph = nx.MultiDiGraph()
            for key, kind in self._db.execute("SELECT key, kind FROM nodes"):
                graph.add_node(key, kind=kind)
            # SQLite's JSON functions pull review, methods and confidences out in C, so
            # building the view never decodes a whole edge in Python.
            for row in self._db.execute(f"SELECT {_REF_COLUMNS} FROM edges"):
                ref = _ref(*row)
                graph.add_edge(ref.source, ref.target, key=ref.type.value, id=ref.id, ref=ref)
            self._graph = graph
            # The view is millions of long-lived containers on a large store. Without
            # this, every full collection the queries' allocations trigger walks all
            # of them (hundreds of ms, the p95 of path queries); frozen objects are
            # skipped by the cycle collector and still freed by reference counting
            # when a rebuilt view replaces this one.
            gc.freeze()
        return self._graph

    @_locked
    def keys_by_name(self, normalised: str) -> list[str]:
        rows = self._db.execute(
            "SELECT key FROM node_names WHERE name = ? ORDER BY key", (normalised,)
        )
        return [k for (k,) in rows]

    @_locked
    def keys_by_domain(self, domain: str) -> list[str]:
        rows = self._db.execute(
            "SELECT key FROM node_domains WHERE domain = ? ORDER BY key", (domain,)
        )
        return [k for (k,) in rows]

    @_locked
    def search_names(self, fragment: str, *, limit: int) -> list[str]:
        if not fragment:
            return []
        rows = self._db.execute(
            "SELECT DISTINCT key FROM node_names WHERE instr(name, ?) > 0 ORDER BY key LIMIT ?",
            (fragment, limit),
        )
        return [k for (k,) in rows]

    @_locked
    def complete_names(self, prefix: str, *, limit: int) -> list[tuple[str, str]]:
        if not prefix:
            return []
        # A range scan on the (name, key) primary key; U+10FFFF sorts after any name.
        rows = self._db.execute(
            "SELECT name, key FROM node_names WHERE name >= ? AND name < ? "
            "ORDER BY name, key LIMIT ?",
            (prefix, prefix + "\U0010ffff", limit),
        )
        return [(name, key) for name, key in rows]

    @_locked
    def name_entries(self, kinds: Iterable[NodeKind]) -> list[tuple[str, str]]:
        names = [k.value for k in kinds]
        if not names:
            return []
        marks = ",".join("?" * len(names))
        rows = self._db.execute(
            f"SELECT t.name, t.key FROM node_names t JOIN nodes n ON n.key = t.key "
            f"WHERE n.kind IN ({marks}) UNION "
            f"SELECT d.domain, d.key FROM node_domains d JOIN nodes n ON n.key = d.key "
            f"WHERE n.kind IN ({marks})",
            names + names,
        ).fetchall()
        return sorted(rows)

    @_locked
    def counts(self) -> Counts:
        rows = self._db.execute("SELECT what, name, n FROM counts WHERE n > 0 ORDER BY name")
        found: dict[str, dict[str, int]] = {"node": {}, "edge": {}}
        for what, name, n in rows:
            found[what][name] = n
        return Counts(nodes=found["node"], edges=found["edge"])

    @_locked
    def document(self, doc_id: str) -> DocumentRecord | None:
        row = self._db.execute(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return None if row is None else _document_record(row)

    @_locked
    def documents(self, doc_ids: Iterable[str]) -> dict[str, DocumentRecord]:
        out: dict[str, DocumentRecord] = {}
        for chunk in _chunks(sorted(set(doc_ids))):
            rows = self._db.execute(
                f"SELECT {_DOCUMENT_COLUMNS} FROM documents "
                f"WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            out.update((row[0], _document_record(row)) for row in rows)
        return out

    @_locked
    def close(self) -> None:
        self._db.close()

    @_locked
    def _current_graph(self) -> nx.MultiDiGraph | None:
        """The networkx view if it is built and no connection has written since."""
        if self._graph is None:
            return None
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        return self._graph if version == self._graph_version else None

    def _edges_where(
        self, column: str, values: list[str], types: list[str] | None = None
    ) -> list[Edge]:
        kinds = "" if types is None else f" AND type IN ({','.join('?' * len(types))})"
        out: list[Edge] = []
        for chunk in _chunks(values):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT data FROM edges WHERE {column} IN ({marks}){kinds}",
                [*chunk, *(types or [])],
            )
            out.extend(Edge.model_validate_json(data) for (data,) in rows)
        return out


# What traversal reads of an edge (an EdgeRef), pulled out of the JSON by SQLite in C:
# building the view or reading one hop never decodes a whole edge in Python.
_REF_COLUMNS = (
    "id, type, source, target, json_extract(data, '$.review'), "
    "(SELECT group_concat(json_extract(value, '$.method') || char(31) || "
    "json_extract(value, '$.confidence') || char(31) || "
    "coalesce(json_extract(value, '$.reuse.direction'), ''), char(30)) "
    "FROM json_each(data, '$.evidence'))"
)


def _ref(eid: str, kind: str, source: str, target: str, review: str, evidence: str) -> EdgeRef:
    return EdgeRef(eid, EdgeKind(kind), source, target, ReviewStatus(review), _unpack(evidence))


def _unpack(packed: str | None) -> tuple[EvidenceRef, ...]:
    """Decode the ``method US confidence US reuse-direction RS ...`` string built by
    :meth:`graph`'s SQL."""
    items = (item.split("\x1f") for item in (packed or "").split("\x1e") if item)
    return tuple(
        EvidenceRef(method, float(conf), direction == ReuseDirection.UNKNOWN)
        for method, conf, direction in items
    )


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _document_record(row: Sequence[Any]) -> DocumentRecord:
    data = dict(zip(_DOCUMENT_FIELDS, row, strict=True))
    data["capture"] = Capture.model_validate_json(data["capture"]) if data["capture"] else None
    return DocumentRecord.model_validate(data)
