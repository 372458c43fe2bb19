"""URLs of notifications (under /thong-bao/)."""

from __future__ import annotations

from django.urls import path

from doingoai.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", views.notification_open, name="open"),
]
