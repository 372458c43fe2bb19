"""The project's title folded, so the project list's search ignores case and diacritics ("nuoc sach")."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def _fill(apps: Any, schema_editor: Any) -> None:
    from doingoai.analysis.text import entity_key

    Project = apps.get_model("aid", "Project")
    batch = []
    for project in Project.objects.only("pk", "title").iterator(chunk_size=500):
        project.title_key = entity_key(project.title)
        batch.append(project)
        if len(batch) == 500:
            Project.objects.bulk_update(batch, ["title_key"])
            batch = []
    Project.objects.bulk_update(batch, ["title_key"])


class Migration(migrations.Migration):
    dependencies = [("aid", "0008_alter_programme_options")]

    operations = [
        migrations.AddField(
            model_name="project",
            name="title_key",
            field=models.TextField(default="", editable=False, verbose_name="khóa tìm kiếm"),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
    ]
