"""The home page and the language switch."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from doingoai.accounts import scope
from doingoai.directory import selectors


def home(request: HttpRequest) -> HttpResponse:
    """Show the user's unit and role and what they can open."""
    user = request.user
    context = {
        "unit_count": selectors.organizations_list(user=user).count(),
        "partner_count": selectors.partners_list(user=user).count(),
        "person_count": selectors.people_list(user=user).count(),
        "can_view_audit": scope.user_can_view_audit(user),
    }
    return render(request, "web/home.html", context)


@login_not_required
@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the interface language (also on the sign-in page, before signing in)."""
    response: HttpResponse = set_language(request)
    return response
