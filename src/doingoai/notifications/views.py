"""Pages of notifications: the list (marking read), and opening one."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from doingoai.notifications import selectors, services


@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    """List the user's notifications; POST marks them all read."""
    if request.method == "POST":
        services.notifications_mark_read(user=request.user, now=timezone.now())
        return redirect("notifications:list")
    rows = selectors.notifications_list(user=request.user)
    context = {
        "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        "unread": selectors.notifications_unread_count(user=request.user),
    }
    return render(request, "notifications/list.html", context)


def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to its page."""
    notification = get_object_or_404(selectors.notifications_list(user=request.user), pk=pk)
    services.notifications_mark_read(user=request.user, now=timezone.now(), pk=notification.pk)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")
