"""URLs of the reports (under /bao-cao/tong-ket/)."""

from __future__ import annotations

from django.urls import path

from doingoai.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.annual_page, name="annual"),
    path("yeu-cau/<int:pk>/", views.job_detail, name="job_detail"),
    path("yeu-cau/<int:pk>/thu-lai/", views.job_retry, name="job_retry"),
    path("yeu-cau/<int:pk>/bao-cao.docx", views.job_docx, name="job_docx"),
    path("yeu-cau/<int:pk>/nguon-so-lieu.json", views.job_sources, name="job_sources"),
    path("su-kien/<int:pk>/tom-tat.docx", views.event_brief, name="event_brief"),
    path("van-ban/<int:pk>/tom-tat.docx", views.document_brief, name="document_brief"),
]
