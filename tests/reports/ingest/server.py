"""A loopback HTTP server for the fetch tests: pages, redirect chains, huge and slow bodies."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.reports.ingest.pages import STORY, news_page, rss_feed

PAGE = news_page(STORY).encode()
FEED = rss_feed([("Trains cross the Tumen", "https://wire.example.org/1", "Thu, 05 Oct 2023 08:00:00 GMT",
                  STORY[0]), ("Shells", "https://wire.example.org/2", "Thu, 05 Oct 2023 09:00:00 GMT", STORY[1])])


class Handler(BaseHTTPRequestHandler):
    seen_agents: list[str] = []  # noqa: RUF012  (shared with the test through the class)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        Handler.seen_agents.append(self.headers.get("User-Agent", ""))
        path = self.path
        if path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            self._send(302, b"", "text/plain", location=f"/hop/{left - 1}" if left > 1 else "/article")
        elif path == "/article":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif path == "/feed":
            self._send(200, FEED, "application/rss+xml")
        elif path == "/image":
            self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
        elif path == "/declared-big":
            self._send(200, b"", "text/html", length=10**9)
        elif path == "/stream-big":
            self._stream_big()
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, PAGE, "text/html")
        elif path == "/to-file":
            self._send(301, b"", "text/plain", location="file:///etc/hostname")
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str, location: str | None = None,
              length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def _stream_big(self) -> None:
        """Chunked, no Content-Length: the limit must be enforced while streaming."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"<p>" + b"x" * 65_000 + b"</p>"
        try:
            for _ in range(800):  # ~50 MB if nobody stops reading
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up on purpose (size limits, timeouts) are expected here


@contextmanager
def serve() -> Iterator[str]:
    """The base URL of a server on 127.0.0.1 for the duration of the block."""
    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
