"""Forms of the aid pages: the filters of the project list and the import upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from doingoai.aid.models import ActivityStatus


class ProjectFilterForm(forms.Form):
    """Filter the project list."""

    q = forms.CharField(label=_("Tìm"), required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", "—"), *ActivityStatus.choices]
    )


class ImportForm(forms.Form):
    """Upload a filled-in import template."""

    file = forms.FileField(label=_("Tệp Excel (.xlsx) hoặc CSV"))
