"""Optimistic concurrency: a save based on an old version of a record is refused, showing what changed.

A record that people edit has a `version` integer. A form or an API call carries the version it
was based on; the service calls `version_claim` before writing. The claim is one conditional
UPDATE (`... WHERE pk = … AND version = expected`), so of two saves based on the same version
exactly one wins, on SQLite and on PostgreSQL alike; the other gets `StaleEditError`, whose
messages (in Vietnamese) say who changed the record, when, and each field's old and new value,
read from the audit log. The form keeps the user's input, now based on the newer version.

A record whose page shows rows of other models (an official's titles) names their relations in
`versioned_children`: each change of such a row moves the record's version on (`version_claim`
with `expected=None`) and is told among the changes made since, so a form opened before it
notices it too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.audit.display import EntryShown, entries_shown
from doingoai.audit.models import AuditAction, AuditEntry


class StaleEditError(Exception):
    """Refused save: `messages` describe the other change; `current_version` is the new base."""

    def __init__(self, messages: list[str], current_version: int) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages
        self.current_version = current_version


def versioned_children(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """Return each (model, field naming the parent) whose rows' changes move `model`'s version on."""
    children = []
    for name in getattr(model, "versioned_children", ()):
        relation: Any = model._meta.get_field(name)
        children.append((relation.related_model, relation.field.name))
    return children


def _changes_since(instance: models.Model, missed: int) -> list[str]:
    """Return the changes of the last `missed` versions: the record's own, and its children's."""
    own_type = ContentType.objects.get_for_model(instance, for_concrete_model=True)
    rows = Q(
        content_type=own_type,
        object_id=str(instance.pk),
        action=AuditAction.UPDATE,
    )
    for child, parent_field in versioned_children(type(instance)):
        # A row's entry names its parent in its values (a deleted row in `before` only).
        of_this = Q(**{f"after__{parent_field}": instance.pk}) | Q(**{f"before__{parent_field}": instance.pk})
        rows |= Q(content_type=ContentType.objects.get_for_model(child, for_concrete_model=True)) & of_this
    entries = list(
        AuditEntry.objects.filter(rows)
        .select_related("actor", "content_type")
        .order_by("-created_at", "-id")[: max(missed, 1)]
    )
    lines: list[str] = []
    # Labels and values as the forms and the audit page write them: "50.000,00 USD", not "50000.00".
    for shown in entries_shown(reversed(entries)):
        entry = shown.entry
        values = {
            "when": timezone.localtime(entry.created_at).strftime("%d/%m/%Y %H:%M"),
            # The person's name where the account still has one ("Nguyễn Văn An"), else the login kept.
            "who": (entry.actor.get_full_name() if entry.actor is not None else "")
            or entry.actor_username
            or _("hệ thống"),
            "kind": shown.kind[:1].lower() + shown.kind[1:],
            "name": shown.name,
        }
        if entry.content_type_id != own_type.pk:
            lines += _child_change_lines(shown, values)
            continue
        for change in shown.changes:
            lines.append(
                _("%(who)s (%(when)s) đổi “%(field)s”: %(old)s → %(new)s")
                % {**values, "field": change.label, "old": change.before, "new": change.after}
            )
    return lines


def _child_change_lines(shown: EntryShown, values: dict[str, str]) -> list[str]:
    """Say what happened to a row shown on the record's page ("… thêm chức danh “Chủ tịch, …”")."""
    if shown.entry.action == AuditAction.CREATE:
        return [_("%(who)s (%(when)s) thêm %(kind)s “%(name)s”") % values]
    if shown.entry.action == AuditAction.DELETE:
        return [_("%(who)s (%(when)s) xóa %(kind)s “%(name)s”") % values]
    return [
        _("%(who)s (%(when)s) đổi “%(field)s” của %(kind)s “%(name)s”: %(old)s → %(new)s")
        % {**values, "field": change.label, "old": change.before, "new": change.after}
        for change in shown.changes
    ]


def version_expected(version: int | None) -> int:
    """Return the version an edit form of a record was filled from; refuse a save that sends none.

    Every edit page sends it; a save without one (a request made by hand) would otherwise overwrite
    whatever was saved meanwhile.
    """
    if version is None:
        raise ValidationError(
            _("Trang sửa gửi thiếu phiên bản của bản ghi nên thay đổi chưa được lưu: hãy mở lại trang sửa.")
        )
    return version


def version_claim(*, instance: models.Model, expected: int | None) -> None:
    """Raise StaleEditError unless the stored version is `expected`; then move the record to the next version.

    `expected` None means the caller did not read the record first (an import, a command): the
    version still moves on, so that forms open elsewhere notice the change.
    """
    model = type(instance)
    rows = model._default_manager.filter(pk=instance.pk)
    if expected is not None:
        rows = rows.filter(version=expected)
    if rows.update(version=F("version") + 1) == 1:
        stored = model._default_manager.values_list("version", flat=True).get(pk=instance.pk)
        setattr(instance, "version", stored)  # noqa: B010 - models without a typed `version` attribute
        return
    current = int(model._default_manager.values_list("version", flat=True).get(pk=instance.pk))
    raise StaleEditError(stale_messages(instance, expected=expected, current=current), current)


def version_check(*, instance: models.Model, expected: int | None) -> None:
    """Raise StaleEditError unless the stored version is `expected`; hold the row, move nothing.

    For a save that may change nothing (the version then stays, so that a form open elsewhere is
    not refused for a change that did not happen): it is refused all the same when based on an
    older version. A save that then writes calls `version_claim`. `expected` None checks nothing.
    """
    if expected is None:
        return
    model = type(instance)
    current = int(
        model._default_manager.select_for_update().values_list("version", flat=True).get(pk=instance.pk)
    )
    if current != expected:
        raise StaleEditError(stale_messages(instance, expected=expected, current=current), current)


def stale_messages(
    instance: models.Model, *, expected: int | None, current: int, input_kept: bool = False
) -> list[str]:
    """Return the refusal of a save based on version `expected`, then each change made since, newest last.

    `input_kept`: the refusal is shown on the form that was sent, its input still there, and says
    so. A button (publish, delete) or an API call has no input to keep: it is told the refusal only.
    """
    refusal = _("Người khác đã sửa bản ghi này trong lúc bạn đang sửa, nên thay đổi của bạn chưa được lưu.")
    if input_kept:
        refusal = f"{refusal} {_stale_input_kept()}"
    return [refusal, *_changes_since(instance, current - (expected or 0))]


def _stale_input_kept() -> str:
    return _("Nội dung bạn nhập vẫn còn dưới đây: hãy xem thay đổi của họ, sửa lại nếu cần rồi bấm Lưu.")


def stale_messages_input_kept(error: StaleEditError) -> list[str]:
    """Return the messages of `error` as a page that shows the refused input again says them."""
    refusal, *changes = error.messages
    return [f"{refusal} {_stale_input_kept()}", *changes]


def stored_version(instance: models.Model) -> int:
    """Return the version of `instance` as stored now (0 if it was deleted meanwhile)."""
    found = type(instance)._default_manager.filter(pk=instance.pk).values_list("version", flat=True).first()
    return int(found) if found is not None else 0


class VersionedForm(forms.Form):
    """A form that carries the version of the record it was filled from, and shows a refused save."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def stale_show(self, error: StaleEditError) -> None:
        """Show why the save was refused and base the kept input on the newer version."""
        data: Any = self.data.copy()  # type: ignore[has-type]
        data["version"] = str(error.current_version)
        self.data = data
        for message in stale_messages_input_kept(error):
            self.add_error(None, message)
