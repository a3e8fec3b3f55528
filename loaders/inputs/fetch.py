"""Fetching pages over HTTP(S) with httpx: bounded in time, size and redirects, and polite.

One ``Fetcher`` serves a whole batch, so its per-host delay holds across every URL,
feed link and redirect hop of the batch. Fetching happens where sources are listed
(one process), which is what lets the delay hold even when parsing is spread over
worker processes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from types import TracebackType

import httpx

from loaders.errors import DocumentError, SkippedInput
from loaders.inputs.netguard import (
    AddressPolicy,
    BlockedAddress,
    guarded_transport,
    literal_address,
)
from loaders.inputs.source import InputOptions

__all__ = ["Fetched", "Fetcher"]

# Types we parse as pages or feeds; anything else (PDF, images, video) is skipped
# before its body is downloaded.
_DOCUMENT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "text/markdown",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)


@dataclass(frozen=True)
class Fetched:
    """A fetched body with the final URL (after redirects) and its content type."""

    url: str
    content_type: str | None
    data: bytes
    redirects: int = 0
    #: The final answer's status, and when its body was received (UTC).
    status: int = 200
    fetched_at: datetime | None = None


class Fetcher:
    """Fetch URLs one by one, waiting ``host_delay`` between requests to one host."""

    def __init__(self, options: InputOptions) -> None:
        self.options = options
        self.policy = AddressPolicy(
            allow_private=options.allow_private, allowed=options.allowed_networks
        )
        self._client: httpx.Client | None = None
        self._last: dict[str, float] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                follow_redirects=False,  # followed by hand, so each hop is polite and counted
                timeout=httpx.Timeout(self.options.timeout),
                headers={"User-Agent": self.options.user_agent},
                # Every connection is checked against the address policy (netguard);
                # an environment proxy would resolve names out of its sight.
                transport=guarded_transport(self.policy),
                trust_env=False,
            )
        return self._client

    def fetch(self, url: str) -> Fetched:
        """Return the body at ``url``. Raises DocumentError (SkippedInput for non-documents)."""
        if not self.options.fetch:
            raise SkippedInput("fetch_disabled", f"{url}: fetching is turned off", url=url)
        current = url
        for hop in range(self.options.max_redirects + 1):
            request = self._request(url, current, hop)
            self._wait_for(request.url.host)
            try:
                fetched, location = self._get(request, url)
            except BlockedAddress as exc:
                raise self._blocked(url, current, hop, str(exc)) from None
            except httpx.TimeoutException:
                raise DocumentError(
                    "timeout",
                    f"{current}: no complete answer within {self.options.timeout:g} s",
                    url=url,
                ) from None
            except httpx.HTTPError as exc:
                # Only what kind of failure, never the socket's own words: "connection
                # refused" against "timed out" tells which ports are open.
                raise DocumentError(
                    "fetch_failed", f"{current}: {_failure(exc)}", url=url
                ) from None
            finally:
                self._last[request.url.host] = time.monotonic()
            if fetched is not None:
                return replace(fetched, redirects=hop)
            current = location
        raise DocumentError(
            "too_many_redirects",
            f"{url}: more than {self.options.max_redirects} redirects",
            url=url,
            limit=self.options.max_redirects,
        )

    def _request(self, url: str, current: str, hop: int) -> httpx.Request:
        """Return the GET for ``current``, refused before any wait or connection when
        its scheme is not http(s) or its host is a non-public address literal."""
        try:
            request = self.client.build_request("GET", current)
        except httpx.InvalidURL as exc:
            raise DocumentError("bad_url", f"{current}: {exc}", url=url) from None
        if request.url.scheme not in ("http", "https"):
            raise DocumentError(
                "bad_url", f"{current}: only http and https URLs are fetched", url=url
            )
        address = literal_address(request.url.host)
        kind = self.policy.refuses(address) if address is not None else None
        if kind is not None:
            raise self._blocked(url, current, hop, f"{request.url.host} is {_an(kind)} address")
        return request

    def _blocked(self, url: str, current: str, hop: int, why: str) -> DocumentError:
        where = f"{url} redirects to {current}, which" if hop else url
        return DocumentError(
            "blocked_address",
            f"{where} is not fetched: {why}. Only public addresses are fetched, unless "
            "private ones are allowed on purpose (--allow-private)",
            url=url,
        )

    def _wait_for(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.options.host_delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)

    def _get(self, request: httpx.Request, original: str) -> tuple[Fetched | None, str]:
        """Return (the page, "") or (None, the redirect's target)."""
        deadline = time.monotonic() + self.options.timeout
        url = str(request.url)
        resp = self.client.send(request, stream=True)
        try:
            if resp.is_redirect:
                try:
                    return None, str(resp.url.join(resp.headers["location"]))
                except httpx.InvalidURL as exc:
                    raise DocumentError(
                        "bad_url", f"{url}: redirects to an invalid URL ({exc})", url=original
                    ) from None
            if resp.status_code >= 400:
                raise DocumentError(
                    "http_error",
                    f"{url}: HTTP {resp.status_code} {resp.reason_phrase}",
                    url=original,
                    status=resp.status_code,
                )
            content_type = resp.headers.get("content-type")
            media = (content_type or "").split(";")[0].strip().lower()
            if media and media not in _DOCUMENT_TYPES:
                raise SkippedInput(
                    "unsupported_content_type",
                    f"{url}: {media} is not a page, text or feed",
                    url=original,
                )
            limit = self.options.max_bytes
            declared = resp.headers.get("content-length", "")
            if (
                declared.isdigit()
                and int(declared) > limit
                and "content-encoding" not in resp.headers
            ):
                raise DocumentError(
                    "too_large",
                    f"{url}: Content-Length {declared} is over the {limit}-byte limit",
                    url=original,
                    limit=limit,
                )
            chunks, size = [], 0
            # iter_bytes yields decoded bytes, so a gzip-encoded body is capped after
            # inflation, chunk by chunk: a compression bomb stops at the limit.
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > limit:
                    encoded = resp.headers.get("content-encoding")
                    raise DocumentError(
                        "decompression_bomb" if encoded else "too_large",
                        f"{url}: body {'inflates ' if encoded else ''}past the {limit}-byte limit"
                        + (f" (Content-Encoding: {encoded})" if encoded else ""),
                        url=original,
                        limit=limit,
                    )
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("body still arriving at the deadline", request=request)
                chunks.append(chunk)
            body = b"".join(chunks)
            received = datetime.now(UTC)
            return Fetched(str(resp.url), content_type, body, 0, resp.status_code, received), ""
        finally:
            resp.close()


_FAILURES: tuple[tuple[type[httpx.HTTPError], str], ...] = (
    (httpx.ConnectError, "could not connect"),
    (httpx.RemoteProtocolError, "the server broke the HTTP protocol"),
    (httpx.ReadError, "the connection failed while reading the answer"),
    (httpx.WriteError, "the connection failed while sending the request"),
    (httpx.UnsupportedProtocol, "not an http or https URL"),
    (httpx.DecodingError, "the answer's content encoding is broken"),
)


def _an(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _failure(exc: httpx.HTTPError) -> str:
    return next((say for kind, say in _FAILURES if isinstance(exc, kind)), "the request failed")
