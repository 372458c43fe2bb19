"""The task's text folded, so the list's search ignores case and diacritics (đ/d, hoà/hòa)."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def _fill(apps: Any, schema_editor: Any) -> None:
    from doingoai.analysis.text import entity_key

    Task = apps.get_model("tasks", "Task")
    batch = []
    for task in Task.objects.only("pk", "text").iterator(chunk_size=500):
        task.text_key = entity_key(task.text)
        batch.append(task)
        if len(batch) == 500:
            Task.objects.bulk_update(batch, ["text_key"])
            batch = []
    Task.objects.bulk_update(batch, ["text_key"])


class Migration(migrations.Migration):
    dependencies = [("tasks", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="task",
            name="text_key",
            field=models.TextField(default="", editable=False, verbose_name="khóa tìm kiếm"),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
    ]
