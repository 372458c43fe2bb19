"""URLs of the aid registry (under /vien-tro/)."""

from __future__ import annotations

from django.urls import path

from doingoai.aid import views

app_name = "aid"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("doi-chieu/", views.crosscheck_page, name="crosscheck"),
    path("du-an/", views.project_list, name="project_list"),
    path("iati.xml", views.projects_iati, name="projects_iati"),
    path("du-an/<int:pk>/", views.project_detail, name="project_detail"),
    path("giao-dich/", views.transaction_list, name="transaction_list"),
    path("nhap/", views.import_upload, name="import"),
    path("nhap/mau-nhap.xlsx", views.import_template, name="import_template"),
]
