"""URLs of the API tokens page (under /tai-khoan/khoa-api/)."""

from __future__ import annotations

from django.urls import path

from doingoai.api import views

app_name = "api_tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:pk>/thu-hoi/", views.token_revoke, name="revoke"),
]
