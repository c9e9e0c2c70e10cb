"""Fetching against a loopback server (allowed with the switch), and the refusals without it."""

from __future__ import annotations

import ipaddress
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.reports.ingest.server import FEED, PAGE, Handler, QuietServer, serve

from armstrack.model import ArmstrackError
from armstrack.reports.fetch import FetchPolicy, address_problem, check_url, fetch, user_agent

LOOPBACK = FetchPolicy(timeout_s=5, max_bytes=1_000_000, max_redirects=3, allow_private=True)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve() as url:
        yield url


def test_fetches_a_page_with_its_type_and_our_user_agent(base: str) -> None:
    got = fetch(f"{base}/article", LOOPBACK)
    assert got.data == PAGE and got.status == 200
    assert got.content_type == "text/html; charset=utf-8"
    assert got.url == f"{base}/article" and got.redirects == []
    assert Handler.seen_agents[-1] == user_agent()
    assert user_agent().startswith("armstrack/") and "(+https://github.com/armstrack)" in user_agent()


def test_follows_redirects_up_to_the_limit(base: str) -> None:
    got = fetch(f"{base}/hop/3", LOOPBACK)
    assert got.data == PAGE and got.url == f"{base}/article"
    assert got.redirects == [f"{base}/hop/2", f"{base}/hop/1", f"{base}/article"]
    with pytest.raises(ArmstrackError, match="more than 3 redirects"):
        fetch(f"{base}/hop/4", LOOPBACK)


def test_a_redirect_to_a_file_is_refused(base: str) -> None:
    with pytest.raises(ArmstrackError, match="may not redirect to a file"):
        fetch(f"{base}/to-file", LOOPBACK)


def test_size_limit_declared_and_streamed(base: str) -> None:
    with pytest.raises(ArmstrackError, match="larger than 1000000 bytes"):
        fetch(f"{base}/declared-big", LOOPBACK)
    started = time.monotonic()
    with pytest.raises(ArmstrackError, match="larger than 1000000 bytes"):
        fetch(f"{base}/stream-big", LOOPBACK)
    assert time.monotonic() - started < 5  # stopped early, not after 50 MB


def test_wrong_content_type_and_http_errors(base: str) -> None:
    with pytest.raises(ArmstrackError, match="content type image/png refused"):
        fetch(f"{base}/image", LOOPBACK)
    with pytest.raises(ArmstrackError, match="HTTP 404"):
        fetch(f"{base}/nowhere", LOOPBACK)
    assert fetch(f"{base}/feed", LOOPBACK).data == FEED


def test_timeout(base: str) -> None:
    policy = FetchPolicy(timeout_s=0.3, allow_private=True)
    with pytest.raises(ArmstrackError, match=r"no answer within 0.3 s \(setting fetch_timeout_s\)"):
        fetch(f"{base}/slow", policy)


def test_loopback_is_refused_without_the_switch(base: str) -> None:
    with pytest.raises(ArmstrackError, match=r"loopback address 127\.0\.0\.1; refused"):
        fetch(f"{base}/article", FetchPolicy())
    port = base.rsplit(":", 1)[1]
    with pytest.raises(ArmstrackError, match="loopback"):
        fetch(f"http://localhost:{port}/article", FetchPolicy())


@pytest.mark.parametrize(("url", "reason"), [
    ("http://10.1.2.3/report", "private"),
    ("http://192.168.0.10/", "private"),
    ("http://169.254.169.254/latest/meta-data", "link-local"),
    ("http://[::1]:8080/", "loopback"),
    ("http://[fe80::1]/", "link-local"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),
    ("http://224.0.0.1/", "multicast"),
    ("http://240.0.0.1/", "reserved"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://100.64.0.1/", "not public"),
])
def test_non_public_addresses_are_refused(url: str, reason: str) -> None:
    with pytest.raises(ArmstrackError, match=f"{reason} address"):
        check_url(url, allow_private=False)


@pytest.mark.parametrize("url", ["file:///etc/hostname", "ftp://ftp.example.org/report.txt", "gopher://x.example",
                                 "example.org/no-scheme"])
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(ArmstrackError, match="refused; only http and https"):
        fetch(url, FetchPolicy())


def test_file_urls_need_the_switch(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Seventy wagons were counted at the border yard on one morning.")
    assert fetch(note.as_uri(), LOOPBACK).data == note.read_bytes()
    with pytest.raises(ArmstrackError, match="larger than 10 bytes"):
        fetch(note.as_uri(), FetchPolicy(max_bytes=10, allow_private=True))


def test_public_addresses_pass() -> None:
    assert address_problem(ipaddress.ip_address("8.8.8.8")) is None
    assert address_problem(ipaddress.ip_address("2001:4860:4860::8888")) is None


def test_tls_goes_through_the_guarded_connection_and_verifies(tmp_path: Path) -> None:
    """An https server with a self-signed certificate: the handshake runs, the certificate is refused."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=localhost"], check=True, capture_output=True)
    server = QuietServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(ArmstrackError, match="CERTIFICATE_VERIFY_FAILED"):
            fetch(f"https://localhost:{server.server_address[1]}/article", LOOPBACK)
    finally:
        server.shutdown()
        server.server_close()
