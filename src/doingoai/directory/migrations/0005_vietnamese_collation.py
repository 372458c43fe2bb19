"""Create the "vi" collation on PostgreSQL (SQLite gets it on every connection)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from doingoai.directory.collation import postgresql_collation_create


def _create(apps: Any, schema_editor: Any) -> None:
    postgresql_collation_create(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_partner_contacts")]

    operations = [migrations.RunPython(_create, migrations.RunPython.noop)]
