"""URLs of the audit log pages (under /nhat-ky/)."""

from __future__ import annotations

from django.urls import path

from doingoai.audit import views

app_name = "audit"

urlpatterns = [path("", views.audit_list, name="list")]
