"""The private-address guard: a fetch that starts on the public web never reaches a private,
loopback, link-local or reserved address (checked on every URL and every redirect)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

SCHEMES = ("http", "https")


def is_public_ip(ip: str) -> bool:
    """Whether `ip` is a globally routable unicast address."""
    try:
        addr = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast


class Resolver:
    """Host name -> addresses, looked up once per run without blocking the event loop."""

    def __init__(self) -> None:
        self._cache: dict[str, list[str]] = {}

    async def addresses(self, host: str) -> list[str]:
        host = host.strip("[]").lower()
        if host in self._cache:
            return self._cache[host]
        try:
            ipaddress.ip_address(host.split("%", 1)[0])
            found = [host]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, None, type=socket.SOCK_STREAM)
                found = sorted({str(info[4][0]) for info in infos})
            except (OSError, UnicodeError):
                found = []  # the request itself will fail and say why
        self._cache[host] = found
        return found


class Guard:
    """Refuses URLs that leave the public web, unless the start itself was a private address."""

    def __init__(self, resolver: Resolver, allow_private: bool) -> None:
        self.resolver = resolver
        self.allow_private = allow_private

    @classmethod
    async def for_start(cls, resolver: Resolver, url: str) -> Guard:
        """A guard for a fetch or a crawl that starts at `url`."""
        host = urlsplit(url).hostname or ""
        addrs = await resolver.addresses(host) if host else []
        return cls(resolver, allow_private=any(not is_public_ip(a) for a in addrs))

    async def check(self, url: str) -> str | None:
        """None when `url` may be fetched, else the reason it is refused."""
        parts = urlsplit(url)
        if parts.scheme not in SCHEMES:
            return f"only http and https pages are fetched, not {parts.scheme or 'no scheme'}:"
        if self.allow_private:
            return None
        host = parts.hostname or ""
        for addr in await self.resolver.addresses(host):
            if not is_public_ip(addr):
                return f"refused: {host} is a private, loopback or reserved address ({addr})"
        return None
