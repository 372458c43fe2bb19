"""Language choice: Vietnamese unless the user has chosen English on the site."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from doingoai.accounts.services import language_offered


class LanguageMiddleware:
    """Use the language chosen with the switcher in this browser (its cookie), else the one the
    signed-in person last chose (`User.language`, kept by the switcher and at sign-in), else
    Vietnamese.

    The cookie wins: switching in this browser is a deliberate choice. Without it (a new browser, a
    colleague's computer) a person who chose English still gets English once signed in. Placed
    after AuthenticationMiddleware, so that the person is known.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many officials use
    an English-language browser; the interface must still open in Vietnamese for them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Activate the chosen language for the request and say so in the response."""
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if not language_offered(chosen):
            # Read only without a cookie: the user (a query) is then needed by the page anyway.
            user = getattr(request, "user", None)
            chosen = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        language = chosen if language_offered(chosen) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class DatabaseBusyMiddleware:
    """Answer 503 with "try again" when the database stays busy, never a server error.

    SQLite lets one writer at a time: a request waits for the lock (the `timeout` of the
    database settings) and, past it, fails with "database is locked". The user then gets a page
    that says the system is busy and asks them to try again (with `Retry-After`); the API gets the
    same as JSON. Long work (imports) runs in the task worker, which retries by itself.
    """

    RETRY_AFTER_SECONDS = 5

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Pass the request on."""
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Turn a busy or unreachable database into a 503 response; leave other errors alone."""
        from django.http import JsonResponse
        from django.shortcuts import render
        from django.utils.translation import gettext as _

        from doingoai.background import is_transient

        if not is_transient(exception):
            return None
        message = _("Hệ thống đang bận. Xin thử lại sau ít giây; dữ liệu của bạn chưa được ghi.")
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = render(request, "503.html", {"message": message}, status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response


class MethodNotAllowedPageMiddleware:
    """Answer a page address opened with the wrong method (405) with a page, not an empty answer.

    Actions (delete, publish, resume an import) take only POST: an address of one bookmarked,
    typed or reloaded is refused by Django with an empty body, a blank screen. The API keeps its
    own JSON answer.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Pass the request on; give an empty 405 of a page its explanation."""
        from django.shortcuts import render

        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.path.startswith("/api/"):
            return response
        page = render(request, "405.html", status=405)
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        return page


class ApiAnswersInJsonMiddleware:
    """Give the API's callers JSON in Vietnamese for the answers its endpoints do not write themselves.

    An address under /api/ that names no endpoint (a typo, a trailing slash) would get the site's
    HTML 404 page, and a wrong method Ninja's English "Method not allowed"; a script reads neither.
    A 401 names the scheme a caller should use (`WWW-Authenticate: Bearer`).
    """

    _WORDS: ClassVar[dict[int, str]] = {
        404: "Không có địa chỉ này trong API; xem danh sách tại /api/docs.",
        405: "Địa chỉ này không nhận phương thức {method}; phương thức được nhận: {allowed}.",
    }

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Pass the request on; turn a non-JSON 404 or 405 of the API into JSON."""
        from django.http import JsonResponse

        response = self.get_response(request)
        if not request.path.startswith("/api/"):
            return response
        if response.status_code == 401 and "WWW-Authenticate" not in response:
            response["WWW-Authenticate"] = 'Bearer realm="doingoai"'
        if response.status_code not in self._WORDS or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        detail = self._WORDS[response.status_code].format(
            method=request.method, allowed=response.get("Allow", "—")
        )
        answer = JsonResponse({"detail": detail}, status=response.status_code)
        if "Allow" in response:
            answer["Allow"] = response["Allow"]
        return answer
