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
