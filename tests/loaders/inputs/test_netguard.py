"""Server-side request forgery: no fetch reaches a loopback, private, link-local or reserved
address, however it is written and however it is reached (redirects included).

A real listener on the loopback address counts connections: the refusals must happen
before any connection, not after the server has been reached.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from loaders.inputs import iter_sources
from loaders.inputs.netguard import AddressPolicy, non_public
from loaders.inputs.source import InputOptions

QUICK = InputOptions(timeout=2.0, host_delay=0.0)


class _Listener:
    """Plain TCP listeners on 127.0.0.1 and ::1 (same port) that count connections."""

    def __init__(self) -> None:
        self.accepted: list[object] = []
        self.sockets: list[socket.socket] = []
        v4 = socket.create_server(("127.0.0.1", 0))
        self.port = v4.getsockname()[1]
        self.sockets.append(v4)
        with suppress(OSError):  # a machine without IPv6 loopback still checks IPv4
            self.sockets.append(socket.create_server(("::1", self.port), family=socket.AF_INET6))
        for sock in self.sockets:
            threading.Thread(target=self._accept, args=(sock,), daemon=True).start()

    def _accept(self, sock: socket.socket) -> None:
        with suppress(OSError):
            while True:
                conn, peer = sock.accept()
                self.accepted.append(peer)
                conn.close()

    def close(self) -> None:
        for sock in self.sockets:
            sock.close()


@pytest.fixture
def listener() -> Iterator[_Listener]:
    found = _Listener()
    try:
        yield found
    finally:
        found.close()


@contextmanager
def _redirector(host: str, location: str) -> Iterator[str]:
    """An HTTP server on ``host`` that answers every GET with a 302 to ``location``."""

    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{server.server_address[1]}/story"
    finally:
        server.shutdown()
        server.server_close()


def test_internal_addresses_in_every_notation_are_refused_before_connecting(
    listener: _Listener,
) -> None:
    port = listener.port
    urls = [
        f"http://127.0.0.1:{port}/",
        f"http://[::1]:{port}/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        f"http://2130706433:{port}/",
        f"http://0x7f000001:{port}/",
        f"http://127.1:{port}/",
        f"http://[::ffff:127.0.0.1]:{port}/",
        f"http://localhost:{port}/",
        f"http://0.0.0.0:{port}/",
    ]
    sources = list(iter_sources(urls, options=QUICK))
    assert [s.uri for s in sources] == urls, "one entry per URL"
    for source in sources:
        assert source.error is not None, source.uri
        assert source.error.code == "blocked_address", source.uri
        assert source.error.message.startswith(source.uri)
        assert "--allow-private" in source.error.message
    assert listener.accepted == [], "nothing connected to the listener"


def test_a_redirect_from_a_public_address_to_loopback_is_refused(listener: _Listener) -> None:
    # 127.0.0.2 stands for a public site: the policy lets it through, and only it.
    options = InputOptions(timeout=2.0, host_delay=0.0, allowed_networks=("127.0.0.2/32",))
    with _redirector("127.0.0.2", f"http://127.0.0.1:{listener.port}/admin") as start:
        [source] = iter_sources([start], options=options)
        via_name = f"http://localhost:{listener.port}/admin"
    assert source.error is not None and source.error.code == "blocked_address"
    assert source.error.message.startswith(f"{start} redirects to http://127.0.0.1:")
    with _redirector("127.0.0.2", via_name) as start:
        [by_name] = iter_sources([start], options=options)
    assert by_name.error is not None and by_name.error.code == "blocked_address"
    assert "localhost resolves to a non-public (loopback) address" in by_name.error.message
    assert listener.accepted == []


def test_allow_private_opens_it_on_purpose(listener: _Listener) -> None:
    opened = InputOptions(timeout=1.0, host_delay=0.0, allow_private=True)
    [source] = iter_sources([f"http://127.0.0.1:{listener.port}/"], options=opened)
    assert listener.accepted, "the fetch was made"
    # The listener hangs up without an answer; the error says what kind of failure,
    # not the socket's own words.
    assert source.error is not None and source.error.code == "fetch_failed"
    assert source.error.message.startswith(f"http://127.0.0.1:{listener.port}/: ")
    assert "Errno" not in source.error.message


def test_error_messages_do_not_tell_open_ports_from_closed_ones() -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    opened = InputOptions(timeout=1.0, host_delay=0.0, allow_private=True)
    [source] = iter_sources([f"http://127.0.0.1:{port}/"], options=opened)
    assert source.error is not None
    assert source.error.message == f"http://127.0.0.1:{port}/: could not connect"
    assert "refused" not in source.error.message and "Errno" not in source.error.message


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "reserved"),
        ("::ffff:10.0.0.1", "private"),
        ("2002:7f00:1::", "loopback"),
        ("64:ff9b::a9fe:a9fe", "link-local"),
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    assert non_public(ipaddress.ip_address(address)) == kind


def test_allowed_networks_open_only_themselves() -> None:
    policy = AddressPolicy(allowed=("10.1.0.0/16",))
    assert policy.refuses(ipaddress.ip_address("10.1.2.3")) is None
    assert policy.refuses(ipaddress.ip_address("10.2.0.1")) == "private"
    with pytest.raises(ValueError):
        AddressPolicy(allowed=("not-a-network",))
