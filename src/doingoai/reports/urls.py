"""URLs of the reports (under /bao-cao/)."""

from __future__ import annotations

from django.urls import path

from doingoai.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.annual_page, name="annual"),
    path("su-kien/<int:pk>/tom-tat.docx", views.event_brief, name="event_brief"),
    path("van-ban/<int:pk>/tom-tat.docx", views.document_brief, name="document_brief"),
]
