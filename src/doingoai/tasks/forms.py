"""Forms of the tasks pages: they parse input; the rules live in services and selectors."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from doingoai.analysis.numbers import number_typed_parse
from doingoai.analysis.output import number_vi
from doingoai.analysis.text import entity_key
from doingoai.audit.concurrency import VersionedForm
from doingoai.date_fields import YEAR_MAX, YEAR_MIN, VietnameseDateField
from doingoai.directory.collation import vietnamese
from doingoai.directory.models import Organization
from doingoai.directory.selectors import organization_by_name
from doingoai.tasks.models import Conference, ConferenceKind, DocumentRole, PointMode, Priority, SourceKind
from doingoai.tasks.selectors import TaskFilters
from doingoai.tasks.services import task_text_and_lead_problems
from doingoai.tasks.status import DUE_SOON, Band, Status, choices, due_soon_label
from doingoai.uploads import ATTACHMENT_SUFFIXES
from doingoai.widgets import MultipleFilePicker

# "Hội nghị" names one conference here (English "Conference"); the pages' heading names them all.
ONE_CONFERENCE = pgettext_lazy("một hội nghị", "Hội nghị")


def _units() -> Any:
    return Organization.objects.order_by("path")


class UnitChoiceField(forms.ModelChoiceField):
    """A unit, indented by its depth in the tree."""

    def label_from_instance(self, obj: Organization) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    """Several units, indented by depth."""

    def label_from_instance(self, obj: Organization) -> str:
        return f"{'— ' * obj.depth}{obj.name}"

    def _check_values(self, value: Any) -> Any:
        # Django looks each value up alone (where a number beyond the key's range finds
        # nothing), then all together with IN, which SQLite's driver refuses with an
        # OverflowError (a server error). Such a value names no unit: said so, on every database.
        low, high = connection.ops.integer_field_range(Organization._meta.pk.get_internal_type())
        for pk in value:
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and not low <= int(text) <= high:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


# The box site.js puts above a long list of units to narrow it by name.
_FILTER = _("Lọc theo tên đơn vị")


class TaskForm(forms.Form):
    """The fields of a task, prefilled from a proposal or typed by a coordinator."""

    # Required by the services, which refuse a task without them in words placed beside the field
    # (the page comes back with the proposal in view), all missing ones at once: marked required,
    # without the browser's own check, which would stop the form before it is sent and speak the
    # browser's language.
    text = forms.CharField(
        label=_("Nội dung nhiệm vụ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "aria-required": "true"}),
    )
    lead_unit = UnitChoiceField(
        label=_("Đơn vị chủ trì"),
        queryset=_units(),
        required=False,
        empty_label="—",
        widget=forms.Select(attrs={"data-filter": _FILTER, "aria-required": "true"}),
    )
    coordinating_units = UnitsChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=_units(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6, "data-filter": _FILTER}),
    )
    coordinating_note = forms.CharField(
        label=_("Phối hợp (ghi theo văn bản)"), required=False, max_length=500
    )
    deadline = VietnameseDateField(label=_("Thời hạn"), required=False)
    issuer = forms.CharField(label=_("Người, cơ quan giao"), required=False, max_length=255)
    issuer_unit = UnitChoiceField(
        label=_("Đơn vị giao nhiệm vụ (duyệt gia hạn, xác nhận hoàn thành)"),
        queryset=_units(),
        required=False,
        empty_label="—",
        widget=forms.Select(attrs={"data-filter": _FILTER}),
    )
    source_kind = forms.ChoiceField(
        label=_("Loại nguồn"), choices=SourceKind.choices, initial=SourceKind.DIRECTIVE
    )
    conference = forms.ModelChoiceField(
        label=ONE_CONFERENCE, queryset=Conference.objects.order_by("-date"), required=False, empty_label="—"
    )
    priority = forms.ChoiceField(label=_("Mức độ ưu tiên"), choices=Priority.choices, initial=Priority.NORMAL)
    strategy_goal = forms.CharField(label=_("Mục tiêu chiến lược"), required=False, max_length=500)

    # Fields shown as required ("*") though the form leaves the check to the services.
    required_marked = ("text", "lead_unit", "deadline")

    def __init__(self, *args: Any, prefix_key: str = "", **kwargs: Any) -> None:
        super().__init__(*args, prefix=prefix_key or None, **kwargs)
        self.fields["deadline"].widget.attrs["aria-required"] = "true"

    def clean(self) -> dict[str, Any]:
        """Name a missing text or lead unit even when another field already stops the form."""
        cleaned = super().clean() or {}
        if self.errors:  # the services will not run: what they would have said is said here
            problems = task_text_and_lead_problems(cleaned.get("text", ""), cleaned.get("lead_unit"))
            for field, said in problems.items():
                if field not in self.errors:
                    self.add_error(field, said)
        return cleaned


def _conference_label(name: str) -> Any:
    """Return the name of a conference's field as a form labels it: the model's, capitalized."""
    return capfirst(Conference._meta.get_field(name).verbose_name)


class ConferenceForm(VersionedForm):
    """A conference's own fields; its connection points and documents are the rows below them."""

    title = forms.CharField(label=_("Tên hội nghị"), max_length=500)
    kind = forms.ChoiceField(
        label=_("Loại"), choices=ConferenceKind.choices, initial=ConferenceKind.CONFERENCE
    )
    date = VietnameseDateField(label=_("Ngày họp"))
    organizer = UnitChoiceField(
        label=_("Đơn vị tổ chức"),
        queryset=_units(),
        empty_label="—",
        widget=forms.Select(attrs={"data-filter": _FILTER}),
    )
    # The model's names: "Chủ trì" alone is a task's lead unit, "Địa điểm" an article's places.
    chair = forms.CharField(label=_conference_label("chair"), required=False, max_length=255)
    venue = forms.CharField(label=_conference_label("venue"), required=False, max_length=255)


class CountField(forms.IntegerField):
    """A whole number typed the Vietnamese way ("1.500" is fifteen hundred), in a text box."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "size": 7})
    default_error_messages: ClassVar[dict[str, Any]] = {
        "invalid": _("Số người dự phải là một số nguyên (ví dụ 1.500).")
    }

    def prepare_value(self, value: Any) -> Any:
        """Show a stored number as it is typed: 1250 as "1.250"."""
        return number_vi(Decimal(value)) if isinstance(value, int) else value

    def to_python(self, value: Any) -> int | None:
        """Return the number typed, None when empty; refuse a fraction or words."""
        if value in self.empty_values:
            return None
        try:
            number = number_typed_parse(str(value))
        except (ValueError, ArithmeticError):
            number = None
        if number is None or number != number.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        # The bounds said as numbers are typed here ("2.000.000.000"), not as Django writes them.
        if self.min_value is not None and number < self.min_value:
            said = _("Số người dự không được nhỏ hơn %(limit)s.")
            raise ValidationError(said % {"limit": self.prepare_value(self.min_value)}, code="min_value")
        if self.max_value is not None and number > self.max_value:
            said = _("Số người dự không được lớn hơn %(limit)s.")
            raise ValidationError(said % {"limit": self.prepare_value(self.max_value)}, code="max_value")
        return int(number)


def _boxes_named(form: forms.Form) -> None:
    """Name each box of a table row for a screen reader: the column's header is not its label."""
    line = (form.prefix or "").rsplit("-", 1)[-1]
    row = int(line) + 1 if line.isdigit() else 0
    for field in form.fields.values():
        if field.label and not field.widget.is_hidden:
            field.widget.attrs["aria-label"] = _("%(field)s, dòng %(n)d") % {"field": field.label, "n": row}


UNIT_NAMES_LIST = "unit-names"


class UnitNameField(forms.CharField):
    """A unit typed or picked by its name or abbreviation (`directory.selectors.organization_by_name`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("widget", forms.TextInput(attrs={"list": UNIT_NAMES_LIST, "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        """Show a unit by its name."""
        return value.name if isinstance(value, Organization) else value

    # The units by their name's key, read once for a table's rows (`_RowsFormSet`); None where two
    # units share a name. A name not found there is looked for as `organization_by_name` does.
    known: dict[str, Organization | None] | None = None

    def clean(self, value: Any) -> Any:
        """Return the one unit the text names, None when empty; refuse a name no unit or several answer."""
        text = super().clean(value)
        if not text:
            return None
        unit = (self.known or {}).get(entity_key(text)) or organization_by_name(text)
        if unit is None:
            said = _("Không có đúng một đơn vị tên “%(name)s”: hãy chọn tên trong danh sách gợi ý.")
            raise ValidationError(said % {"name": text}, code="invalid_unit")
        return unit


def unit_names() -> list[str]:
    """Return the names of every unit, in dictionary order, for the page's list (`UNIT_NAMES_LIST`)."""
    return list(Organization.objects.order_by(vietnamese("name"), "pk").values_list("name", flat=True))


class PointForm(forms.Form):
    """One connection point of a conference; a row left blank is no point."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Two lines: points are often named alike up to their last words ("… tỉnh Quảng Trị"), which a
    # one-line box of the table cut off, so that a hundred rows looked the same.
    name = forms.CharField(
        label=_("Điểm cầu"), required=False, max_length=255, widget=forms.Textarea(attrs={"rows": 2})
    )
    # A name chosen among the page's one list of units (`UNIT_NAMES_LIST`), not a list in every row:
    # a conference of 103 points made a page of 1 MB, rendered in 0.8 s, with one select per row.
    unit = UnitNameField(label=_("Đơn vị"), required=False)
    mode = forms.ChoiceField(label=_("Hình thức"), choices=[("", "—"), *PointMode.choices], required=False)
    attendance = CountField(label=_("Số người dự"), required=False, min_value=0, max_value=2_000_000_000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _boxes_named(self)

    def clean(self) -> dict[str, Any]:
        """Ask for the name, unit and form of a point once any of its boxes is filled in."""
        data = super().clean() or {}
        filled = any(data.get(name) not in (None, "") for name in ("name", "unit", "mode", "attendance"))
        if filled:
            for name in ("name", "unit", "mode"):
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, _("Hãy điền ô này cho điểm cầu."))
        data["filled"] = filled
        return data


class ConferenceDocumentForm(forms.Form):
    """One library document of a conference: its number or its page's address, and its role."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    document = forms.CharField(
        label=_("Văn bản (số hoặc địa chỉ trang)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"size": 30}),
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=[("", "—"), *DocumentRole.choices], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _boxes_named(self)

    def clean_document(self) -> int | None:
        """Return the document's number from "56", "/thu-vien/van-ban/56/" or the page's whole address."""
        try:
            return document_number(self.cleaned_data.get("document") or "")
        except ValueError:
            raise ValidationError(
                _("Hãy nhập số văn bản (như 56) hoặc địa chỉ trang văn bản (như /thu-vien/van-ban/56/).")
            ) from None

    def clean(self) -> dict[str, Any]:
        """Ask for the role of a document given, and for the document of a role chosen."""
        data = super().clean() or {}
        if data.get("document") is not None and not data.get("role") and "role" not in self.errors:
            self.add_error("role", _("Hãy chọn vai trò của văn bản."))
        if data.get("role") and data.get("document") is None and "document" not in self.errors:
            self.add_error("document", _("Hãy nhập số hoặc địa chỉ trang của văn bản."))
        return data


def document_number(text: str) -> int | None:
    """Return the library document a box names: "56", "#56", "/thu-vien/van-ban/56/" or a whole address.

    None when the box is empty; ValueError when it names no document.
    """
    text = text.strip()
    if not text:
        return None
    found = _DOCUMENT_NUMBER.fullmatch(text) or _DOCUMENT_PAGE.search(text)
    if found is None or len(found.group(1)) > 12:
        raise ValueError(text)
    return int(found.group(1))


_DOCUMENT_NUMBER = re.compile(r"#?(\d+)")
_DOCUMENT_PAGE = re.compile(r"/thu-vien/van-ban/(\d+)(?:/|$|[?#])")

# A conference of the whole country has about a hundred points; a form posting more rows than this
# is refused with a message, not read row by row.
CONFERENCE_ROWS_MAX = 500


class _RowsFormSet(forms.BaseFormSet):
    """Rows that share what they look up: the units are read once for the whole table, not once a row."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._units: dict[str, Organization | None] | None = None

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form = super()._construct_form(i, **kwargs)
        for field in form.fields.values():
            if isinstance(field, UnitNameField):
                if self._units is None:
                    self._units = {}
                    for unit in Organization.objects.all():
                        self._units[unit.name_key] = None if unit.name_key in self._units else unit
                field.known = self._units
        return form


def _rows_formset(form: type[forms.Form], *, extra: int) -> type[forms.BaseFormSet]:
    """Return the formset of a conference's rows: stored rows may be removed, at most the bound."""
    return forms.formset_factory(
        form,
        formset=_RowsFormSet,
        extra=extra,
        can_delete=True,
        can_delete_extra=False,
        max_num=CONFERENCE_ROWS_MAX,
        validate_max=True,
        absolute_max=CONFERENCE_ROWS_MAX,
    )


PointFormSet = _rows_formset(PointForm, extra=3)
ConferenceDocumentFormSet = _rows_formset(ConferenceDocumentForm, extra=2)


class TaskEditForm(VersionedForm):
    """The correctable fields of a confirmed task, with the version it was filled from.

    No deadline: it moves only through a deadline change (request, then another person's decision).
    """

    text = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = UnitChoiceField(
        label=_("Đơn vị chủ trì"),
        queryset=_units(),
        empty_label="—",
        widget=forms.Select(attrs={"data-filter": _FILTER}),
    )
    coordinating_units = UnitsChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=_units(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6, "data-filter": _FILTER}),
    )
    coordinating_note = forms.CharField(
        label=_("Phối hợp (ghi theo văn bản)"), required=False, max_length=500
    )
    priority = forms.ChoiceField(label=_("Mức độ ưu tiên"), choices=Priority.choices)
    strategy_goal = forms.CharField(label=_("Mục tiêu chiến lược"), required=False, max_length=500)


class TaskCancelForm(forms.Form):
    """Why a task is called off, and the version of the task the page showed."""

    reason = forms.CharField(label=_("Lý do hủy nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, auto_id="cancel_%s", **kwargs)


class SubtaskForm(forms.Form):
    """Part of a task given to one unit."""

    text = forms.CharField(label=_("Nội dung phần việc"), widget=forms.Textarea(attrs={"rows": 2}))
    lead_unit = UnitChoiceField(
        label=_("Đơn vị chủ trì"),
        queryset=_units(),
        empty_label="—",
        widget=forms.Select(attrs={"data-filter": _FILTER}),
    )
    deadline = VietnameseDateField(label=_("Thời hạn"))


class AttachmentsInput(forms.Form):
    """The file box of a progress report: the files it attaches (read and checked by the service)."""

    attachments = forms.FileField(
        label=_("Tệp đính kèm (tối đa 5 tệp, mỗi tệp 5 MB)"),
        required=False,
        widget=MultipleFilePicker(
            attrs={"accept": ",".join(ATTACHMENT_SUFFIXES), "aria-describedby": "attachments-kinds"}
        ),
    )


class ProgressForm(forms.Form):
    """A progress report of one unit."""

    # Required and set to the user's first unit: no empty "---------" choice above the units.
    unit = forms.ModelChoiceField(
        label=_("Báo cáo cho đơn vị"), queryset=Organization.objects.none(), empty_label=None
    )
    period = forms.CharField(label=_("Kỳ báo cáo"), required=False, max_length=100)
    text = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 3}))
    # A text box: a number box would send nothing for "1,2", then refused as if left empty.
    percent = forms.IntegerField(
        label=_("Tiến độ (%)"),
        min_value=0,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    is_completion = forms.BooleanField(label=_("Báo cáo hoàn thành nhiệm vụ"), required=False)
    done_on = VietnameseDateField(label=_("Ngày hoàn thành"), required=False)

    def __init__(
        self, *args: Any, units: list[Organization], lead: Organization | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if lead is None or all(u.pk != lead.pk for u in units):
            # Only the lead unit reports completion: a coordinating unit is not offered what it cannot do.
            del self.fields["is_completion"], self.fields["done_on"]
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(pk__in=[u.pk for u in units]).order_by(
            vietnamese("name"), "pk"
        )
        if units:
            field.initial = units[0].pk


class DeadlineChangeForm(forms.Form):
    """A request for a new deadline; the permitting document is the decider's, given when approving."""

    new_deadline = VietnameseDateField(label=_("Thời hạn mới"))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class CompletionReturnForm(forms.Form):
    """The reason a completion report is sent back to the lead unit."""

    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, auto_id="return_%s", **kwargs)


class TaskFilterForm(forms.Form):
    """The filters of the follow-up table."""

    status = forms.ChoiceField(
        # Callables: the labels are read in the language of each page, not of the first import.
        label=_("Tình trạng"),
        choices=lambda: [("", _("Tất cả")), *choices(Status), (DUE_SOON, due_soon_label())],
        required=False,
    )
    band = forms.ChoiceField(
        label=_("Mức quá hạn"),
        choices=lambda: [("", _("Tất cả")), *choices(Band)],
        required=False,
    )
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=_units(), required=False, empty_label=_("Tất cả"))
    conference = forms.ModelChoiceField(
        label=ONE_CONFERENCE,
        queryset=Conference.objects.order_by("-date"),
        required=False,
        empty_label=_("Tất cả"),
    )
    q = forms.CharField(label=_("Nội dung có chữ"), required=False)
    year = forms.IntegerField(
        label=_("Thời hạn trong năm"),
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        widget=forms.TextInput(attrs={"size": 6, "inputmode": "numeric"}),
    )
    awaiting = forms.BooleanField(label=_("Chờ tôi quyết định"), required=False)

    def filters(self) -> TaskFilters:
        """Return the filters chosen; a filter whose value is not valid is left out, the others kept.

        The page names the one left out (`errors`): dropping every filter for one typing error
        would show the whole list as if it were the answer.
        """
        if not self.is_bound:
            return TaskFilters()
        self.is_valid()
        data = self.cleaned_data
        return TaskFilters(
            status=data.get("status") or "",
            band=data.get("band") or "",
            unit=data.get("unit"),
            conference=data.get("conference"),
            query=data.get("q") or "",
            year=data.get("year"),
            awaiting=bool(data.get("awaiting")),
        )


def date_text(value: dt.date | None) -> str:
    """Return a date as dd/mm/yyyy, or an empty string."""
    return value.strftime("%d/%m/%Y") if value else ""
