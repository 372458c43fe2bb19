"""URLs of periodic reporting (under /bao-cao/)."""

from __future__ import annotations

from django.urls import path

from doingoai.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("tai-len/", views.upload, name="upload"),
    path("chien-luoc/", views.goals, name="goals"),
    path("chien-luoc/chi-tieu/<int:pk>/<int:year>/", views.goal_indicator_year, name="goal_indicator_year"),
    path("bieu-mau/<str:code>/", views.completeness, name="completeness"),
    path("bieu-mau/<str:code>/nhac-nop/", views.completeness_remind, name="completeness_remind"),
    path("bieu-mau/<str:code>/mau.xlsx", views.form_blank_xlsx, name="form_blank_xlsx"),
    path("bieu-mau/<str:code>/<int:unit_id>/<str:period>/", views.report_start, name="report_start"),
    path("don-vi/<int:unit_id>/<str:code>/", views.unit_history, name="unit_history"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/nhap/", views.report_edit, name="report_edit"),
    path("<int:pk>/xu-ly/", views.report_action, name="report_action"),
    path("<int:pk>/bao-cao.xlsx", views.report_xlsx, name="report_xlsx"),
    path("<int:pk>/tep/<int:file_pk>/", views.report_file_download, name="report_file"),
]
