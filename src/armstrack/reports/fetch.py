"""Careful fetching of report URLs: the only place in the reports core that touches the network.

Every hop of a redirect chain is checked again: http(s) only, and the host must resolve to public
addresses only (no loopback, private, link-local, multicast or reserved ones), so that a report URL
cannot make armstrack read the analyst's own network. The check runs twice: before each request,
for a clear message, and again at connect time on the very address connected to, so that a name
that resolves differently the second time (DNS rebinding) gains nothing. Bodies are streamed and
cut at a size limit; slow servers meet a per-read timeout and a whole-fetch deadline.
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import httpcore
import httpx

from armstrack.model import ArmstrackError
from armstrack.reports.document import FORMATS_EXPECTED, split_content_type

# Media types worth reading; missing or generic types are allowed and the bytes are sniffed.
ACCEPTED_TYPES = frozenset({
    "text/html", "application/xhtml+xml", "text/plain", "text/markdown", "application/pdf", "application/x-pdf",
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
    "application/octet-stream", "binary/octet-stream",
})
ACCEPT_HEADER = ("text/html,application/xhtml+xml,application/pdf,application/rss+xml,application/atom+xml,"
                 "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1")
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
DEADLINE_FACTOR = 4  # a whole fetch (all hops, whole body) gets this many per-read timeouts
FOLDER_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".txt", ".text", ".md", ".pdf", ".xml", ".rss", ".atom", ""})


def user_agent() -> str:
    """`armstrack/<version> (+https://github.com/armstrack)`: servers can see who is asking."""
    try:
        release = version("armstrack")
    except PackageNotFoundError:
        release = "dev"
    return f"armstrack/{release} (+https://github.com/armstrack)"


@dataclass(frozen=True)
class FetchPolicy:
    """The limits of one fetch; runners build it from the settings `fetch_*`."""

    timeout_s: float = 20.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    allow_private: bool = False


@dataclass
class Fetched:
    """A fetched body with where it really came from."""

    url: str  # the final URL, after redirects
    requested: str
    data: bytes
    content_type: str | None  # the header as received, charset included
    status: int
    redirects: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def address_problem(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address may not be fetched from by default, or None for a public address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    checks = (("loopback", address.is_loopback), ("link-local", address.is_link_local),
              ("multicast", address.is_multicast), ("unspecified", address.is_unspecified),
              ("reserved", address.is_reserved), ("private", address.is_private),
              ("not public", not address.is_global))
    return next((reason for reason, hit in checks if hit), None)


def resolve_public(host: str, port: int, allow_private: bool, url: str) -> list[str]:
    """Every address `host` resolves to, all checked; an ArmstrackError names the first bad one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ArmstrackError(f"{url}: host {host!r} cannot be resolved ({exc})") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        for text in addresses:
            problem = address_problem(ipaddress.ip_address(text.split("%")[0]))
            if problem:
                raise ArmstrackError(f"{url}: host {host!r} resolves to {problem} address {text}; refused "
                                     "(use --allow-private or the setting fetch_allow_private to allow it)")
    return addresses


def check_url(url: str, allow_private: bool) -> None:
    """Refuse schemes other than http(s) (file: too, unless allowed) and hosts on private addresses."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file" and allow_private:
        return
    if scheme not in ("http", "https"):
        allowed = "http and https (file: with --allow-private)"
        raise ArmstrackError(f"{url}: scheme {scheme or 'none'!r} refused; only {allowed} are fetched")
    if not parts.hostname:
        raise ArmstrackError(f"{url}: no host in the URL")
    resolve_public(parts.hostname, parts.port or (443 if scheme == "https" else 80), allow_private, url)


class GuardedBackend(httpcore.SyncBackend):
    """Connects only to addresses that pass the check, resolved here and connected to directly."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        addresses = resolve_public(host, port, self.allow_private, f"{host}:{port}")
        for address in addresses[:-1]:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError:
                continue
        return super().connect_tcp(addresses[-1], port, timeout, local_address, socket_options)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with the connection pool built on `GuardedBackend`; no proxies from the
    environment (a proxy would connect for us and skip the address check)."""

    def __init__(self, allow_private: bool) -> None:
        super().__init__(trust_env=False)
        # httpx does not expose the network backend; its pool is replaced by an equal one that uses ours.
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                             network_backend=GuardedBackend(allow_private))


def fetch(url: str, policy: FetchPolicy | None = None, transport: httpx.BaseTransport | None = None) -> Fetched:
    """GET a report URL within the policy's limits; an ArmstrackError says which limit or check failed."""
    policy = policy or FetchPolicy()
    check_url(url, policy.allow_private)
    if urlsplit(url).scheme.lower() == "file":
        return read_file_url(url, policy)
    deadline = time.monotonic() + policy.timeout_s * DEADLINE_FACTOR
    headers = {"User-Agent": user_agent(), "Accept": ACCEPT_HEADER}
    with httpx.Client(transport=transport or GuardedTransport(policy.allow_private), headers=headers,
                      timeout=httpx.Timeout(policy.timeout_s), follow_redirects=False, trust_env=False) as client:
        try:
            return _follow(client, url, policy, deadline)
        except httpx.TimeoutException:
            raise ArmstrackError(f"{url}: no answer within {policy.timeout_s:g} s (setting fetch_timeout_s)") from None
        except httpx.HTTPError as exc:
            raise ArmstrackError(f"{url}: fetch failed ({exc.__class__.__name__}: {exc})") from None


def _follow(client: httpx.Client, url: str, policy: FetchPolicy, deadline: float) -> Fetched:
    current, hops = url, []
    for _ in range(policy.max_redirects + 1):
        with client.stream("GET", current) as response:
            if response.status_code in REDIRECT_CODES and "location" in response.headers:
                current = urljoin(current, response.headers["location"])
                check_url(current, policy.allow_private)
                if urlsplit(current).scheme.lower() == "file":
                    raise ArmstrackError(f"{url}: redirected to {current}; a web page may not redirect to a file")
                hops.append(current)
                continue
            if response.status_code >= 400:
                raise ArmstrackError(f"{current}: HTTP {response.status_code} {response.reason_phrase}")
            content_type = check_content_type(current, response.headers.get("content-type"))
            data = read_limited(response, current, policy, deadline)
            return Fetched(url=current, requested=url, data=data, content_type=content_type,
                           status=response.status_code, redirects=hops)
    raise ArmstrackError(f"{url}: more than {policy.max_redirects} redirects (setting fetch_max_redirects)")


def check_content_type(url: str, header: str | None) -> str | None:
    """The header back when its media type can be a report; an ArmstrackError otherwise."""
    media, _ = split_content_type(header)
    if media is not None and media not in ACCEPTED_TYPES:
        raise ArmstrackError(f"{url}: content type {media} refused, expected {FORMATS_EXPECTED}")
    return header


def read_limited(response: httpx.Response, url: str, policy: FetchPolicy, deadline: float) -> bytes:
    """The body, streamed, stopped as soon as it passes `max_bytes` or the deadline."""
    too_big = f"{url}: larger than {policy.max_bytes} bytes (setting fetch_max_bytes)"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise ArmstrackError(too_big)
    chunks, size = [], 0
    for chunk in response.iter_bytes(65536):
        size += len(chunk)
        if size > policy.max_bytes:
            raise ArmstrackError(too_big)
        if time.monotonic() > deadline:
            raise ArmstrackError(f"{url}: not received within {policy.timeout_s * DEADLINE_FACTOR:g} s "
                                 f"({DEADLINE_FACTOR} x fetch_timeout_s)")
        chunks.append(chunk)
    return b"".join(chunks)


def read_file_url(url: str, policy: FetchPolicy) -> Fetched:
    """A file: URL (allowed only with allow_private), read within the same size limit."""
    path = Path(url2pathname(urlsplit(url).path))
    data = read_file(path, policy.max_bytes)
    return Fetched(url=url, requested=url, data=data, content_type=None, status=200)


def read_file(path: Path, max_bytes: int) -> bytes:
    """A local file's bytes, refused when missing, not a file or over the size limit."""
    if not path.is_file():
        raise ArmstrackError(f"{path}: no such file")
    if path.stat().st_size > max_bytes:
        raise ArmstrackError(f"{path}: larger than {max_bytes} bytes (setting fetch_max_bytes)")
    return path.read_bytes()


def expand_targets(targets: list[str]) -> Iterator[str]:
    """URLs as they are; a folder as its report-like files (sorted, hidden ones skipped); files as given."""
    for target in targets:
        path = Path(target).expanduser()
        if "://" in target or target.startswith("file:") or not path.is_dir():
            yield target
            continue
        for child in sorted(path.rglob("*")):
            hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
            if child.is_file() and not hidden and child.suffix.lower() in FOLDER_SUFFIXES:
                yield str(child)


def load_target(target: str, policy: FetchPolicy) -> Fetched:
    """The bytes of a URL (fetched within the policy) or of a local file."""
    if "://" in target or target.startswith("file:"):
        return fetch(target, policy)
    path = Path(target).expanduser()
    if not path.exists():
        raise ArmstrackError(f"{target}: no such file, folder or URL")
    return Fetched(url="", requested=target, data=read_file(path, policy.max_bytes), content_type=None, status=200)
