"""Dates typed and shown as dd/mm/yyyy, whatever language the reader's browser is set to.

A browser's own date picker (`<input type="date">`) shows month-first dates in an English
browser; the administrative format is day/month/year, so every form takes dates as text.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# Typed as dd/mm/yyyy; ISO (yyyy-mm-dd) accepted too, as links and older bookmarks carry it.
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class VietnameseDateField(forms.DateField):
    """A date typed as dd/mm/yyyy (ISO accepted too), shown as dd/mm/yyyy."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 31/12/2026.")},
        )
        super().__init__(**kwargs)
