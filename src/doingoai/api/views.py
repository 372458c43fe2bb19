"""The API tokens page: a user creates tokens (the secret is shown once) and revokes them."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from doingoai.api import services
from doingoai.api.models import ApiToken

# The session key holding a new key's secret between its creation and the one page that shows it.
NEW_SECRET = "api_token_new_secret"


class TokenForm(forms.Form):
    """The name of a new token."""

    name = forms.CharField(label=gettext_lazy("Tên gợi nhớ"), max_length=100)


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """List the user's tokens; create one and show its secret this once."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = services.token_create(
                actor=request.user, user=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # Shown by the page the browser is sent to, once: reloading it makes no second key.
            request.session[NEW_SECRET] = secret
            return redirect("api_tokens:list")
    secret = request.session.pop(NEW_SECRET, None) if request.method == "GET" else None
    context = {
        "form": form,
        "secret": secret,
        "tokens": services.tokens_of(user=request.user),
        "token_days": settings.API_TOKEN_DAYS,
    }
    return render(request, "api/token_list.html", context)


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's tokens."""
    token = get_object_or_404(ApiToken, pk=pk, user_id=request.user.pk)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Đã thu hồi khóa “%(name)s”.") % {"name": token.name})
    return redirect("api_tokens:list")
