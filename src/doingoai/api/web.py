"""An API key also opens the registry's exports, so a script can fetch what a user downloads.

A nightly job of a province pulls the aid registry as IATI XML or as a spreadsheet; those are
page addresses (`/vien-tro/iati.xml`, `/vien-tro/giao-dich/?format=xlsx`), and a key sent as
`Authorization: Bearer <khóa>` opens them as the key's user, with that user's scope. Without the
header the page works as every page does (a session, else the sign-in page).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from doingoai.api.services import token_user

_BEARER = "bearer "


def called_with_key(request: HttpRequest) -> bool:
    """Return whether the request carries an API key (a script), rather than a browser's session."""
    return request.META.get("HTTP_AUTHORIZATION", "").lower().startswith(_BEARER)


def key_or_session(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let `view` be opened with an API key as well as with a session (GET only)."""

    @login_not_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if called_with_key(request):
            user = token_user(header[len(_BEARER) :].strip()) if request.method in ("GET", "HEAD") else None
            if user is None:
                answer = HttpResponse(
                    "Khóa API không hợp lệ, đã hết hạn hoặc đã bị thu hồi (chỉ nhận yêu cầu GET).",
                    status=401,
                    content_type="text/plain; charset=utf-8",
                )
                answer["WWW-Authenticate"] = 'Bearer realm="doingoai"'
                return answer
            request.user = user
        elif not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
