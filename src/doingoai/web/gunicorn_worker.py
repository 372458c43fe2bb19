"""The gunicorn worker of `doingoai serve`: gunicorn's own, with its refusal of a long address in words.

gunicorn reads a request line of at most 8,190 bytes (`--limit-request-line`, its most short of no
limit at all, which would let one request fill the memory). A longer address (a very long search
pasted into the address bar) never reaches Django: gunicorn answers it itself with a bare English
page. This worker answers it with the site's Vietnamese page instead, and leaves every other error
to gunicorn.
"""

from __future__ import annotations

from typing import Any

from gunicorn import util
from gunicorn.http.errors import LimitRequestLine
from gunicorn.workers.sync import SyncWorker

from doingoai.web.serve import REQUEST_LINE_MAX_BYTES


def uri_too_long_answer() -> bytes:
    """Return the whole HTTP answer (414) to an address longer than gunicorn reads, in the site's language."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        page = render_to_string("414.html", {"limit": REQUEST_LINE_MAX_BYTES}).encode()
    head = (
        "HTTP/1.1 414 URI Too Long\r\n"
        "Connection: close\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Language: {settings.LANGUAGE_CODE}\r\n"
        f"Content-Length: {len(page)}\r\n"
        "\r\n"
    )
    return head.encode("ascii") + page


class SiteWorker(SyncWorker):
    """gunicorn's synchronous worker, answering an over-long address with the site's page."""

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        """Answer a request line over the limit with `uri_too_long_answer`; other errors as gunicorn does."""
        if not isinstance(exc, LimitRequestLine):
            super().handle_error(req, client, addr, exc)
            return
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        try:
            util.write_nonblock(client, uri_too_long_answer())
        except Exception:  # the client may be gone; nothing is left to tell it
            self.log.debug("Failed to send error message.")
