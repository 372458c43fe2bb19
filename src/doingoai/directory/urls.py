"""URLs of the directory pages (under /danh-ba/)."""

from __future__ import annotations

from django.urls import path

from doingoai.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    path("don-vi/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("doi-tac/", views.partner_list, name="partner_list"),
    path("doi-tac/them/", views.partner_edit, name="partner_create"),
    path("doi-tac/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("doi-tac/<int:pk>/sua/", views.partner_edit, name="partner_edit"),
    path("nhap/", views.directory_import, name="import"),
    path("nhap/mau-nhap-danh-ba.xlsx", views.import_template, name="import_template"),
    path("can-bo/", views.person_list, name="person_list"),
    path("can-bo/them/", views.person_edit, name="person_create"),
    path("can-bo/<int:pk>/", views.person_detail, name="person_detail"),
    path("can-bo/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("can-bo/<int:pk>/xoa/", views.person_delete, name="person_delete"),
    path("can-bo/<int:pk>/chuc-danh/", views.position_add, name="position_add"),
    path("can-bo/<int:pk>/chuc-danh/<int:position_pk>/sua/", views.position_edit, name="position_edit"),
    path("can-bo/<int:pk>/chuc-danh/<int:position_pk>/ket-thuc/", views.position_end, name="position_end"),
]
