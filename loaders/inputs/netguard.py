"""Which addresses a fetch may connect to: public ones only, unless opened on purpose.

A URL given to the server (``POST /ingest``), a feed's links and every redirect hop are
someone else's choice, so a fetch must not become a way to read the machine's own
services or its private network (server-side request forgery). The check runs where
the connection is made, on the addresses the name resolved to, and the connection goes
to exactly the address that was checked: a name that resolves to a public address for
the check and a private one for the connection (DNS rebinding) cannot slip through, and
every spelling of an address (``2130706433``, ``0x7f000001``, ``127.1``, ``[::ffff:7f00:1]``)
is judged by what the resolver makes of it, not by how it is written.

No maintained Python library does this for httpx (the SSRF guards on PyPI wrap
requests, or are agent toolkits); the rule itself is the standard library's
``ipaddress`` tables, plus the prefixes that embed an IPv4 address.
"""

from __future__ import annotations

import ipaddress
import socket
import typing
from collections.abc import Iterable
from dataclasses import dataclass

import httpcore
import httpx
from httpcore._backends.sync import SyncBackend

__all__ = ["AddressPolicy", "BlockedAddress", "guarded_transport"]

_Address = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class BlockedAddress(Exception):
    """A connection the policy refuses; the message never names a resolved address."""


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses only, plus ``allowed`` networks; ``allow_private`` opens all."""

    allow_private: bool = False
    allowed: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for network in self.allowed:
            ipaddress.ip_network(network, strict=False)  # a bad setting fails at start

    def refuses(self, address: _Address) -> str | None:
        """Return why ``address`` may not be fetched (a kind, not the address), or None."""
        if self.allow_private:
            return None
        if any(address in ipaddress.ip_network(n, strict=False) for n in self.allowed):
            return None
        return non_public(address)


def non_public(address: _Address) -> str | None:
    """Return the kind of a non-public address ("loopback", "private", ...), or None."""
    if isinstance(address, ipaddress.IPv6Address):
        # IPv4 carried inside IPv6 is judged as the IPv4 address it reaches.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return non_public(embedded)
    if address.is_loopback:
        return "loopback"
    if address.is_unspecified:
        return "unspecified"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if address.is_reserved:
        return "reserved"
    if address.is_private:
        return "private"
    if not address.is_global:  # shared (CGNAT), documentation, benchmarking ranges
        return "reserved"
    return None


def literal_address(host: str) -> _Address | None:
    """Return the address a host written as an IP literal stands for, in any notation.

    ``inet_aton`` reads what browsers and resolvers read: ``127.1``, ``2130706433``,
    ``0x7f000001``, ``0177.0.0.1``. A name returns None.
    """
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


class _GuardedBackend(SyncBackend):
    """httpcore's socket backend, resolving and checking each address before connecting."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _resolve(host, port)
        for address in addresses:
            kind = self.policy.refuses(address)
            if kind is not None:
                literal = literal_address(host) is not None
                raise BlockedAddress(
                    f"{host} is a non-public ({kind}) address"
                    if literal
                    else f"{host} resolves to a non-public ({kind}) address"
                )
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                last = exc
        raise last or httpcore.ConnectError("no address to connect to")


def _resolve(host: str, port: int) -> list[_Address]:
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise httpcore.ConnectError("the name does not resolve") from None
    found: dict[_Address, None] = {}
    for _family, _type, _proto, _name, sockaddr in infos:
        found[ipaddress.ip_address(str(sockaddr[0]).split("%")[0])] = None
    return list(found)


def guarded_transport(policy: AddressPolicy) -> httpx.HTTPTransport:
    """Return an httpx transport whose every connection passes ``policy``.

    Use it with ``trust_env=False`` on the client: a proxy taken from the environment
    would resolve names where the check cannot see them.
    """
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx takes no network backend, its connection pool does: the pool is rebuilt
    # with httpx's default limits and TLS context, plus the guarded backend.
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_GuardedBackend(policy),
    )
    return transport


def allowed_networks(values: Iterable[str]) -> tuple[str, ...]:
    """Return the networks of a setting ("10.0.0.0/8,192.168.1.5"), checked."""
    out = tuple(v.strip() for v in values if v.strip())
    AddressPolicy(allowed=out)
    return out
