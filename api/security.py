"""Who may write, and what a served page may load: the bearer token and the CSPs."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.views import VIEW_CSP
from graph.errors import Forbidden, Unauthorized

__all__ = ["COMMON_HEADERS", "EXPLORER_CSP", "SERVED_VIEW_CSP", "require_token"]

EXPLORER_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'self'"
)
# Served views may be framed by anyone's report; they run only their hashed scripts.
SERVED_VIEW_CSP = VIEW_CSP + "; frame-ancestors *"
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


# Declared as a security scheme, so /openapi.json says which routes need the token.
_BEARER = HTTPBearer(auto_error=False, description="CITEGRAPH_TOKEN", bearerFormat="token")


async def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> None:
    """Write endpoints need ``Authorization: Bearer <CITEGRAPH_TOKEN>``; with no token
    configured, writes are refused outright (403)."""
    expected = request.app.state.settings.token
    if not expected:
        raise Forbidden("writes are disabled: start the server with CITEGRAPH_TOKEN set")
    given = credentials.credentials if credentials is not None else ""
    if not secrets.compare_digest(given.encode(), expected.encode()):
        raise Unauthorized("a valid bearer token is required")
