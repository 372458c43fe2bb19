"""The sign-in forms of the site and of the admin, with login throttling."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.utils.translation import gettext_lazy, ngettext

from doingoai.accounts import throttle


class ThrottledLoginMixin:
    """Refuse sign-in while the user name is locked from this address; count failures."""

    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        """Count the attempt, refuse it if a limit is reached, and only then check the password."""
        username = str(self.cleaned_data.get("username") or "")
        if not username:
            return super().clean()  # type: ignore[misc]
        address = throttle.login_address(self.request)
        refusal = throttle.login_attempt_begin(username=username, address=address)
        if refusal is not None:
            if refusal.spraying:
                message = ngettext(
                    "Địa chỉ của bạn đã thử đăng nhập sai với quá nhiều tài khoản. "
                    "Vui lòng thử lại sau %(minutes)d phút.",
                    "Địa chỉ của bạn đã thử đăng nhập sai với quá nhiều tài khoản. "
                    "Vui lòng thử lại sau %(minutes)d phút.",
                    refusal.minutes,
                )
            else:
                message = ngettext(
                    "Tài khoản tạm khóa vì đăng nhập sai nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
                    "Tài khoản tạm khóa vì đăng nhập sai nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
                    refusal.minutes,
                )
            raise forms.ValidationError(message % {"minutes": refusal.minutes}, code="locked")
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            throttle.login_failure_record(username=username, address=address)
            raise
        throttle.login_failures_clear(username=username, address=address)
        return cleaned


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    """The site's sign-in form."""

    error_messages: ClassVar[dict[str, Any]] = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy("Tên đăng nhập hoặc mật khẩu không đúng."),
    }


class PasswordChangeForm(DjangoPasswordChangeForm):
    """The form of the password change page.

    The page puts each error after its field's name ("Mật khẩu cũ: ..."), and Django's Vietnamese
    messages name the field again ("Mật khẩu cũ không chính xác"); these say only what is wrong.
    """

    error_messages: ClassVar[dict[str, Any]] = {
        **DjangoPasswordChangeForm.error_messages,
        "password_incorrect": gettext_lazy("Không đúng với mật khẩu bạn đang dùng. Hãy nhập lại."),
        "password_mismatch": gettext_lazy("Không khớp với mật khẩu mới đã nhập ở trên."),
    }


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's sign-in form, throttled the same way."""
