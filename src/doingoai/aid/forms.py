"""Forms of the aid pages: the filters, the import upload and the entry forms of the registry."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from doingoai import iati
from doingoai.accounts import scope
from doingoai.aid.currency import Conversion, amount_convert, conversion_is_stale, currency_check
from doingoai.aid.errors import AidError, RateMissingError
from doingoai.aid.locations import Location
from doingoai.aid.models import ActivityStatus, OrganisationRole, Programme, TransactionType
from doingoai.aid.services import Participant, budget_period_problem, sectors_check
from doingoai.analysis import admin_units
from doingoai.analysis.numbers import MAX_DIGITS, MINUS_SIGNS, digits_parse, number_typed_parse
from doingoai.analysis.text import fold_key, name_sort_key
from doingoai.audit.concurrency import VersionedForm
from doingoai.date_fields import VietnameseDateField
from doingoai.directory.collation import vietnamese
from doingoai.directory.models import Organization, PartnerOrganization
from doingoai.iati.standard import codelist, codelist_names
from doingoai.uploads import NamedFileField
from doingoai.widgets import FilePicker


class ProjectFilterForm(forms.Form):
    """Filter the project list."""

    q = forms.CharField(label=_("Tìm"), required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", "—"), *ActivityStatus.choices]
    )
    # A unit's own projects among the whole country's: the ones the user may change (the unit and
    # the units under it), the same set the template export holds.
    editable = forms.BooleanField(label=_("Chỉ các dự án bạn được sửa"), required=False)


class ImportForm(forms.Form):
    """Upload a filled-in template or an IATI XML file; `unit` owns the new projects of an IATI file."""

    file = NamedFileField(label=_("Tệp Excel (.xlsx), CSV hoặc IATI XML (.xml)"), widget=FilePicker)
    unit = forms.ModelChoiceField(
        label=_("Đơn vị quản lý các dự án mới của tệp IATI"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Đơn vị của bạn"),
        help_text=_("Để trống là đơn vị của bạn."),
    )

    def __init__(self, *args: Any, units: QuerySet[Organization] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units if units is not None else Organization.objects.none()


# ---------------------------------------------------------------------------------------------
# Entry forms of the registry. They parse and check input; the services write (`aid.services`).


_VersionedForm = VersionedForm  # the registry's entry forms carry their record's version


class VersionForm(_VersionedForm):
    """The version alone, of an action on a record (a deletion) checked against the page it came from."""


# Digits and the separators of a Vietnamese figure, nothing else ("1.000.000.000.000.000.000").
_DIGITS_ONLY = re.compile(r"[0-9][0-9.,]*")


def _too_long(figure: str) -> bool:
    """Return whether the parser refused `figure`, digits and separators only, for its size alone.

    "99999999999999999999999" is a number, only too large; "1.5.2" is no number at all.
    """
    if sum(char.isdigit() for char in figure) > MAX_DIGITS:
        return True
    try:
        digits_parse(figure)
    except ValueError:
        return False
    return True


class VietnameseDecimalField(forms.DecimalField):
    """A decimal typed the Vietnamese way: "1.200.000", "28.000,5", "33,5" or "1,2 triệu".

    The reading is the analysis's one number parser (`analysis.numbers.number_typed_parse`), so a
    form reads an amount exactly as an article's figure and an import file's cell are read.
    """

    def prepare_value(self, value: Any) -> Any:
        """Show a stored number the way it is typed: 1200000.50 as "1.200.000,5"."""
        if not isinstance(value, Decimal):
            return value
        sign, rest = ("-", -value) if value < 0 else ("", value)
        whole, _dot, fraction = f"{rest:f}".partition(".")
        fraction = fraction.rstrip("0")
        grouped = f"{int(whole):,}".replace(",", ".")
        return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"

    def to_python(self, value: Any) -> Decimal | None:
        """Return the number typed, None when empty; raise the field's "invalid" error otherwise."""
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        try:
            return number_typed_parse(str(value))
        except (ValueError, ArithmeticError) as exc:
            text = str(value).replace("\u00a0", " ").strip()
            unsigned = text[1:].strip() if text[:1] in MINUS_SIGNS else text
            if _DIGITS_ONLY.fullmatch(unsigned) and self._whole_max() is not None and _too_long(unsigned):
                raise self._too_large() from exc
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def _whole_max(self) -> Decimal | None:
        """Return the first number too large for the field's digits (10^15 for 17 digits, 2 decimals)."""
        if self.max_digits is None or self.decimal_places is None:
            return None
        return Decimal(10) ** (self.max_digits - self.decimal_places)

    def _too_large(self) -> forms.ValidationError:
        limit = self.prepare_value(self._whole_max())
        return forms.ValidationError(
            _("Số quá lớn: hãy nhập một số nhỏ hơn %(limit)s.") % {"limit": limit}, code="max_whole_digits"
        )

    def run_validators(self, value: Any) -> None:
        """Refuse a number out of range naming its limit as it is typed ("0,01", "1.000.000")."""
        if value not in self.empty_values:
            # Django's own message gives the limit in English digits ("lớn hơn hoặc bằng với 0.01 .").
            if self.min_value is not None and value < self.min_value:
                raise forms.ValidationError(
                    _("Hãy nhập một số từ %(limit)s trở lên.")
                    % {"limit": self.prepare_value(Decimal(self.min_value))},
                    code="min_value",
                )
            if self.max_value is not None and value > self.max_value:
                raise forms.ValidationError(
                    _("Hãy nhập một số không quá %(limit)s.")
                    % {"limit": self.prepare_value(Decimal(self.max_value))},
                    code="max_value",
                )
            whole_max = self._whole_max()
            if whole_max is not None and abs(value) >= whole_max:
                # Django's own message counts digits ("không có nhiều hơn 17 số"); this names the number.
                raise self._too_large()
        super().run_validators(value)


def _date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return VietnameseDateField(label=label, required=required)


class ProjectForm(_VersionedForm):
    """Create or change a project's own fields; its sectors and locations are formsets beside it."""

    iati_identifier = forms.CharField(
        label=_("Mã IATI"), max_length=150, help_text=_("Ví dụ: VN-DOINGOAI-2026-001.")
    )
    title = forms.CharField(label=_("Tên dự án"), max_length=500)
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Trạng thái"), choices=ActivityStatus.choices)
    programme = forms.ModelChoiceField(
        label=_("Chương trình"),
        queryset=Programme.objects.order_by(vietnamese("name"), "pk"),
        required=False,
        empty_label="—",
    )
    owner_unit = forms.ModelChoiceField(
        label=_("Đơn vị quản lý"), queryset=Organization.objects.none(), empty_label=_("— Chọn đơn vị —")
    )
    is_published = forms.BooleanField(
        label=_("Công bố cho mọi đơn vị"),
        required=False,
        help_text=_("Khi chưa công bố, chỉ đơn vị quản lý và các đơn vị cấp trên xem được."),
    )

    planned_start = _date_field(_("Ngày bắt đầu dự kiến"), required=False)
    actual_start = _date_field(_("Ngày bắt đầu thực tế"), required=False)
    planned_end = _date_field(_("Ngày kết thúc dự kiến"), required=False)
    actual_end = _date_field(_("Ngày kết thúc thực tế"), required=False)

    field_order = ("iati_identifier", "title", "description", "status", "programme", "owner_unit")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = scope.units_editable(user).order_by("path")

    def clean(self) -> dict[str, Any]:
        """Refuse an end date before its start date, on the end date's field."""
        data = super().clean() or {}
        for kind in ("planned", "actual"):
            start, end = data.get(f"{kind}_start"), data.get(f"{kind}_end")
            if start is not None and end is not None and end < start:
                self.add_error(
                    f"{kind}_end",
                    _("Ngày kết thúc trước ngày bắt đầu (%(start)s).")
                    % {"start": start.strftime("%d/%m/%Y")},
                )
        return data

    def clean_iati_identifier(self) -> str:
        """Return the identifier in NFC without surrounding spaces; refuse spaces inside it."""
        value = unicodedata.normalize("NFC", self.cleaned_data["iati_identifier"]).strip()
        if any(ch.isspace() for ch in value):
            raise forms.ValidationError(_("Mã IATI không được chứa dấu cách."))
        return value


class SectorForm(forms.Form):
    """One sector row of a project: a DAC 5-digit code and its share."""

    code = forms.CharField(
        label=_("Mã lĩnh vực DAC"),
        max_length=5,
        min_length=5,
        required=False,
        widget=forms.TextInput(attrs={"list": "dac-sectors", "inputmode": "numeric", "size": 8}),
    )
    percentage = VietnameseDecimalField(
        label=_("Tỷ lệ (%)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )

    def clean(self) -> dict[str, Any]:
        """Require both the code and the share once either is filled in."""
        data = super().clean() or {}
        code, pct = data.get("code"), data.get("percentage")
        if code and not code.isdigit():
            self.add_error("code", _("Mã lĩnh vực phải gồm 5 chữ số, ví dụ 16040."))
        if code and pct is None and "percentage" not in self.errors:
            self.add_error("percentage", _("Hãy nhập tỷ lệ cho lĩnh vực %(code)s.") % {"code": code})
        if pct is not None and not code and "code" not in self.errors:
            self.add_error("code", _("Hãy nhập mã lĩnh vực cho tỷ lệ %(pct)s%%.") % {"pct": pct})
        return data


class _SectorFormSetBase(forms.BaseFormSet):
    def rows(self) -> list[tuple[str, Decimal]]:
        """Return the filled-in (code, percentage) rows."""
        return [
            (form.cleaned_data["code"], form.cleaned_data["percentage"])
            for form in self.forms
            if form.cleaned_data.get("code") and form.cleaned_data.get("percentage") is not None
        ]

    def clean(self) -> None:
        """Check the rows together with the registry's one rule (`services.sectors_check`)."""
        if any(self.errors):
            return
        try:
            sectors_check(self.rows())
        except AidError as exc:
            label = SectorForm.base_fields["percentage"].label
            problems = [_("Lĩnh vực – %(field)s: %(message)s") % {"field": label, "message": m} for m in exc]
            raise forms.ValidationError(problems) from exc


SectorFormSet = forms.formset_factory(SectorForm, formset=_SectorFormSetBase, extra=0)


def province_choices() -> list[tuple[str, str]]:
    """Return the 34 provinces in force since 1 July 2025, by name."""
    provinces = sorted(admin_units.provinces_all(), key=lambda p: fold_key(p.name))
    return [("", _("— Chọn tỉnh, thành phố —"))] + [(p.code, p.full_name) for p in provinces]


def commune_choices(province_code: str) -> list[tuple[str, str]]:
    """Return the communes, wards and special zones of one province, by name."""
    communes = sorted(
        (c for c in admin_units.admin_units().communes.values() if c.province_code == province_code),
        key=lambda c: name_sort_key(c.full_name),  # dictionary order: every D before Đ
    )
    return [("", _("— Cả tỉnh —"))] + [(c.code, c.full_name) for c in communes]


class LocationForm(forms.Form):
    """One location row of a project: a province and, within it, a commune (optional)."""

    province = forms.ChoiceField(label=_("Tỉnh, thành phố"), choices=province_choices, required=False)
    commune = forms.ChoiceField(label=_("Xã, phường"), choices=(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound = self.data.get(self.add_prefix("province")) if self.is_bound else None
        province = bound or self.initial.get("province", "")
        field = self.fields["commune"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = commune_choices(str(province)) if province else [("", _("— Cả tỉnh —"))]
        field.widget.attrs["data-communes-of"] = self.add_prefix("province")

    def location(self) -> Location | None:
        """Return the location chosen, or None for an empty row."""
        code = self.cleaned_data.get("province")
        if not code:
            return None
        province = admin_units.province_by_code(code)
        assert province is not None
        commune_code = self.cleaned_data.get("commune") or ""
        commune = admin_units.commune_by_code(commune_code) if commune_code else None
        if commune is None:
            return Location(province.code, "", province.full_name, "")
        return Location(province.code, commune.code, f"{commune.full_name}, {province.full_name}", "")


class _LocationFormSetBase(forms.BaseFormSet):
    def locations(self) -> list[Location]:
        """Return the locations chosen, each once."""
        found: list[Location] = []
        for form in self.forms:
            loc = form.location()
            if loc is not None and loc not in found:
                found.append(loc)
        return found


LocationFormSet = forms.formset_factory(LocationForm, formset=_LocationFormSetBase, extra=0)


# Our Vietnamese names of the IATI OrganisationType codes; a code added by a later codelist shows
# its English name until it is named here.
ORGANISATION_TYPE_NAMES_VI = {
    "10": _("Cơ quan nhà nước"),
    "11": _("Chính quyền địa phương"),
    "15": _("Khu vực công khác"),
    "21": _("Tổ chức phi chính phủ quốc tế"),
    "22": _("Tổ chức phi chính phủ trong nước"),
    "23": _("Tổ chức phi chính phủ khu vực"),
    "24": _("Tổ chức phi chính phủ có trụ sở tại nước nhận viện trợ"),
    "30": _("Đối tác công tư"),
    "40": _("Tổ chức đa phương"),
    "60": _("Quỹ"),
    "70": _("Khu vực tư nhân"),
    "71": _("Tư nhân tại nước tài trợ"),
    "72": _("Tư nhân tại nước nhận viện trợ"),
    "73": _("Tư nhân tại nước thứ ba"),
    "80": _("Học thuật, đào tạo và nghiên cứu"),
    "90": _("Khác"),
}


def organisation_type_choices() -> list[tuple[str, Any]]:
    """Return the OrganisationType codes of the shipped IATI codelist as "code – name".

    Withdrawn codes come last, marked, so that an imported organisation keeps its code when its
    project is edited here.
    """
    names = codelist_names("OrganisationType")
    types = codelist("OrganisationType")
    withdrawn = _("(đã bãi bỏ)")
    return (
        [("", "—")]
        + [
            (code, f"{code} – {ORGANISATION_TYPE_NAMES_VI.get(code) or names.get(code, '')}")
            for code in sorted(types.active, key=int)
        ]
        + [(code, f"{code} – {names.get(code, '')} {withdrawn}") for code in sorted(types.withdrawn, key=int)]
    )


class ParticipantForm(forms.Form):
    """One participating organization of a project: its role, a partner of the directory or a name."""

    role = forms.ChoiceField(
        label=_("Vai trò"), choices=[("", "—"), *OrganisationRole.choices], required=False
    )
    partner = forms.ModelChoiceField(
        label=_("Đối tác trong danh bạ"),
        queryset=PartnerOrganization.objects.none(),
        required=False,
        empty_label="—",
    )
    name = forms.CharField(label=_("Tên tổ chức"), max_length=255, required=False)
    ref = forms.CharField(
        label=_("Mã IATI của tổ chức"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"size": 14}),
    )
    org_type = forms.ChoiceField(label=_("Loại tổ chức"), choices=organisation_type_choices, required=False)
    # A unit of the system taking part (set by an import, kept through the form's edits).
    unit = forms.ModelChoiceField(
        queryset=Organization.objects.all(), widget=forms.HiddenInput, required=False
    )

    def __init__(
        self, *args: Any, partners: QuerySet[PartnerOrganization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = partners if partners is not None else PartnerOrganization.objects.none()

    def clean(self) -> dict[str, Any]:
        """Require a role and a partner or a name once any of the row is filled in."""
        data = super().clean() or {}
        filled = any(data.get(name) for name in ("role", "partner", "name", "ref", "org_type"))
        if not filled:
            return data
        if not data.get("role") and "role" not in self.errors:
            self.add_error("role", _("Hãy chọn vai trò của tổ chức tham gia."))
        if not data.get("partner") and not data.get("name", "").strip() and "name" not in self.errors:
            self.add_error("name", _("Hãy chọn một đối tác hoặc nhập tên tổ chức tham gia."))
        ref = data.get("ref", "")
        if any(ch.isspace() for ch in ref.strip()):
            self.add_error("ref", _("Mã IATI của tổ chức không được chứa dấu cách."))
        return data


class _ParticipantFormSetBase(forms.BaseFormSet):
    def participants(self) -> list[Any]:
        """Return the filled-in rows as the services' participants (a partner's name when none typed)."""
        found = []
        for form in self.forms:
            data = form.cleaned_data
            if not data.get("role"):
                continue
            partner = data.get("partner")
            name = unicodedata.normalize("NFC", data.get("name", "")).strip() or (
                partner.name if partner else ""
            )
            found.append(
                Participant(
                    role=data["role"],
                    name=name,
                    partner=partner,
                    unit=data.get("unit"),
                    ref=data.get("ref", "").strip(),
                    org_type=data.get("org_type", ""),
                )
            )
        return found


ParticipantFormSet = forms.formset_factory(ParticipantForm, formset=_ParticipantFormSetBase, extra=0)

BUDGET_TYPE_LABELS = {"1": _("Ban đầu"), "2": _("Điều chỉnh")}
BUDGET_STATUS_LABELS = {"1": _("Dự kiến"), "2": _("Đã cam kết")}


class BudgetForm(forms.Form):
    """One budget row of a project: a period of a year at most, an amount and its currency."""

    period_start = _date_field(_("Ngân sách từ ngày"), required=False)
    period_end = _date_field(_("Ngân sách đến ngày"), required=False)
    value = VietnameseDecimalField(
        label=_("Số tiền ngân sách"),
        required=False,
        min_value=Decimal(0),
        max_digits=17,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 14}),
    )
    currency = forms.CharField(
        label=_("Tiền tệ ngân sách"),
        max_length=3,
        required=False,
        widget=forms.TextInput(attrs={"list": "currencies", "size": 5}),
    )
    # The date the amount is valued at, as an imported file gave it; a budget entered here is
    # valued at its period's start.
    value_date = forms.DateField(widget=forms.HiddenInput, required=False)
    budget_type = forms.ChoiceField(
        label=_("Loại ngân sách"), choices=list(BUDGET_TYPE_LABELS.items()), initial="1", required=False
    )
    status = forms.ChoiceField(
        label=_("Tình trạng ngân sách"),
        choices=list(BUDGET_STATUS_LABELS.items()),
        initial="1",
        required=False,
    )

    def clean_currency(self) -> str:
        """Return the ISO 4217 code in capitals, or "" when empty; an unknown code is refused."""
        value = self.cleaned_data.get("currency", "").strip()
        if not value:
            return ""
        try:
            return currency_check(value)
        except AidError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def clean(self) -> dict[str, Any]:
        """Require the period, amount and currency once any is filled; refuse a period over a year."""
        data = super().clean() or {}
        required = {
            "period_start": _("Hãy nhập ngày bắt đầu kỳ ngân sách."),
            "period_end": _("Hãy nhập ngày kết thúc kỳ ngân sách."),
            "value": _("Hãy nhập số tiền ngân sách."),
            "currency": _("Hãy nhập mã tiền tệ của ngân sách, ví dụ EUR."),
        }
        if not any(data.get(name) not in (None, "") for name in required):
            return data
        for name, message in required.items():
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, message)
        start, end = data.get("period_start"), data.get("period_end")
        if start is not None and end is not None:
            problem = budget_period_problem(start, end)
            if problem is not None:
                self.add_error("period_end", problem)
        return data

    def budget(self) -> iati.Budget | None:
        """Return the budget entered, or None for an empty row; its value date is the period's start."""
        data = self.cleaned_data
        if data.get("period_start") is None or data.get("value") is None:
            return None
        return iati.Budget(
            period_start=data["period_start"],
            period_end=data["period_end"],
            value=data["value"],
            currency=data["currency"],
            value_date=data.get("value_date") or data["period_start"],
            type=data.get("budget_type") or "1",
            status=data.get("status") or "1",
        )


class _BudgetFormSetBase(forms.BaseFormSet):
    def budgets(self) -> list[iati.Budget]:
        """Return the budgets entered, in their order."""
        return [b for b in (form.budget() for form in self.forms) if b is not None]


BudgetFormSet = forms.formset_factory(BudgetForm, formset=_BudgetFormSetBase, extra=0)


class TransactionForm(_VersionedForm):
    """Record or change a transaction; a valid form also holds the conversion as it will be stored."""

    transaction_type = forms.ChoiceField(
        label=_("Loại giao dịch"), choices=[("", _("— Chọn loại giao dịch —")), *TransactionType.choices]
    )
    date = _date_field(_("Ngày giao dịch"))
    provider = forms.ModelChoiceField(
        label=_("Bên cấp vốn"),
        queryset=PartnerOrganization.objects.none(),
        empty_label=_("— Chọn bên cấp vốn —"),
    )
    value = VietnameseDecimalField(
        label=_("Số tiền"),
        # A transaction is a positive amount (`aid.currency.amount_check`); its kind says which way.
        min_value=Decimal("0.01"),
        max_digits=17,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Dấu phẩy ngăn phần thập phân, ví dụ 1.250.000,50."),
    )
    currency = forms.CharField(
        label=_("Tiền tệ"),
        max_length=3,
        min_length=3,
        widget=forms.TextInput(attrs={"list": "currencies", "size": 5}),
        help_text=_("Mã ISO 4217: VND, USD, EUR, JPY…"),
    )
    description = forms.CharField(label=_("Mô tả"), max_length=500, required=False)

    conversion: Conversion | None = None
    conversion_stale: bool = False

    def __init__(self, *args: Any, partners: QuerySet[PartnerOrganization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = partners

    def clean_currency(self) -> str:
        """Return the ISO 4217 code in capitals; an unknown code is refused as unknown."""
        try:
            return currency_check(self.cleaned_data["currency"])
        except AidError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def clean(self) -> dict[str, Any]:
        """Convert the amount as the registry will store it, or say why it cannot be converted."""
        data = super().clean() or {}
        value, currency, day = data.get("value"), data.get("currency"), data.get("date")
        if value is None or not currency or day is None:
            return data
        try:
            self.conversion = amount_convert(value=value, currency=currency, on=day)
        except RateMissingError as exc:
            self.add_error("currency", exc.messages)
        except AidError as exc:
            self.add_error("value", exc.messages)
        else:
            self.conversion_stale = conversion_is_stale(
                SimpleNamespace(
                    date=day,
                    currency=currency,
                    rate_date=self.conversion.rate_date,
                    usd_rate_date=self.conversion.usd_rate_date,
                )
            )
        return data


class ExchangeRateForm(forms.Form):
    """Enter the VND rate of a currency on a day (coordinators)."""

    currency = forms.CharField(
        label=_("Tiền tệ"), max_length=3, min_length=3, widget=forms.TextInput(attrs={"size": 5})
    )
    date = _date_field(_("Ngày của tỷ giá"))
    rate = VietnameseDecimalField(
        label=_("Tỷ giá ra VND"),
        max_digits=20,
        decimal_places=6,
        min_value=Decimal("0.000001"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Số VND của một đơn vị tiền tệ, ví dụ 27.450,5."),
    )

    def clean_currency(self) -> str:
        """Return the ISO 4217 code in capitals; an unknown code is refused as unknown."""
        try:
            return currency_check(self.cleaned_data["currency"])
        except AidError as exc:
            raise forms.ValidationError(exc.messages) from exc


class ProgrammeForm(_VersionedForm):
    """Declare or rename a national programme (coordinators)."""

    code = forms.CharField(label=_("Mã chương trình"), max_length=50)
    name = forms.CharField(label=_("Tên chương trình"), max_length=255)
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
