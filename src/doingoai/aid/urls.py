"""URLs of the aid registry (under /vien-tro/)."""

from __future__ import annotations

from django.urls import path

from doingoai.aid import entry_views, views

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

# The registry's entry pages (doingoai.aid.entry_views).
urlpatterns += [
    path("du-an/them/", entry_views.project_edit, name="project_create"),
    path("du-an/<int:pk>/sua/", entry_views.project_edit, name="project_edit"),
    path("giao-dich/them/", entry_views.transaction_edit, name="transaction_add"),
    path("giao-dich/<int:pk>/sua/", entry_views.transaction_edit, name="transaction_edit"),
    path("giao-dich/<int:pk>/xoa/", entry_views.transaction_delete, name="transaction_delete"),
    path("xa.json", entry_views.communes, name="communes"),
    path("ty-gia/", entry_views.rates, name="rates"),
    path("doi-tac/<int:pk>/", entry_views.partner_page, name="partner_detail"),
    path(
        "doi-tac/<int:pk>/lien-he/<int:contact_pk>/xoa/",
        entry_views.partner_contact_remove,
        name="partner_contact_remove",
    ),
    path("chuong-trinh/", entry_views.programme_list, name="programme_list"),
    path("chuong-trinh/<int:pk>/sua/", entry_views.programme_list, name="programme_edit"),
]
