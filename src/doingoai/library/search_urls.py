"""URL of the search page (/tim-kiem/): a page of the library, above the search index."""

from __future__ import annotations

from django.urls import path

from doingoai.library import views

app_name = "search"

urlpatterns = [path("", views.search, name="search")]
