"""The Neo4j store: the same observable behaviour as the embedded store, on a server.

Layout
------
* One node per graph node, labelled with its :class:`~graph.schema.NodeKind` value
  (``Outlet``, ``Article``...), with the properties ``key``, ``kind``, ``name``,
  ``data`` (the node's full ``model_dump_json()``), ``names`` (normalised lookup names),
  ``domains`` and ``lookup`` (names and domains joined into one delimited string, so a
  text index serves name and domain look-ups; Neo4j cannot index list membership).
* One relationship per edge, typed with its :class:`~graph.schema.EdgeKind` value,
  with the properties ``id`` and ``data`` (the edge's ``model_dump_json()``).
* ``Placeholder`` nodes (only a ``key``) stand for the endpoints of edges written before
  their nodes, which the embedded store allows; they are never returned or counted,
  and become real nodes when those arrive.
* ``Document`` nodes hold ingest records; they are not graph nodes either.
* A ``CitegraphWriteLock`` node exists only inside write transactions (never committed).

Labels and relationship types are only ever formatted into Cypher from the schema's
allowlists (plus the three fixed labels above), never from input strings.

Writes run in one explicit transaction per call. It first takes a store-wide write lock
(see ``_locked_write``), so writers are serialised as the embedded store's
``BEGIN IMMEDIATE`` serialises them and readers never wait. It then reads the stored
versions of the batch's nodes and edges, merges them with
:func:`graph.models.merge_nodes` / :func:`graph.models.merge_edges` exactly as the
embedded store does, and writes back only what changed with batched ``UNWIND``
statements: one per new-node label, one for all updated nodes, one per relationship
type and endpoint labels for new edges, one per relationship type for updated edges.
Statement texts have a fixed shape per label/type, so the server plans each once.
"""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, unit_of_work
from neo4j import exceptions as neo4j_errors

from graph.errors import Conflict, NotFound, StoreUnavailable
from graph.models import Counts, Edge, Node, merge_edges, merge_nodes
from graph.provenance import Capture
from graph.schema import EdgeKind, NodeKind, ReviewStatus
from graph.store.base import DocumentRecord, EdgeRef, Records, Store, lookup_names
from graph.store.cypher import (
    ANY_ENDPOINT,
    ANY_NODE,
    DOCUMENT,
    EDGE_TYPES,
    NODE_LABELS,
    PLACEHOLDER,
    READ_EDGES,
    SEP,
    WRITE_LOCK,
    edge_props,
    endpoint_label,
    evidence_ref,
    lookup_string,
    node_label,
    page_filters,
    rel_alternation,
    rel_type,
    schema_statements,
)

if TYPE_CHECKING:  # only annotations name it
    from graph.store.base import NodeFilter

__all__ = ["Neo4jStore"]

log = logging.getLogger(__name__)

_T = TypeVar("_T")
_G = TypeVar("_G")  # what a batch of writes is grouped by: a label, a relationship type

_WRITE_ATTEMPTS = 3


class _Retry(Exception):
    """A write touched fewer rows than it read: something outside the write lock
    changed the graph meanwhile; recompute the transaction and retry."""


class Neo4jStore(Store):
    """A Neo4j 5 server reached over Bolt (``bolt://`` or ``neo4j://`` URIs).

    ``user`` defaults to ``neo4j``, ``database`` to the server's home database (the
    CLI and the server pass what ``NEO4J_*`` says, through their Settings). Reads run in
    read-only transactions limited to ``timeout`` seconds. The driver retries a
    transaction that failed transiently (a dropped connection, a restarting server) for
    up to ``max_retry_time`` seconds; after that, and for any connection failure, the
    store raises :class:`~graph.errors.StoreUnavailable`.
    """

    def __init__(
        self,
        uri: str,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        timeout: float = 30.0,
        max_retry_time: float = 5.0,
        connection_timeout: float = 10.0,
    ) -> None:
        self.uri = uri
        self._timeout = timeout
        self._database = database or None
        user = user or "neo4j"
        auth = (user, password) if password is not None else None
        self._user = user
        self._has_password = password is not None
        try:
            self._driver = GraphDatabase.driver(
                uri,
                auth=auth,
                max_transaction_retry_time=max_retry_time,
                connection_timeout=connection_timeout,
                connection_acquisition_timeout=connection_timeout + 5,
                notifications_min_severity="OFF",
            )
        except (neo4j_errors.ConfigurationError, ValueError) as exc:
            raise StoreUnavailable(f"cannot open the Neo4j store {uri}: {exc}", uri=uri) from exc
        try:
            with self._guard("connect"):
                self._driver.verify_connectivity()
                self._ensure_schema()
                self._add_page_filters()
        except BaseException:
            self._driver.close()
            raise

    # -- plumbing -------------------------------------------------------------
    @contextlib.contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        """Turn connection-level driver failures into :class:`StoreUnavailable`."""
        try:
            yield
        except neo4j_errors.AuthError as exc:
            hint = (
                "set NEO4J_USER / NEO4J_PASSWORD"
                if self._has_password
                else ("no password was given: set NEO4J_PASSWORD")
            )
            raise StoreUnavailable(
                f"Neo4j at {self.uri} refused the credentials of user {self._user!r} "
                f"({hint}): {exc.message or exc}",
                uri=self.uri,
                action=action,
            ) from exc
        except (
            neo4j_errors.ServiceUnavailable,
            neo4j_errors.SessionExpired,
            neo4j_errors.ConnectionPoolError,
            neo4j_errors.TransientError,
            neo4j_errors.DatabaseError,
            OSError,
        ) as exc:
            raise StoreUnavailable(
                f"Neo4j at {self.uri} is unavailable ({action}): {exc}", uri=self.uri, action=action
            ) from exc
        except neo4j_errors.ClientError as exc:
            if exc.code and "TransactionTimedOut" in exc.code:
                raise StoreUnavailable(
                    f"Neo4j at {self.uri} did not answer within {self._timeout:g} s ({action})",
                    uri=self.uri,
                    action=action,
                ) from exc
            if exc.code and "DatabaseNotFound" in exc.code:
                raise StoreUnavailable(
                    f"Neo4j at {self.uri} has no database {self._database!r}", uri=self.uri
                ) from exc
            raise

    def _session(self, access: str = neo4j.WRITE_ACCESS) -> neo4j.Session:
        return self._driver.session(database=self._database, default_access_mode=access)

    def _read(self, action: str, work: Callable[[ManagedTransaction], _T]) -> _T:
        """Run ``work`` in a read-only transaction with the read timeout."""

        def unit(tx: ManagedTransaction) -> _T:
            return work(tx)

        timed = unit_of_work(timeout=self._timeout)(unit)
        with self._guard(action), self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(timed)

    def _write(self, action: str, work: Callable[[ManagedTransaction], _T]) -> _T:
        """Run ``work`` in one write transaction (all or nothing), retried from scratch if a
        write found the graph changed under it by someone not holding the write lock."""
        for attempt in range(1, _WRITE_ATTEMPTS + 1):
            try:
                with self._guard(action), self._session() as session:
                    return session.execute_write(work)
            except (_Retry, neo4j_errors.ConstraintError) as exc:
                if attempt == _WRITE_ATTEMPTS:
                    raise Conflict(
                        f"{action} on {self.uri} kept conflicting with concurrent writers",
                        uri=self.uri,
                    ) from exc
                log.debug("retrying %s after a concurrent write: %s", action, exc)
        raise AssertionError("unreachable")

    def _add_page_filters(self, chunk: int = 2000) -> None:
        """Give the nodes of a store written before ``page_nodes`` existed the properties
        it filters on (every node written since has ``stub``); a no-op read otherwise."""
        find = (
            f"MATCH (n:{ANY_NODE}) WHERE n.stub IS NULL AND n.data IS NOT NULL "
            "RETURN n.key AS key, n.data AS data LIMIT $chunk"
        )
        add = (
            f"UNWIND $rows AS row MATCH (n:{ANY_NODE} {{key: row.key}}) "
            "SET n.stub = row.stub, n.outlet = row.outlet, n.outlet_kind = row.outlet_kind"
        )
        while True:
            rows = self._read(
                "open", lambda tx: [(r["key"], r["data"]) for r in tx.run(find, chunk=chunk)]
            )
            if not rows:
                return
            props = [
                {"key": key, **page_filters(Node.model_validate_json(data))} for key, data in rows
            ]
            self._write("open", partial(self._run_consumed, add, rows=props))

    @staticmethod
    def _run_consumed(query: str, tx: ManagedTransaction, **params: Any) -> None:
        tx.run(query, **params).consume()

    def _ensure_schema(self) -> None:
        """Create the constraints and indexes that are missing (reading first, so an
        open does not queue behind other sessions' write transactions)."""
        with self._session() as session:
            present: set[tuple[str, str, str, str]] = set()
            for record in session.run(
                "SHOW CONSTRAINTS YIELD entityType, labelsOrTypes, properties, type"
            ):
                for label in record["labelsOrTypes"] or []:
                    for prop in record["properties"] or []:
                        present.add((record["entityType"], label, prop, record["type"]))
            for record in session.run(
                "SHOW INDEXES YIELD entityType, labelsOrTypes, properties, type"
            ):
                for label in record["labelsOrTypes"] or []:
                    for prop in record["properties"] or []:
                        present.add((record["entityType"], label, prop, record["type"]))
            created = False
            for rule, statement in schema_statements():
                if rule in present:
                    continue
                try:
                    session.run(statement).consume()
                    created = True
                except neo4j_errors.ClientError as exc:
                    # Another process created the same rule a moment ago.
                    if not (exc.code and "AlreadyExists" in exc.code):
                        raise StoreUnavailable(
                            f"cannot create the Neo4j schema on {self.uri}: {exc.message}",
                            uri=self.uri,
                            statement=statement,
                        ) from exc
            if created:
                session.run("CALL db.awaitIndexes($t)", t=max(int(self._timeout), 1)).consume()

    # -- writes ---------------------------------------------------------------
    def _locked_write(self, action: str, work: Callable[[ManagedTransaction], _T]) -> _T:
        """Run ``work`` in one write transaction holding the store-wide write lock.

        Writers are serialised, as SQLite's ``BEGIN IMMEDIATE`` serialises the embedded
        store's, so what a transaction reads stays true until it commits and the
        read-merge-write cannot lose a concurrent writer's update; readers never wait.
        The lock is the uniqueness-index entry of a ``CitegraphWriteLock`` node that the
        transaction creates first and deletes last: a second writer's MERGE waits on
        that entry until the first commits or rolls back, and nothing is ever committed.
        """

        def unit(tx: ManagedTransaction) -> _T:
            tx.run(f"MERGE (l:{WRITE_LOCK} {{id: 'write'}}) SET l.held = true").consume()
            result = work(tx)
            tx.run(f"MATCH (l:{WRITE_LOCK} {{id: 'write'}}) DELETE l").consume()
            return result

        return self._write(action, unit)

    def upsert(
        self, nodes: Sequence[Node], edges: Sequence[Edge], *, documents: Records = ()
    ) -> None:
        if not nodes and not edges and not documents:
            return
        nodes, edges = list(nodes), list(edges)
        # One round trip for a batch's records: per document, the ingest benchmark
        # spent more time waiting on commits than writing the graph.
        rows = [{"id": r.id, "props": _document_props(r)} for r in documents]

        def work(tx: ManagedTransaction) -> None:
            self._upsert_tx(tx, nodes, edges)
            if rows:
                tx.run(
                    f"UNWIND $rows AS row MERGE (d:{DOCUMENT} {{id: row.id}}) SET d = row.props",
                    rows=rows,
                ).consume()

        self._locked_write("upsert", work)

    def _upsert_tx(
        self, tx: ManagedTransaction, nodes: Sequence[Node], edges: Sequence[Edge]
    ) -> None:
        """Merge ``nodes`` and ``edges`` into the store; the caller holds the write lock."""
        pending: dict[str, Node] = {}
        for node in nodes:
            pending[node.key] = (
                merge_nodes(pending[node.key], node) if node.key in pending else node
            )
        pending_edges: dict[str, Edge] = {}
        for edge in edges:
            pending_edges[edge.id] = (
                merge_edges(pending_edges[edge.id], edge) if edge.id in pending_edges else edge
            )

        # 1. Read the stored versions of the batch's nodes and its edges' endpoints.
        endpoints = {e.source for e in pending_edges.values()} | {
            e.target for e in pending_edges.values()
        }
        keys = sorted(pending.keys() | endpoints)
        labels: dict[str, str] = {}  # key -> label of the stored node
        stored: dict[str, tuple[str, list[str]]] = {}  # key -> (data, names)
        if keys:
            result = tx.run(
                f"UNWIND $keys AS k MATCH (n:{ANY_ENDPOINT} {{key: k}}) "
                "RETURN n.key AS key, coalesce(n.kind, $placeholder) AS label, "
                "n.data AS data, n.names AS names",
                keys=keys,
                placeholder=PLACEHOLDER,
            )
            for record in result:
                key = record["key"]
                labels[key] = endpoint_label(record["label"])
                if record["data"] is not None and key in pending:
                    stored[key] = (record["data"], list(record["names"] or []))

        # 2. Merge in Python (the single source of truth for both backends) and write
        #    only what changed.
        creates: dict[str, list[dict[str, Any]]] = defaultdict(list)
        promotes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        updates: list[dict[str, Any]] = []
        for key, node in pending.items():
            old = stored.get(key)
            merged = merge_nodes(Node.model_validate_json(old[0]), node) if old else node
            names = sorted(set(old[1] if old else ()) | lookup_names(merged))
            data = merged.model_dump_json()
            label = node_label(merged.kind)
            if old and old[0] == data and old[1] == names:
                continue
            domains = list(dict.fromkeys(merged.domains))
            props = {
                "key": key,
                "kind": label,
                "name": merged.name,
                "data": data,
                "names": names,
                "domains": domains,
                "lookup": lookup_string(names, domains),
                **page_filters(merged),
            }
            if key not in labels:
                creates[label].append(props)
            elif labels[key] == PLACEHOLDER:
                promotes[label].append(props)
            else:
                updates.append(props)
            labels[key] = label

        self._expect_each(
            tx,
            creates,
            lambda label: (
                f"UNWIND $rows AS row CREATE (n:{label}) SET n = row RETURN count(n) AS n"
            ),
        )
        self._expect_each(
            tx,
            promotes,
            lambda label: (
                f"UNWIND $rows AS row MATCH (n:{PLACEHOLDER} {{key: row.key}}) "
                f"REMOVE n:{PLACEHOLDER} SET n:{label} SET n = row RETURN count(n) AS n"
            ),
        )
        self._expect_each(
            tx,
            {ANY_NODE: updates} if updates else {},
            lambda label: (
                f"UNWIND $rows AS row MATCH (n:{label} {{key: row.key}}) "
                "SET n = row RETURN count(n) AS n"
            ),
        )
        if pending_edges:
            self._write_edges(tx, pending_edges, labels)

    def _write_edges(
        self, tx: ManagedTransaction, pending: dict[str, Edge], labels: dict[str, str]
    ) -> None:
        stored: dict[str, str] = {}
        for record in tx.run(READ_EDGES, ids=sorted(pending)):
            stored[record["id"]] = record["data"]

        missing = sorted(
            {k for e in pending.values() for k in (e.source, e.target)} - labels.keys()
        )
        if missing:
            self._expect(
                tx,
                len(missing),
                f"UNWIND $keys AS k CREATE (n:{PLACEHOLDER} {{key: k}}) RETURN count(n) AS n",
                keys=missing,
            )
            labels.update(dict.fromkeys(missing, PLACEHOLDER))

        creates: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        updates: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for eid, edge in pending.items():
            old = stored.get(eid)
            if old is None:
                group = (
                    rel_type(edge.type),
                    endpoint_label(labels[edge.source]),
                    endpoint_label(labels[edge.target]),
                )
                creates[group].append(
                    {
                        "source": edge.source,
                        "target": edge.target,
                        "props": {"id": eid, **edge_props(edge)},
                    }
                )
                continue
            merged = merge_edges(Edge.model_validate_json(old), edge)
            props = edge_props(merged)
            if props["data"] != old:
                updates[rel_type(edge.type)].append({"id": eid, "props": props})
        self._expect_each(
            tx,
            creates,
            lambda ends: (
                f"UNWIND $rows AS row MATCH (a:{ends[1]} {{key: row.source}}) "
                f"MATCH (b:{ends[2]} {{key: row.target}}) "
                f"CREATE (a)-[r:{ends[0]}]->(b) SET r = row.props RETURN count(r) AS n"
            ),
        )
        self._expect_each(
            tx,
            updates,
            lambda rel: (
                f"UNWIND $rows AS row MATCH ()-[r:{rel} {{id: row.id}}]->() "
                "SET r += row.props RETURN count(r) AS n"
            ),
        )

    @classmethod
    def _expect_each(
        cls,
        tx: ManagedTransaction,
        batches: Mapping[_G, list[dict[str, Any]]],
        query: Callable[[_G], str],
    ) -> None:
        """Run ``query(group)`` on each group's rows: one fixed-shape statement per
        label or relationship type, each a write that must touch all its rows."""
        for group, rows in batches.items():
            cls._expect(tx, len(rows), query(group), rows=rows)

    @staticmethod
    def _expect(tx: ManagedTransaction, count: int, query: str, **params: Any) -> None:
        """Run a write that must touch ``count`` rows (a cheap guard on the writes)."""
        record = tx.run(query, **params).single(strict=True)
        if record["n"] != count:
            raise _Retry(f"expected to write {count} rows, wrote {record['n']}")

    def merge_stubs(self, merges: Sequence[tuple[str, str]]) -> None:
        def work(tx: ManagedTransaction) -> None:
            for stub_key, real_key in merges:
                self._merge_tx(tx, stub_key, real_key)

        if merges:
            self._locked_write("merge_stubs", work)

    def _merge_tx(self, tx: ManagedTransaction, stub_key: str, real_key: str) -> None:
        nodes = self._fetch_nodes(tx, [stub_key, real_key])
        if stub_key not in nodes or real_key not in nodes:
            raise NotFound("both nodes must exist to merge", keys=[stub_key, real_key])
        touching = self._fetch_edges(
            tx,
            f"MATCH (n:{ANY_NODE} {{key: $key}})-[r]->() RETURN r.data AS data",
            key=stub_key,
        ) + self._fetch_edges(
            tx,
            f"MATCH (n:{ANY_NODE} {{key: $key}})<-[r]-() RETURN r.data AS data",
            key=stub_key,
        )
        moved = self._merged_edges(stub_key, real_key, touching)
        merged = merge_nodes(nodes[real_key], nodes[stub_key].model_copy(update={"stub": True}))
        tx.run(f"MATCH (n:{ANY_NODE} {{key: $key}}) DETACH DELETE n", key=stub_key).consume()
        self._upsert_tx(tx, [merged], moved)

    def set_review(self, edge_id: str, status: ReviewStatus) -> Edge:
        def work(tx: ManagedTransaction) -> Edge:
            found = self._fetch_edges(
                tx,
                f"MATCH ()-[r:{rel_alternation(EdgeKind)} {{id: $id}}]->() RETURN r.data AS data",
                id=edge_id,
            )
            if not found:
                raise NotFound(f"no edge with id {edge_id!r}")
            edge = found[0].model_copy(update={"review": status})
            tx.run(
                f"MATCH ()-[r:{rel_type(edge.type)} {{id: $id}}]->() SET r += $props",
                id=edge_id,
                props=edge_props(edge),
            ).consume()
            return edge

        return self._locked_write("set_review", work)

    # -- reads ----------------------------------------------------------------
    @staticmethod
    def _fetch_nodes(tx: ManagedTransaction, keys: list[str]) -> dict[str, Node]:
        result = tx.run(
            f"UNWIND $keys AS k MATCH (n:{ANY_NODE} {{key: k}}) "
            "RETURN n.key AS key, n.data AS data",
            keys=keys,
        )
        rows = sorted((r["key"], r["data"]) for r in result)
        return {key: Node.model_validate_json(data) for key, data in rows}

    @staticmethod
    def _fetch_edges(tx: ManagedTransaction, query: str, **params: Any) -> list[Edge]:
        return [Edge.model_validate_json(r["data"]) for r in tx.run(query, **params)]

    def get_nodes(self, keys: Iterable[str]) -> dict[str, Node]:
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return {}
        return self._read("get_nodes", lambda tx: self._fetch_nodes(tx, wanted))

    def get_edge(self, edge_id: str) -> Edge | None:
        found = self._read(
            "get_edge",
            lambda tx: self._fetch_edges(
                tx,
                f"MATCH ()-[r:{rel_alternation(EdgeKind)} {{id: $id}}]->() RETURN r.data AS data",
                id=edge_id,
            ),
        )
        return found[0] if found else None

    def _sorted_data(self, action: str, query: str) -> list[str]:
        """The ``data`` of every row ``query`` returns (``id, data``), sorted by id in
        Python: the same code-point order as SQLite's, on any server."""

        def work(tx: ManagedTransaction) -> list[tuple[str, str]]:
            return [(r["id"], r["data"]) for r in tx.run(query)]

        return [data for _id, data in sorted(self._read(action, work))]

    def iter_nodes(self, kind: NodeKind | None = None) -> Iterator[Node]:
        label = ANY_NODE if kind is None else node_label(kind)
        query = f"MATCH (n:{label}) RETURN n.key AS id, n.data AS data"
        for data in self._sorted_data("iter_nodes", query):
            yield Node.model_validate_json(data)

    def page_nodes(
        self, kind: NodeKind, where: NodeFilter, *, limit: int, offset: int = 0
    ) -> tuple[list[Node], int]:
        # Only the matching keys travel; they are sorted in Python (SQLite's code-point
        # order, as everywhere here) and only the page's nodes are read whole.
        # (NodeFilter's field names, not input, name the properties.)
        params: dict[str, Any] = dict(where.given())
        cond = " AND ".join(f"n.{k} = ${k}" for k in params)
        query = f"MATCH (n:{node_label(kind)}) {'WHERE ' + cond if cond else ''} RETURN n.key AS k"

        def work(tx: ManagedTransaction) -> list[str]:
            return [r["k"] for r in tx.run(query, params)]

        keys = sorted(self._read("page_nodes", work))
        page = keys[offset : offset + limit]
        found = self.get_nodes(page)
        return [found[k] for k in page if k in found], len(keys)

    def iter_edges(self, types: Iterable[EdgeKind] | None = None) -> Iterator[Edge]:
        alternation = rel_alternation(EdgeKind if types is None else types)
        if not alternation:
            return
        query = f"MATCH ()-[r:{alternation}]->() RETURN r.id AS id, r.data AS data"
        for data in self._sorted_data("iter_edges", query):
            yield Edge.model_validate_json(data)

    def _hop(
        self,
        action: str,
        keys: Iterable[str],
        *,
        types: Iterable[EdgeKind],
        incoming: bool,
        returns: str,
        row: Callable[[neo4j.Record], _T],
    ) -> list[_T]:
        """Match each key's node ``n``, its relationships ``r`` of ``types`` in that
        direction and their other ends ``m``, and return ``row`` of each record of
        ``returns``; nothing when nothing can match."""
        alternation = rel_alternation(types)
        wanted = sorted(set(keys))
        if not alternation or not wanted:
            return []
        arrow = f"<-[r:{alternation}]-" if incoming else f"-[r:{alternation}]->"
        query = f"UNWIND $keys AS k MATCH (n:{ANY_ENDPOINT} {{key: k}}) MATCH (n){arrow}(m) "
        query += returns

        def work(tx: ManagedTransaction) -> list[_T]:
            return [row(r) for r in tx.run(query, keys=wanted)]

        return self._read(action, work)

    def edges_touching(
        self, keys: Iterable[str], *, types: Iterable[EdgeKind], incoming: bool
    ) -> list[Edge]:
        found = self._hop(
            "edges_touching",
            keys,
            types=types,
            incoming=incoming,
            returns="RETURN DISTINCT r.id AS id, r.data AS data",
            row=lambda r: (r["id"], r["data"]),
        )
        return [Edge.model_validate_json(data) for _id, data in sorted(found)]

    def edge_refs(
        self, keys: Iterable[str], *, types: Iterable[EdgeKind], incoming: bool
    ) -> list[EdgeRef]:
        refs = self._hop(
            "edge_refs",
            keys,
            types=types,
            incoming=incoming,
            # Only the summary properties travel; the JSON only for edges written
            # before they existed (``ev`` is null there).
            returns="RETURN DISTINCT r.id AS id, type(r) AS type, "
            "startNode(r).key AS source, endNode(r).key AS target, r.review AS review, "
            "r.ev AS ev, CASE WHEN r.ev IS NULL THEN r.data END AS data",
            row=_edge_ref,
        )
        return sorted(refs, key=lambda ref: ref.id)

    def adjacent_keys(
        self, keys: Iterable[str], *, types: Iterable[EdgeKind], incoming: bool
    ) -> list[str]:
        found = self._hop(
            "adjacent_keys",
            keys,
            types=types,
            incoming=incoming,
            returns="RETURN DISTINCT m.key AS key",
            row=lambda r: str(r["key"]),
        )
        return sorted(set(found))

    def get_edges(self, ids: Iterable[str]) -> dict[str, Edge]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        edges = self._read(
            "get_edges",
            lambda tx: self._fetch_edges(
                tx,
                f"UNWIND $ids AS i MATCH ()-[r:{rel_alternation(EdgeKind)} {{id: i}}]->() "
                "RETURN r.data AS data",
                ids=wanted,
            ),
        )
        return {e.id: e for e in edges}

    def _keys(self, action: str, query: str, **params: Any) -> list[str]:
        def work(tx: ManagedTransaction) -> list[str]:
            return [r["key"] for r in tx.run(query, **params)]

        return sorted(set(self._read(action, work)))

    def keys_by_name(self, normalised: str) -> list[str]:
        return self._keys(
            "keys_by_name",
            f"MATCH (n:{ANY_NODE}) WHERE n.lookup CONTAINS $needle AND $name IN n.names "
            "RETURN n.key AS key",
            needle=f"{SEP}n:{normalised}{SEP}",
            name=normalised,
        )

    def keys_by_domain(self, domain: str) -> list[str]:
        return self._keys(
            "keys_by_domain",
            f"MATCH (n:{ANY_NODE}) WHERE n.lookup CONTAINS $needle AND $domain IN n.domains "
            "RETURN n.key AS key",
            needle=f"{SEP}d:{domain}{SEP}",
            domain=domain,
        )

    def search_names(self, fragment: str, *, limit: int) -> list[str]:
        if not fragment:
            return []
        keys = self._keys(
            "search_names",
            f"MATCH (n:{ANY_NODE}) WHERE n.lookup CONTAINS $fragment "
            "AND any(name IN n.names WHERE name CONTAINS $fragment) RETURN n.key AS key",
            fragment=fragment,
        )
        # SQLite's LIMIT: a negative limit means no limit.
        return keys if limit < 0 else keys[:limit]

    def complete_names(self, prefix: str, *, limit: int) -> list[tuple[str, str]]:
        if not prefix:
            return []

        def work(tx: ManagedTransaction) -> list[tuple[str, str]]:
            return [
                (r["name"], r["key"])
                for r in tx.run(
                    f"MATCH (n:{ANY_NODE}) WHERE n.lookup CONTAINS $needle "
                    "UNWIND n.names AS name WITH n, name WHERE name STARTS WITH $prefix "
                    "RETURN DISTINCT name, n.key AS key",
                    needle=f"{SEP}n:{prefix}",
                    prefix=prefix,
                )
            ]

        # Sorted in Python: Cypher orders strings by UTF-16 unit, SQLite by code point.
        return sorted(self._read("complete_names", work))[: max(limit, 0)]

    def name_entries(self, kinds: Iterable[NodeKind]) -> list[tuple[str, str]]:
        labels = "|".join(node_label(k) for k in kinds)
        if not labels:
            return []

        def work(tx: ManagedTransaction) -> list[tuple[str, str]]:
            out: list[tuple[str, str]] = []
            for r in tx.run(
                f"MATCH (n:{labels}) RETURN n.key AS key, n.names AS names, n.domains AS domains"
            ):
                out.extend((name, r["key"]) for name in r["names"] or [])
                out.extend((domain, r["key"]) for domain in r["domains"] or [])
            return out

        return sorted(set(self._read("name_entries", work)))

    def counts(self) -> Counts:
        parts = [
            f"MATCH (n:{label}) RETURN 'node' AS what, '{label}' AS name, count(n) AS c"
            for label in NODE_LABELS
        ]
        parts += [
            f"MATCH ()-[r:{rel}]->() RETURN 'edge' AS what, '{rel}' AS name, count(r) AS c"
            for rel in EDGE_TYPES
        ]
        query = " UNION ALL ".join(parts)

        def work(tx: ManagedTransaction) -> list[tuple[str, str, int]]:
            return [(r["what"], r["name"], r["c"]) for r in tx.run(query)]

        rows = sorted(self._read("counts", work))
        return Counts(
            nodes={name: c for what, name, c in rows if what == "node" and c},
            edges={name: c for what, name, c in rows if what == "edge" and c},
        )

    def document(self, doc_id: str) -> DocumentRecord | None:
        def work(tx: ManagedTransaction) -> dict[str, Any] | None:
            record = tx.run(
                f"MATCH (d:{DOCUMENT} {{id: $id}}) RETURN properties(d) AS p", id=doc_id
            ).single()
            return None if record is None else dict(record["p"])

        found = self._read("document", work)
        return None if found is None else _document_record(found)

    def documents(self, doc_ids: Iterable[str]) -> dict[str, DocumentRecord]:
        ids = sorted(set(doc_ids))
        if not ids:
            return {}

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            result = tx.run(
                f"UNWIND $ids AS id MATCH (d:{DOCUMENT} {{id: id}}) RETURN properties(d) AS p",
                ids=ids,
            )
            return [dict(record["p"]) for record in result]

        records = (_document_record(p) for p in self._read("documents", work))
        return {r.id: r for r in records}

    # -- maintenance ----------------------------------------------------------
    def clear(self) -> None:
        """Delete every node, relationship and document record (schema is kept)."""
        with self._guard("clear"), self._session() as session:
            session.run(
                "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
            ).consume()

    def server_version(self) -> str:
        """Return the server's name, version and edition (``Neo4j Kernel 5.26.0 community``)."""

        def work(tx: ManagedTransaction) -> str:
            rows = tx.run(
                "CALL dbms.components() YIELD name, versions, edition "
                "RETURN name, versions, edition"
            )
            return "; ".join(f"{r['name']} {'/'.join(r['versions'])} {r['edition']}" for r in rows)

        return self._read("server_version", work)

    @property
    def database(self) -> str | None:
        """The database this store reads and writes; None: the server's home database."""
        return self._database

    def close(self) -> None:
        self._driver.close()


def _edge_ref(r: neo4j.Record) -> EdgeRef:
    if r["ev"] is None:
        return EdgeRef.of(Edge.model_validate_json(r["data"]))
    return EdgeRef(
        r["id"],
        EdgeKind(r["type"]),
        r["source"],
        r["target"],
        ReviewStatus(r["review"]),
        tuple(evidence_ref(item) for item in r["ev"]),
    )


def _document_props(record: DocumentRecord) -> dict[str, Any]:
    """A record as node properties: the capture as JSON (a property holds no map)."""
    props = record.model_dump(exclude={"capture"})
    if record.capture is not None:
        props["capture"] = record.capture.model_dump_json()
    return props


def _document_record(props: dict[str, Any]) -> DocumentRecord:
    # Records written before captures existed have no capture property: None, "unknown".
    capture = props.pop("capture", None)
    record = DocumentRecord.model_validate(props)
    if capture:
        record.capture = Capture.model_validate_json(capture)
    return record
