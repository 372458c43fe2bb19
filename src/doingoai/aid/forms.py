"""Forms of the aid pages: the filters of the project list and the import upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from doingoai.aid.models import ActivityStatus
from doingoai.directory.models import Organization


class ProjectFilterForm(forms.Form):
    """Filter the project list."""

    q = forms.CharField(label=_("Tìm"), required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", "—"), *ActivityStatus.choices]
    )


class ImportForm(forms.Form):
    """Upload a filled-in template or an IATI XML file; `unit` owns the new projects of an IATI file."""

    file = forms.FileField(label=_("Tệp Excel (.xlsx), CSV hoặc IATI XML (.xml)"))
    unit = forms.ModelChoiceField(
        label=_("Đơn vị quản lý các dự án mới của tệp IATI"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Để trống là đơn vị của bạn."),
    )

    def __init__(self, *args: Any, units: QuerySet[Organization] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units if units is not None else Organization.objects.none()
