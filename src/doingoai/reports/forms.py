"""The form of the report page: the year, and the unit (a coordinator may leave it empty: national)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doingoai.accounts import scope
from doingoai.directory.models import Organization


class AnnualReportForm(forms.Form):
    """Choose the year and the unit of the annual report."""

    # A text box: a number box would send nothing for "2025a", then refused as if left empty.
    year = forms.IntegerField(
        label=_("Năm báo cáo"),
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Toàn quốc (báo cáo tổng hợp)"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = scope.units_visible(user).order_by("path")
        if not scope.user_is_coordinator(user):
            field.required = True
            field.empty_label = None
            field.help_text = _("Báo cáo của đơn vị chỉ gồm dữ liệu của đơn vị và các đơn vị trực thuộc.")
