"""All configuration in one place, read from the environment (and optional env files)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    """``CITEGRAPH_*`` variables, plus ``NEO4J_USER``/``NEO4J_PASSWORD``.

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
    registry: list[str] = Field(default_factory=list, description="Extra registry YAML files")
    query_timeout: float = Field(
        default=10.0, gt=0, description="Seconds a path or amplification query may run (HTTP)"
    )
    neo4j_user: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_USER"))
    neo4j_password: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_PASSWORD")
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
