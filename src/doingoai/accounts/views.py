"""The account pages every signed-in user has: changing their own password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from doingoai.accounts import services
from doingoai.accounts.forms import PasswordChangeForm


@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Change the signed-in user's password, given the current one; this session stays signed in."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_password_change(
            actor=request.user, user=request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, user)
        messages.success(
            request,
            _("Đã đổi mật khẩu. Các phiên đăng nhập khác và các khóa API tạo trước đó đã hết hiệu lực."),
        )
        return redirect("password_change")
    return render(request, "accounts/password_change.html", {"form": form})
