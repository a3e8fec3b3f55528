"""All configuration in one place, read from the environment (and optional env files)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

if TYPE_CHECKING:
    from graph.store import Store
    from loaders.registry import Registry
    from loaders.reuse import ReuseOptions

__all__ = ["Settings", "get_settings", "open_configured_store", "registry_for", "reuse_options"]


class Settings(BaseSettings):
    """``CITEGRAPH_*`` variables, plus ``NEO4J_USER``/``NEO4J_PASSWORD``/``NEO4J_DATABASE``.

    Every environment variable the code reads is a field here: the library layers
    (graph, loaders) read none, and take what they need as arguments.

    ``.env`` and the credentials file written by ``scripts/neo4j-local`` are read when
    present, so a locally started Neo4j works with no further setup.
    """

    model_config = SettingsConfigDict(
        env_prefix="CITEGRAPH_",
        env_file=(".env", ".cache/neo4j/neo4j.env"),
        extra="ignore",
    )

    store: str = Field(default="citegraph.db", description="Store URI: a file path or bolt://")
    token: str | None = Field(default=None, description="Bearer token for write endpoints")
    registry: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Extra outlet/actor registry YAML files, merged over the built-in one "
        f"by key (CITEGRAPH_REGISTRY: paths separated by {os.pathsep!r})",
    )
    query_timeout: float = Field(
        default=10.0, gt=0, description="Seconds a path or amplification query may run (HTTP)"
    )
    public_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$",
        description="The address the server is reached at, for the views' embed snippet "
        "(never taken from the request's Host header). `citegraph serve` sets it from "
        "--host and --port when unset",
    )
    max_body_bytes: int = Field(
        default=1_000_000,
        gt=0,
        description="Largest request body accepted; larger ones get 413 before being read",
    )
    chromium: str = Field(
        default="/usr/bin/chromium",
        description="The Chromium executable that prints dossiers to PDF (Debian's by default)",
    )
    fetch: bool = Field(
        default=True,
        description="Let ingest jobs fetch URLs at all (off: each URL is skipped, fetch_disabled)",
    )
    allow_private_fetch: bool = Field(
        default=False,
        description="Let POST /ingest fetch loopback, private and link-local addresses",
    )
    fetch_allow: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Networks POST /ingest may fetch although they are not public "
        "(CITEGRAPH_FETCH_ALLOW: comma-separated, e.g. 10.1.0.0/16)",
    )
    fetch_host_delay: float = Field(
        default=1.0, ge=0, description="Seconds between two fetches from one host (ingest jobs)"
    )
    ingest_workers: int = Field(
        default=1, ge=1, le=32, description="Worker processes that parse an ingest job's pages"
    )
    max_queued_jobs: int = Field(
        default=8, ge=1, description="Ingest jobs waiting at once; more are refused with 429"
    )
    neo4j_user: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_USER"))
    neo4j_password: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_PASSWORD")
    )
    neo4j_database: str | None = Field(
        default=None,
        validation_alias=AliasChoices("NEO4J_DATABASE"),
        description="Neo4j database; default: the server's home database",
    )
    reuse_index: Path | None = Field(
        default=None,
        description="Text-reuse index of a Neo4j store (CITEGRAPH_REUSE_INDEX); default "
        "~/.cache/citegraph/reuse/. An embedded store keeps its index beside its file.",
    )
    raw_dir: Path | None = Field(
        default=None,
        description="Folder where ingest keeps raw captures by hash (CITEGRAPH_RAW_DIR), "
        "and where dossiers look for them; default: none kept",
    )

    @field_validator("fetch_allow", mode="before")
    @classmethod
    def _split_networks(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [n.strip() for n in value.split(",") if n.strip()]
        return value

    @field_validator("fetch_allow")
    @classmethod
    def _check_networks(cls, value: list[str]) -> list[str]:
        if not value:
            return value
        # Imported here, as are the store and loaders below: a query command reads its
        # settings and never needs the loaders (see ARCHITECTURE.md, "Start-up").
        from loaders.inputs.netguard import allowed_networks

        return list(allowed_networks(value))

    @field_validator("registry", mode="before")
    @classmethod
    def _split_paths(cls, value: Any) -> Any:
        # A path list in one variable, like PATH; a JSON list is accepted too.
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [p for p in text.split(os.pathsep) if p.strip()]
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def open_configured_store(
    settings: Settings, uri: str | None = None, *, keep_view: bool = True
) -> Store:
    """Open ``uri`` (or the configured store) with the configured credentials."""
    from graph.store import open_store

    return open_store(
        uri or settings.store,
        user=settings.neo4j_user,
        password=settings.neo4j_password,
        database=settings.neo4j_database,
        keep_view=keep_view,
    )


def reuse_options(settings: Settings, *, enabled: bool = True) -> ReuseOptions:
    """Text-reuse detection as configured (where a Neo4j store's index lives)."""
    from loaders.reuse import ReuseOptions

    return ReuseOptions(enabled=enabled, index_path=settings.reuse_index)


def registry_for(settings: Settings, extra: Iterable[str] = ()) -> Registry:
    from loaders.registry import load_registry

    return load_registry([*settings.registry, *extra])
