"""Register the tasks app (assigned government tasks, not background jobs: that is `django_tasks`)."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    """Conferences, the tasks they assign, their deadlines and progress reports."""

    name = "doingoai.tasks"
    # django-tasks (the background queue) uses the labels `django_tasks` and `django_tasks_database`.
    label = "tasks"
    verbose_name = _("Nhiệm vụ được giao")

    def ready(self) -> None:
        # The daily digest asks each contributing app for its items; tasks add their deadlines.
        from doingoai.notifications.digest import digest_source_register
        from doingoai.tasks.digest import tasks_digest_items

        digest_source_register(tasks_digest_items)
