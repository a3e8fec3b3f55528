"""Store backends and the URI that selects one."""

from __future__ import annotations

from graph.store.base import DocumentRecord, Store

__all__ = ["DocumentRecord", "Store", "open_store"]

_NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def open_store(
    uri: str,
    *,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    keep_view: bool = True,
) -> Store:
    """Open the store named by ``uri``: a Bolt/Neo4j URI, else an embedded SQLite file.

    Credentials are arguments, never read from the environment here: the CLI and the
    server take them from :class:`api.settings.Settings`. ``keep_view=False`` tells an
    embedded store that this process asks one question (see EmbeddedStore).
    """
    if uri.startswith(_NEO4J_SCHEMES):
        from graph.store.neo4j import Neo4jStore

        return Neo4jStore(uri, user=user, password=password, database=database)
    from graph.store.embedded import EmbeddedStore

    return EmbeddedStore(uri.removeprefix("sqlite://"), keep_view=keep_view)
