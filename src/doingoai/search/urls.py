"""URL of the search page (/tim-kiem/)."""

from __future__ import annotations

from django.urls import path

from doingoai.search import views

app_name = "search"

urlpatterns = [path("", views.search, name="search")]
