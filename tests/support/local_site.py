"""A real HTTP server on 127.0.0.1 for fetch tests: pages, errors, redirects, slow and huge answers.

Routes are plain data (status, headers, body, delay); the server records when each
request arrived, so politeness can be checked from the server's side.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    #: Seconds to wait before answering (a server slower than the client's timeout).
    delay: float = 0.0
    #: Send no Content-Length and close the connection at the end (a streamed body).
    stream: bool = False
    #: Answer only once this is set (a server that keeps a request waiting on cue).
    hold: threading.Event | None = None


class LocalSite:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[tuple[str, float]] = []
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> str:
        self.routes[path] = Route(body=body, headers={"Content-Type": content_type})
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.routes[path] = Route(status=status, headers={"Location": to})
        return self.url(path)

    def gzip_bomb(self, path: str, inflated: int) -> str:
        self.routes[path] = Route(
            body=gzip.compress(b"<p>" + b" " * inflated, compresslevel=9),
            headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
        )
        return self.url(path)

    def arrivals(self, path: str) -> list[float]:
        return [t for p, t in self.hits if p == path]


def _handler(site: LocalSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            site.hits.append((self.path, time.monotonic()))
            route = site.routes.get(self.path, Route(status=404, body=b"<h1>Not Found</h1>"))
            if route.delay:
                time.sleep(route.delay)
            if route.hold is not None:
                route.hold.wait(60)
            try:
                self.send_response(route.status)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                if route.stream:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                else:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                for i in range(0, len(route.body), 64 * 1024):
                    self.wfile.write(route.body[i : i + 64 * 1024])
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout, size cap): exactly what is tested

        def handle(self) -> None:
            # The client closed a kept-alive connection, or gave up mid-answer.
            with suppress(BrokenPipeError, ConnectionResetError):
                super().handle()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve() -> Iterator[LocalSite]:
    site = LocalSite()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True  # a sleeping handler must not hold up shutdown
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
