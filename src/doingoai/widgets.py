"""Form widgets shared by the pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class OptionsSelect(forms.Select):
    """A select list written directly, the same markup as Django's, without a template per option.

    Django renders each option through its own template and attribute template: about 60 µs an
    option, 3 ms for the outlet filter's 48 on every list and search page computed. Option groups
    are not supported (no page uses them with this widget).
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        """Return the <select> and its options, escaped."""
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group, choices, _index in widget["optgroups"]:
            if group:
                raise ValueError("OptionsSelect does not render option groups")
            options += choices
        rows = format_html_join(
            "\n",
            '  <option value="{}"{}>{}</option>',
            ((o["value"], flatatt(o["attrs"]), o["label"]) for o in options),
        )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', widget["name"], flatatt(widget["attrs"]), rows
        )


class FilePicker(forms.FileInput):
    """A file input that says "Chọn tệp" and names the files chosen in the page's language.

    The browser draws a file input's button and its "No file chosen" in the browser's own language,
    English on most machines. With site.js the input, still the control that the keyboard and screen
    readers reach (named by its field's label), lies invisible over a button and the names chosen,
    written in the page's language by `widgets/file_picker.html`; without JavaScript it shows as the
    browser draws it, and works the same. Every upload of the site uses it.
    """

    template_name = "widgets/file_picker.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        """Add how many files the box takes (1, or 2 for several), for the button's words in English."""
        context = super().get_context(name, value, attrs)
        context["widget"]["takes"] = 2 if self.allow_multiple_selected else 1
        return context


class MultipleFilePicker(FilePicker):
    """A `FilePicker` that takes several files at once."""

    allow_multiple_selected = True
