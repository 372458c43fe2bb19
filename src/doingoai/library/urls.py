"""URLs of the library pages (under /thu-vien/)."""

from __future__ import annotations

from django.urls import path

from doingoai.library import views

app_name = "library"

urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("xuat.csv", views.document_export, {"fmt": "csv"}, name="document_export_csv"),
    path("xuat.json", views.document_export, {"fmt": "json"}, name="document_export_json"),
    path("van-ban/<int:pk>/", views.document_detail, name="document_detail"),
    path("van-ban/<int:pk>/tep-goc/", views.document_original, name="document_original"),
    path("van-ban/<int:pk>/cong-bo/", views.document_publish, name="document_publish"),
    path("van-ban/<int:pk>/xoa/", views.document_delete, name="document_delete"),
    path("tai-len/", views.upload, name="upload"),
    path("dot-nhap/", views.job_list, name="job_list"),
    path("dot-nhap/<int:pk>/", views.job_detail, name="job_detail"),
    path("dot-nhap/<int:pk>/tiep-tuc/", views.job_resume, name="job_resume"),
    path("dot-nhap/<int:pk>/xep-lai/", views.job_settle, name="job_settle"),
    path("su-kien/", views.event_list, name="event_list"),
    path("su-kien/<int:pk>/", views.event_detail, name="event_detail"),
]
