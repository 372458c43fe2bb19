"""Admin inlines that write their fields' help out under the table instead of hiding it in a tooltip.

Django's tabular inline shows a field's help only as the `title` of a small icon in the column
header: a mouse must hover over it, a phone never shows it (the admin hides the icon on narrow
screens), and each input's `aria-describedby` names an element that is not on the page.
`HelpShownTabularInline` lists every help text, with its column's label, under the table, and
points the column's inputs at it, so a screen reader reads it with the field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest


def inline_help_id(model_name: str, field_name: str) -> str:
    """Return the id of the written-out help of a column (the same in the template and the inputs)."""
    return f"{model_name}-{field_name}-help"


class HelpShownTabularInline(admin.TabularInline):
    """A tabular inline whose help texts are visible text under the table, read with their inputs."""

    template = "web/admin_tabular_help_shown.html"

    class Media:
        css = {"all": ("doingoai/admin.css",)}  # noqa: RUF012 - Django's own shape of an admin's media

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        """Describe the column's inputs by its help text under the table."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and field.help_text:
            field.widget.attrs["aria-describedby"] = inline_help_id(self.opts.model_name, db_field.name)
        return field
