"""Only canonical paths are served: every check (signature, role, rate limit) sees one form of a path.

A path with dot segments, empty segments, a trailing slash, an encoded slash, dot or backslash,
or a control character has other spellings that routers, proxies and the services would each
resolve in their own way (a trailing slash answered with a redirect that a proxy follows; `/./`
collapsed by one and not by the other). Such a request is refused with 400 before anything reads
it, so no check is ever made on one spelling and the action taken on another.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Receive, Scope, Send

from shared.kernel.i18n import msg
from shared.web.language import language_of
from shared.web.problems import problem_response

# Percent-encodings of "/", "\", "." and "%" itself (a double encoding, decoded once more on the
# next hop), and of any unreserved character (which has one spelling: itself), in any case.
_ENCODED_SEPARATOR = re.compile(
    rb"%(2f|5c|2e|25|2d|5f|7e|3[0-9]|[46][1-9a-f]|[57][0-9a])", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def non_canonical_reason(path: str, raw_path: bytes | None = None) -> str | None:
    """Why this path is not in its one canonical form, or None when it is."""
    if not path.startswith("/"):
        return msg("the path must start with /")
    if _CONTROL.search(path):
        return msg("the path contains a control character")
    if "\\" in path:
        return msg("the path contains a backslash")
    if raw_path is not None and _ENCODED_SEPARATOR.search(raw_path):
        return msg("the path contains an encoded slash, backslash, dot, percent or plain character")
    if path == "/":
        return None
    if path.endswith("/"):
        return msg("the path ends with a slash")
    for segment in path[1:].split("/"):
        if segment == "":
            return msg("the path has an empty segment (//)")
        if segment in (".", ".."):
            return msg("the path has a dot segment (. or ..)")
    return None


class CanonicalPathMiddleware:
    """Outermost: refuses a request whose path is not canonical, before routing or any check."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            reason = non_canonical_reason(scope["path"], scope.get("raw_path"))
            if reason is not None:
                response = problem_response(
                    status=400,
                    slug="non-canonical-path",
                    title=msg("The path is not in canonical form"),
                    detail=msg("{reason}; send the path without it.", reason=reason.capitalize()),
                    language=language_of(scope),
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
