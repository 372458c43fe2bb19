"""URLs of conferences and tasks (under /nhiem-vu/)."""

from __future__ import annotations

from django.urls import path

from doingoai.tasks import views

app_name = "tasks"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("theo-doi.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("don-vi-toi/", views.my_unit, name="my_unit"),
    path("<int:pk>/", views.task_detail, name="task_detail"),
    path("<int:pk>/sua/", views.task_edit, name="task_edit"),
    path("<int:pk>/huy/", views.task_cancel, name="task_cancel"),
    path("<int:pk>/bao-cao/", views.progress_submit, name="progress_submit"),
    path("<int:pk>/gia-han/", views.deadline_request, name="deadline_request"),
    path("<int:pk>/xac-nhan-hoan-thanh/", views.completion_confirm, name="completion_confirm"),
    path("<int:pk>/tra-lai-hoan-thanh/", views.completion_return, name="completion_return"),
    path("<int:pk>/nhiem-vu-con/", views.subtask_add, name="subtask_add"),
    path("gia-han/<int:pk>/quyet-dinh/", views.deadline_decide, name="deadline_decide"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("van-ban/<int:pk>/", views.document_proposals, name="document_proposals"),
    path("hoi-nghi/", views.conference_list, name="conference_list"),
    path("hoi-nghi/them/", views.conference_edit, name="conference_add"),
    path("hoi-nghi/<int:pk>/", views.conference_detail, name="conference_detail"),
    path("hoi-nghi/<int:pk>/sua/", views.conference_edit, name="conference_edit"),
    path("hoi-nghi/<int:pk>/them-nhiem-vu/", views.conference_task_add, name="conference_task_add"),
    path("hoi-nghi/<int:pk>/phu-luc.docx", views.conference_docx, name="conference_docx"),
]
