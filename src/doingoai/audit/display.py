"""Show audit entries as the forms show the records: field labels, unit names, choices, money, dates.

An entry keeps raw values (foreign keys as ids, dates as ISO text, decimals as text); this module
turns them into what a person reads: "Đơn vị quản lý: Hội A → Hội B", "Đã công bố: Không → Có",
"Số tiền: 1.200.000 VND". Fields a form never shows (keys, hashes, search keys, tree paths,
versions, analysis results) are left out. Names behind foreign keys are read with one query per
related model for a whole page of entries, never one per entry.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from doingoai.audit.models import AuditEntry

# The page of each kind of record, by "app_label.model" (the link of an entry).
RECORD_PAGES = {
    "directory.organization": "directory:organization_detail",
    "directory.partnerorganization": "directory:partner_detail",
    "directory.person": "directory:person_detail",
    "library.document": "library:document_detail",
    "library.event": "library:event_detail",
    "library.ingestjob": "library:job_detail",
    "aid.project": "aid:project_detail",
    "reporting.report": "reporting:report_detail",
    "tasks.task": "tasks:task_detail",
    "tasks.conference": "tasks:conference_detail",
}
# Records shown through their parent's page (a title on its official's page, a transaction on
# its project's page): the field naming the parent, and the parent's kind.
PARENT_PAGES = {
    "directory.position": ("person", "directory.person"),
    "aid.transaction": ("project", "aid.project"),
    "aid.projectsector": ("project", "aid.project"),
    "aid.projectlocation": ("project", "aid.project"),
    "aid.participatingorganization": ("project", "aid.project"),
    "tasks.progressreport": ("task", "tasks.task"),
    "tasks.deadlinechange": ("task", "tasks.task"),
}
# Long text (a document's full text, a description) is cut to this many characters in the log.
TEXT_MAX = 160
# Amount fields whose currency is in their name; other amounts take the record's `currency`.
_NAMED_CURRENCIES = {"value_vnd": "VND", "value_usd": "USD", "amount_vnd": "VND", "amount_usd": "USD"}
_AMOUNT_FIELDS = frozenset({"value", "amount"})
_VND_SIGN = "VND"  # as the pages and the exports write it
# The name Django gives a record whose model has no `__str__`: English, and says nothing.
_DEFAULT_NAME = re.compile(r"\w+ object \(\d+\)")


@dataclass(frozen=True)
class Change:
    """One field of an entry as a person reads it: its label and its value before and after."""

    label: str
    before: str
    after: str


# How a person reads a field that holds many values in one JSON object (a report's figures):
# given the value before and after (None for the side a create or a delete lacks), the record's
# snapshot and a dict to keep what it read for the next entries of the page, return one Change
# per inner value that differs. The app owning the model registers it (audit imports no app).
ValuesReader = Callable[[Any, Any, dict[str, Any], dict[Any, Any]], list[Change]]
_VALUES_READERS: dict[tuple[str, str], ValuesReader] = {}


def audit_values_reader_register(kind: str, field_name: str, reader: ValuesReader) -> None:
    """Show field `field_name` of records of `kind` ("app_label.model") through `reader`."""
    _VALUES_READERS[(kind, field_name)] = reader


def text_cut(text: str) -> str:
    """Return `text` cut to TEXT_MAX characters for the log, marked with "…" when cut."""
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 1] + "…"


@dataclass
class EntryShown:
    """An audit entry ready to show: kind of record, link to it, and its readable changes."""

    entry: AuditEntry
    kind: str
    url: str
    changes: list[Change] = field(default_factory=list)

    @property
    def name(self) -> str:
        """Return the record's name as stored; "#3" for Python's "ProjectBudget object (3)"."""
        if _DEFAULT_NAME.fullmatch(self.entry.object_repr):
            return f"#{self.entry.object_id}"
        return self.entry.object_repr


def _model_fields(entry: AuditEntry) -> dict[str, models.Field[Any, Any]]:
    """Return the fields a form of the entry's model shows, by name (none when the model is gone)."""
    model = entry.content_type.model_class()
    if model is None:
        return {}
    shown: dict[str, models.Field[Any, Any]] = {}
    # Fields no form edits but the log should show all the same (a key's revocation), by model.
    kept = set(getattr(model, "audit_shown", ()))
    for f in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if f.primary_key or (not f.editable and f.name not in kept) or f.name == "password":
            continue
        if not f.is_relation and not isinstance(f.verbose_name, Promise):
            # No label of its own (Django made one from the name): no form shows it (an order in
            # a file, a counter). Told apart by its kind, not its text: in English a field's own
            # label ("username") may read as its name, and must still be shown.
            continue
        shown[f.name] = f
    return shown


def field_label(f: models.Field[Any, Any]) -> str:
    """Return the label a form gives the field; a foreign key without its own label takes its model's."""
    label = str(f.verbose_name)
    meta = getattr(f.related_model, "_meta", None) if f.is_relation else None
    if meta is not None and label == f.name.replace("_", " "):
        label = str(meta.verbose_name)
    return label[:1].upper() + label[1:]


def _related_names(entries: Iterable[AuditEntry]) -> dict[tuple[type[models.Model], str], str]:
    """Return the names behind every foreign key of the entries: one query per related model."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        fields = _model_fields(entry)
        for snapshot in (entry.before or {}, entry.after or {}):
            for name, value in snapshot.items():
                f = fields.get(name)
                if f is None or not f.is_relation or value in (None, "", []):
                    continue
                related = f.related_model
                if not isinstance(related, type):
                    continue
                for pk in value if isinstance(value, list) else [value]:
                    wanted[related].add(str(pk))
    names: dict[tuple[type[models.Model], str], str] = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=list(pks)):
            names[(related, str(obj.pk))] = str(obj)
    return names


def _money(value: Decimal, currency: str) -> str:
    if currency == "VND":
        return f"{formats.number_format(value, 0, use_l10n=True, force_grouping=True)} {_VND_SIGN}"
    return f"{formats.number_format(value, 2, use_l10n=True, force_grouping=True)} {currency}"


def _currency(name: str, snapshot: dict[str, Any]) -> str:
    if name in _NAMED_CURRENCIES:
        return _NAMED_CURRENCIES[name]
    if name in _AMOUNT_FIELDS and isinstance(snapshot.get("currency"), str):
        return str(snapshot["currency"]).upper()
    return ""


def value_shown(
    f: models.Field[Any, Any],
    value: Any,
    snapshot: dict[str, Any],
    names: dict[tuple[type[models.Model], str], str],
) -> str:
    """Return one stored value of field `f` as its form shows it."""
    if value is None or value == "" or value == []:
        return _("(trống)")
    if isinstance(f, models.BooleanField):
        return _("Có") if value else _("Không")
    if f.is_relation and isinstance(f.related_model, type):
        related = f.related_model
        values = value if isinstance(value, list) else [value]
        return ", ".join(names.get((related, str(pk)), _("(đã xóa)")) for pk in values)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    try:
        if isinstance(f, models.DateTimeField):
            moment = dt.datetime.fromisoformat(str(value))
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%d/%m/%Y %H:%M")
        if isinstance(f, models.DateField):
            return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        if isinstance(f, models.DecimalField):
            number = Decimal(str(value))
            currency = _currency(f.name, snapshot)
            if currency:
                return _money(number, currency)
            places = max(0, -int(number.normalize().as_tuple().exponent))
            return str(formats.number_format(number, places, use_l10n=True, force_grouping=True))
    except (ValueError, TypeError, InvalidOperation):
        pass  # an unexpected stored value is shown as it was stored, never an error
    if isinstance(f, models.IntegerField) and isinstance(value, int):
        if f.name == "year" or f.name.endswith("_year"):
            return str(value)  # a year is written 2025, not as the count 2.025
        return str(formats.number_format(value, 0, use_l10n=True, force_grouping=True))
    return text_cut(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))


def _record_url(entry: AuditEntry) -> str:
    """Return the page of the entry's record (or of its parent), "" when it has none or is deleted."""
    kind = f"{entry.content_type.app_label}.{entry.content_type.model}"
    if entry.action == "delete":
        return ""
    pk: Any = entry.object_id
    if kind in PARENT_PAGES:
        parent_field, kind = PARENT_PAGES[kind]
        pk = (entry.after or {}).get(parent_field)
    name = RECORD_PAGES.get(kind)
    if name is None or pk in (None, ""):
        return ""
    try:
        return reverse(name, args=[int(pk)])
    except (NoReverseMatch, ValueError, TypeError):
        return ""


def entries_shown(entries: Iterable[AuditEntry]) -> list[EntryShown]:
    """Return the entries with their changes as the forms show them (entries need `content_type`)."""
    entries = list(entries)
    names = _related_names(entries)
    memo: dict[Any, Any] = {}  # what the values readers read once for the whole page
    shown: list[EntryShown] = []
    for entry in entries:
        fields = _model_fields(entry)
        kind = f"{entry.content_type.app_label}.{entry.content_type.model}"
        before = entry.before or {}
        after = entry.after or {}
        changes = []
        for name, f in fields.items():
            if name not in before and name not in after:
                continue
            old, new = before.get(name), after.get(name)
            if entry.before is not None and entry.after is not None and old == new:
                continue
            if entry.before is None and new in (None, "", []):
                continue  # a create lists what was filled in
            if entry.after is None and old in (None, "", []):
                continue
            reader = _VALUES_READERS.get((kind, name))
            if reader is not None:
                changes += reader(
                    old if entry.before is not None else None,
                    new if entry.after is not None else None,
                    after or before,
                    memo,
                )
                continue
            changes.append(
                Change(
                    label=field_label(f),
                    before=value_shown(f, old, before, names) if entry.before is not None else "",
                    after=value_shown(f, new, after, names) if entry.after is not None else "",
                )
            )
        model = entry.content_type.model_class()
        label = str(model._meta.verbose_name) if model is not None else entry.content_type.model
        shown.append(
            EntryShown(
                entry=entry, kind=label[:1].upper() + label[1:], url=_record_url(entry), changes=changes
            )
        )
    return shown
