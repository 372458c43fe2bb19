"""The home page and the language switch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from doingoai import revisions
from doingoai.accounts import scope
from doingoai.accounts.services import LANGUAGE_CHOSEN_SIGNED_OUT, language_offered, user_language_set
from doingoai.aid import revision as aid_revision
from doingoai.aid import selectors as aid_selectors
from doingoai.analysis.admin_units import province_by_code
from doingoai.library import selectors as library_selectors
from doingoai.reporting import selectors as reporting_selectors
from doingoai.tasks import selectors as task_selectors

T = TypeVar("T")
# The costly blocks (sums over a year's transactions, completeness of every form) are kept this
# long, per scope: a figure on the home page may lag the records by at most this many seconds.
HOME_CACHE_SECONDS = 120
AID_YEARS = 3
HOME_AWAITING = 8


def _cached(block: str, user: Any, today: Any, compute: Callable[[], T]) -> T:
    key = f"home:{block}:{scope.visibility_key(user)}:{today.isoformat()}"
    return revisions.kept(key, compute, HOME_CACHE_SECONDS)


def home(request: HttpRequest) -> HttpResponse:
    """Show what needs the user today: their unit's work, or the country's for a coordinator."""
    user = request.user
    today = timezone.localdate()
    coordinator = scope.user_is_coordinator(user)
    unit = getattr(user, "unit", None)
    province = province_by_code(unit.province_code) if unit is not None and unit.province_code else None
    aid_filters = aid_selectors.TransactionFilters(
        province=province.code if province and not coordinator else ""
    )
    context: dict[str, Any] = {
        "coordinator": coordinator,
        "can_edit": scope.user_can_create(user),
        "can_view_audit": scope.user_can_view_audit(user),
        "today": today,
        "province": province,
        # "tỉnh Quảng Trị", "thành phố Hà Nội": the full name as in a sentence. Not the kind and the
        # name: a city's kind is "thành phố trung ương", which no one writes before its name.
        "province_label": province.full_name[:1].lower() + province.full_name[1:] if province else "",
        "aid_filters_query": aid_filters.as_query(),
        # Kept under the records revision, so the home's figures follow the dashboard's at once.
        "aid_years": aid_revision.cached(
            "home-years",
            user=user,
            parts=[aid_filters.as_query()],
            compute=lambda: aid_selectors.totals_by_year(user=user, filters=aid_filters)[:AID_YEARS],
        ),
    }
    # Extension requests and completion reports waiting for this user, whatever the role (at most 8).
    context["awaiting"] = list(task_selectors.tasks_awaiting_decision(user=user)[:HOME_AWAITING])
    # Reports submitted or accepted that this user may return, accept or approve (the reviewer's queue).
    queue = reporting_selectors.reports_to_review(user=user, limit=HOME_AWAITING)
    context["to_review"], context["to_review_total"] = queue.reports, queue.total
    if coordinator:
        context["completeness"] = _cached(
            "completeness",
            user,
            today,
            lambda: reporting_selectors.completeness_current(user=user, today=today),
        )
        context["overdue"] = task_selectors.tasks_overdue_by_unit(user=user, today=today)
        context["events"] = _cached(
            "events", user, today, lambda: library_selectors.events_differing(user=user)
        )
    else:
        context["drafts"] = library_selectors.documents_drafts(user=user)
        context["reports"] = reporting_selectors.reports_to_send(user=user)
        context["reports_owed"] = reporting_selectors.reports_not_started(user=user, today=today)
        context["tasks"] = task_selectors.tasks_led_open(user=user, today=today)
        context["news"] = (
            library_selectors.documents_about_place(user=user, place=province.name) if province else []
        )
    return render(request, "web/home.html", context)


# The guide's prose is long: one template per language, not hundreds of catalogue entries.
GUIDE_TEMPLATES = {"vi": "web/guide_vi.html", "en": "web/guide_en.html"}


def guide(request: HttpRequest) -> HttpResponse:
    """Show the user guide, in the interface's language (Vietnamese unless English is chosen)."""
    template = GUIDE_TEMPLATES.get((get_language() or "").split("-")[0], GUIDE_TEMPLATES["vi"])
    return render(request, template)


@login_not_required
@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the interface language (also on the sign-in page, before signing in).

    Signed in, the choice is also kept on the person: the notes others' actions write for them are
    worded in it, as their pages are.
    """
    response: HttpResponse = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=language)
    elif language_offered(language):  # kept as the person's own when they sign in (accounts.services)
        request.session[LANGUAGE_CHOSEN_SIGNED_OUT] = language
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer a bad query parameter (a view raised `BadRequest`) with a page that names it.

    Django's own answer is a bare page without the site around it; the other causes of a 400
    (a forged host name, a broken cookie) are answered without their technical message.
    """
    message = str(exception) if isinstance(exception, BadRequest) else ""
    try:
        return render(request, "400.html", {"exception": message}, status=400)
    except Exception:  # the site's pages need a sound request; this answer must not fail on one
        return HttpResponse(_("Yêu cầu không hợp lệ."), status=400, content_type="text/plain; charset=utf-8")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Answer a form sent without a valid security token, in the site's language, with what to do.

    Mostly a form left open past its session or a sign-in made meanwhile in another tab; what
    the user typed is lost with the request, so the page says to go back and send it again.
    Django's own answer is an English page about referer headers. `reason` stays in the log.
    """
    try:
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
            back = ""  # a link back only to a page of this site
        return render(request, "403_csrf.html", {"back": back}, status=403)
    except Exception:  # the site's pages need a sound request; this answer must not fail on one
        return HttpResponse(
            _("Biểu mẫu đã hết hạn. Hãy tải lại trang rồi gửi lại."),
            status=403,
            content_type="text/plain; charset=utf-8",
        )
