"""Show a report's figures in the audit log field by field, as the report page shows them.

A report keeps its figures in one JSON object (`Report.values`, one string per field key); the
log stores that object before and after each change. Shown raw it reads as a line of JSON; here
each figure that changed becomes "label: old → new", labelled by the report's form and written
as the page writes it (15.000, 1,2, choice labels). A period is written as the pages write it
("quý 3/2025"), not as its code ("2025-Q3").
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from doingoai.audit.display import Change, field_label, text_cut
from doingoai.reporting.errors import ReportingError
from doingoai.reporting.formspec import FormSpec, value_shown
from doingoai.reporting.models import Report, ReportForm
from doingoai.reporting.periods import period_parse


def _spec(form_id: Any, memo: dict[Any, Any]) -> FormSpec | None:
    """Return the spec of the form `form_id`, read once per page of entries."""
    key = ("reporting.form", form_id)
    if key not in memo:
        form = ReportForm.objects.filter(pk=form_id).first() if isinstance(form_id, int) else None
        memo[key] = form.spec if form is not None else None
    spec: FormSpec | None = memo[key]
    return spec


def _shown(spec: FormSpec | None, key: str, value: Any) -> str:
    if value in (None, ""):
        return _("(trống)")
    f = spec.field(key) if spec is not None else None
    text = str(value)
    return text_cut(value_shown(f, text) if f is not None else text)


def report_values_changes(old: Any, new: Any, snapshot: dict[str, Any], memo: dict[Any, Any]) -> list[Change]:
    """Return one change per figure that differs between `old` and `new` (None: no such side).

    In the order of the form; a key the form no longer has (a later version) is named by its key.
    """
    spec = _spec(snapshot.get("form"), memo)
    before = old if isinstance(old, dict) else {}
    after = new if isinstance(new, dict) else {}
    keys = [f.key for f in spec.fields()] if spec is not None else []
    keys += sorted((set(before) | set(after)) - set(keys))
    changes = []
    for key in keys:
        was, now = before.get(key, ""), after.get(key, "")
        if was == now or (key not in before and key not in after):
            continue
        if old is None and now in (None, ""):
            continue
        if new is None and was in (None, ""):
            continue
        f = spec.field(key) if spec is not None else None
        changes.append(
            Change(
                label=f.label if f is not None else key,
                before=_shown(spec, key, was) if old is not None else "",
                after=_shown(spec, key, now) if new is not None else "",
            )
        )
    return changes


def _period_shown(code: Any) -> str:
    if code in (None, ""):
        return _("(trống)")
    try:
        return period_parse(str(code)).label()
    except ReportingError:
        return text_cut(str(code))  # a code stored before a rule changed is shown as it was stored


def period_changes(old: Any, new: Any, snapshot: dict[str, Any], memo: dict[Any, Any]) -> list[Change]:
    """Return the change of a report's (or a reminder's) period, written "năm 2025", "quý 3/2025"."""
    return [
        Change(
            label=field_label(Report._meta.get_field("period")),
            before=_period_shown(old) if old is not None else "",
            after=_period_shown(new) if new is not None else "",
        )
    ]
