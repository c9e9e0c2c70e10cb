"""Who may read and who may write: a bearer token for writes, loopback (or the token) for reads."""

from __future__ import annotations

import ipaddress
import secrets

from fastapi import HTTPException, Request, status

from armstrack.settings import Settings


def is_loopback(host: str | None) -> bool:
    """Whether a client address is this machine (127.0.0.0/8 or ::1)."""
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _bearer(request: Request) -> str | None:
    return bearer_token(request.headers.get("authorization", ""))


def bearer_token(header: str) -> str | None:
    """The token of an 'Authorization: Bearer <token>' header value, or None."""
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def may_read(settings: Settings, host: str | None, authorization: str) -> bool:
    """Whether a read from `host` with this Authorization header would be let through (the response
    cache asks before answering from memory; `require_read` says why not)."""
    return (settings.serve_open_reads or is_loopback(host)
            or _token_ok(settings, bearer_token(authorization)))


def _token_ok(settings: Settings, token: str | None) -> bool:
    return bool(settings.api_token) and token is not None and secrets.compare_digest(
        token.encode(), settings.api_token.encode())


def _refuse(code: int, message: str) -> HTTPException:
    headers = {"WWW-Authenticate": "Bearer"} if code == status.HTTP_401_UNAUTHORIZED else None
    return HTTPException(status_code=code, detail=message, headers=headers)


async def require_read(request: Request) -> None:
    """Reads are open to loopback clients (or to all with `serve_open_reads`); others need the token.

    A coroutine: it does no I/O, so it runs on the event loop instead of costing a thread hop."""
    settings: Settings = request.app.state.workspace.settings
    if settings.serve_open_reads or is_loopback(request.client.host if request.client else None):
        return
    token = _bearer(request)
    if token is None:
        raise _refuse(status.HTTP_401_UNAUTHORIZED,
                      "reads from other machines need 'Authorization: Bearer <api_token>' "
                      "(or serve_open_reads = true in armstrack.toml)")
    if not _token_ok(settings, token):
        raise _refuse(status.HTTP_403_FORBIDDEN, "the bearer token does not match the workspace's api_token")


async def require_write(request: Request) -> None:
    """Every write (a grade, a decision, a note) needs the workspace's API token."""
    settings: Settings = request.app.state.workspace.settings
    if not settings.api_token:
        raise _refuse(status.HTTP_403_FORBIDDEN,
                      "writes are disabled: the workspace has no api_token (set one in armstrack.toml)")
    token = _bearer(request)
    if token is None:
        raise _refuse(status.HTTP_401_UNAUTHORIZED, "writes need 'Authorization: Bearer <api_token>'")
    if not _token_ok(settings, token):
        raise _refuse(status.HTTP_403_FORBIDDEN, "the bearer token does not match the workspace's api_token")
