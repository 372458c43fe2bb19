"""Rows of a form edited on one page (a project's budgets, a conference's connection points).

The page adds a row without JavaScript: a button posts the form as typed, and the page comes back
with one more empty row and without the errors of rows not yet filled in.
"""

from __future__ import annotations

from typing import Any

from django.forms import BaseFormSet
from django.forms.utils import ErrorDict, ErrorList
from django.http import QueryDict


def with_added_row(data: QueryDict, prefix: str, *, most: int = 50) -> QueryDict:
    """Return the posted data with one more (empty) row in the formset `prefix`, up to `most` rows."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        count = int(data.get(key, "0"))
    except ValueError:
        count = 0
    data[key] = str(max(0, min(count, most - 1)) + 1)
    return data


def errors_hidden(form: Any) -> None:
    """Show a form or formset as typed, without errors: a row was added, nothing was saved yet."""
    if isinstance(form, BaseFormSet):
        form._errors, form._non_form_errors = [ErrorDict() for _f in form.forms], ErrorList()
        for row in form.forms:
            row._errors = ErrorDict()
    else:
        form._errors = ErrorDict()
