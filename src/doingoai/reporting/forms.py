"""Forms of the reporting pages that take a file (the entry forms are built from each form's spec)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from doingoai.widgets import FilePicker


class ReportUploadForm(forms.Form):
    """The file box of the upload page: a workbook of one or several reports.

    The page reads the file itself (`imports.reports_import` names every problem of it); the form
    draws the input as every upload of the site draws it.
    """

    file = forms.FileField(label=_("Tệp Excel (.xlsx)"), widget=FilePicker(attrs={"accept": ".xlsx"}))
