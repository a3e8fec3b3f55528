"""The API keeps its published contract: schemathesis over every operation of
/openapi.json, on both stores.

Every generated request (schema-valid and schema-violating) must get a response that
the schema documents: no 5xx, a documented status and content type, a body that
validates against the operation's response schema, errors in the one error shape,
valid data accepted, invalid data refused, auth enforced, ``Allow`` on 405. Ingest jobs
are accepted but fetch nothing here (``fetch`` off): the run stays off the network.

The one constraint OpenAPI cannot state, ``since`` not after ``until`` on
/amplification (answered with a documented 422), is kept out of the generated
schema-valid requests by a hook; everything else is checked as generated.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from starlette.types import ASGIApp, Receive, Scope, Send

from api.app import create_app
from api.settings import Settings
from graph.store import open_store
from loaders.ingest import ingest
from loaders.registry import load_registry
from tests.support.paths import EXAMPLES

TOKEN = "contract-token"
#: Generated requests per operation and backend (schemathesis also runs its own
#: deterministic coverage cases: boundaries, missing and wrong-typed parameters).
EXAMPLES_PER_OPERATION = int(os.environ.get("CITEGRAPH_CONTRACT_EXAMPLES", "60"))


class _Backend:
    """The ASGI app under test: the server on whichever store the fixture set up."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


# The schema is read from an app at import time; the backends serve the same routes.
BACKEND = _Backend(create_app(Settings(store=":memory:")))
schema = schemathesis.openapi.from_asgi("/openapi.json", BACKEND)


@schema.hook
def filter_query(ctx: Any, query: dict[str, Any] | None) -> bool:
    if ctx.operation.path != "/amplification" or not query:
        return True
    since, until = query.get("since"), query.get("until")
    return not (since and until) or str(since) <= str(until)


def _error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx/5xx has the one error shape, whatever the schema says of it."""
    if response.status_code < 400:
        return None
    body = response.json()
    error = body.get("error") if isinstance(body, dict) else None
    assert isinstance(error, dict) and set(error) == {"code", "message", "details"}, body
    return True


# The Neo4j leg carries the neo4j marker (tests/conftest.py BACKENDS): without it the
# fast tier started a server.
@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    folder = Path(tempfile.mkdtemp(prefix="contract-"))
    registry = load_registry([EXAMPLES / "outlets.yaml"])
    options: dict[str, Any] = {}
    if request.param == "embedded":
        uri = str(folder / "contract.db")
    else:
        uri, user, password = request.getfixturevalue("neo4j_credentials")
        options = {"neo4j_user": user, "neo4j_password": password}
        os.environ["CITEGRAPH_REUSE_INDEX"] = str(folder / "reuse.sqlite")
    store = open_store(uri, user=options.get("neo4j_user"), password=options.get("neo4j_password"))
    if hasattr(store, "clear"):
        store.clear()
    ingest([str(EXAMPLES / "corpus")], store, registry)
    store.close()
    app = create_app(
        Settings(
            store=uri,
            token=TOKEN,
            registry=[str(EXAMPLES / "outlets.yaml")],
            fetch=False,
            **options,
        )
    )
    with TestClient(app):  # runs the lifespan: the store and the job queue
        BACKEND.app = app
        yield request.param
    os.environ.pop("CITEGRAPH_REUSE_INDEX", None)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_keeps_the_contract(case: Any, backend: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKEN}"}, additional_checks=[_error_shape]
    )
