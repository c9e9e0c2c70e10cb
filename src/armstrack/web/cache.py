"""Response caching for the read API: JSON answers kept in memory per data version, with ETags.

A read (`GET /api/...`) is answered from memory when the store has not changed since the same URL
was last computed; a client that sends back the ETag it got (`If-None-Match`) gets `304 Not Modified`
without a body. "Changed" is the store's data version: for SQLite, `PRAGMA data_version` on a
connection kept for the purpose, which moves whenever any other connection (this process's, another
worker's, a runner's) commits. Stores without a registered data version are not cached.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from armstrack.settings import Settings
from armstrack.web.auth import may_read

DataVersion = Callable[[], str]

MAX_ENTRIES = 2048
MAX_ENTRY_BYTES = 2 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
CACHE_CONTROL = (b"cache-control", b"no-cache")  # the browser keeps it but asks (If-None-Match) each time


class SqliteDataVersion:
    """`PRAGMA data_version` of a connection that never writes: it moves on every commit of any other
    connection to the file, in any process. Its numbers are private to the connection, so the ETags
    carry a random epoch as well (two workers never mistake each other's tags)."""

    def __init__(self, path: str) -> None:
        self._connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        self.epoch = secrets.token_hex(4)

    def __call__(self) -> str:
        with self._lock:
            row = self._connection.execute("PRAGMA data_version").fetchone()
        return f"{self.epoch}.{row[0]}"


def _sqlite_version(engine: Engine) -> DataVersion | None:
    path = engine.url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return SqliteDataVersion(path)


# How each database dialect tells that its data changed; dialects without one are not cached.
DATA_VERSIONS: dict[str, Callable[[Engine], DataVersion | None]] = {"sqlite": _sqlite_version}


def data_version(engine: Engine) -> DataVersion | None:
    """The store's data version function, or None when its dialect has none registered."""
    make = DATA_VERSIONS.get(engine.dialect.name)
    return None if make is None else make(engine)


@dataclass
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


@dataclass
class Entries:
    """Responses of one data version, least recently used dropped first past the size bounds."""

    version: str = ""
    items: OrderedDict[str, Entry] = field(default_factory=OrderedDict)
    size: int = 0

    def at(self, version: str) -> Entries:
        if version != self.version:
            self.version, self.items, self.size = version, OrderedDict(), 0
        return self

    def get(self, key: str) -> Entry | None:
        entry = self.items.get(key)
        if entry is not None:
            self.items.move_to_end(key)
        return entry

    def put(self, version: str, key: str, entry: Entry) -> None:
        """Keep a response computed at `version` (dropped if the data moved on meanwhile)."""
        if version != self.version or len(entry.body) > MAX_ENTRY_BYTES or key in self.items:
            return
        self.items[key] = entry
        self.size += len(entry.body)
        while len(self.items) > MAX_ENTRIES or self.size > MAX_TOTAL_BYTES:
            _, dropped = self.items.popitem(last=False)
            self.size -= len(dropped.body)


class ResponseCache:
    """ASGI middleware: answers repeated API reads from memory and honours If-None-Match.

    Only reads the app would let through are answered from memory (the same rule as `require_read`);
    only `200` JSON responses are kept."""

    def __init__(self, app: ASGIApp, settings: Settings, version: DataVersion | None, prefix: str = "/api/") -> None:
        self.app = app
        self.settings = settings
        self.version = version
        self.prefix = prefix
        self.entries = Entries()
        self.pending: dict[tuple[str, str], asyncio.Event] = {}  # reads being computed, so that twins wait

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._cacheable(scope) or self.version is None:
            await self.app(scope, receive, send)
            return
        version = self.version()
        entries = self.entries.at(version)
        key = scope["path"] + "?" + scope["query_string"].decode("latin-1")
        etag = _etag(version, key)
        if etag in _header(scope, b"if-none-match"):
            await _send_plain(send, 304, [(b"etag", etag), CACHE_CONTROL], b"")
            return
        entry = entries.get(key)
        if entry is None and (version, key) in self.pending:  # the same read is being computed: wait for it
            await self.pending[version, key].wait()
            entry = entries.get(key)
        if entry is not None:
            await _send_plain(send, entry.status, entry.headers, entry.body)
            return
        done = self.pending.setdefault((version, key), asyncio.Event())
        try:
            await self.app(scope, receive, _Recorder(send, etag, lambda e: entries.put(version, key, e)))
        finally:
            if self.pending.get((version, key)) is done:
                del self.pending[version, key]
            done.set()

    def _cacheable(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(self.prefix):
            return False
        client = scope.get("client")
        authorization = _header(scope, b"authorization").decode("latin-1")
        return may_read(self.settings, client[0] if client else None, authorization)


class _Recorder:
    """Passes a response through, adding the ETag to a 200 JSON answer and keeping a copy of it."""

    def __init__(self, send: Send, etag: bytes, keep: Callable[[Entry], None]) -> None:
        self.send, self.etag, self.keep = send, etag, keep
        self.entry: Entry | None = None
        self.chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if message["status"] == 200 and dict(headers).get(b"content-type", b"").startswith(b"application/json"):
                headers += [(b"etag", self.etag), CACHE_CONTROL]
                self.entry = Entry(200, headers, b"")
                message = {**message, "headers": headers}
        elif message["type"] == "http.response.body" and self.entry is not None:
            self.chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                self.entry.body = b"".join(self.chunks)
                self.keep(self.entry)
        await self.send(message)


def _etag(version: str, key: str) -> bytes:
    digest = hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
    return f'"{version}-{digest}"'.encode()


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return b""


async def _send_plain(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    headers = [h for h in headers if h[0] != b"content-length"]
    if status != 304:
        headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
