"""The filters of the audit page: they parse the query; the selector decides what is shown."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doingoai.accounts import scope
from doingoai.audit.models import AuditAction
from doingoai.audit.selectors import AuditFilters
from doingoai.date_fields import VietnameseDateField
from doingoai.directory.models import Organization


def _date_field(label: Any) -> forms.DateField:
    return VietnameseDateField(label=label, required=False)


class AuditFilterForm(forms.Form):
    """Person, unit, kind of record, action and date range of the audit page."""

    actor = forms.ChoiceField(label=_("Người thực hiện"), required=False)
    unit = forms.ModelChoiceField(label=_("Đơn vị"), required=False, queryset=Organization.objects.none())
    model = forms.ChoiceField(label=_("Loại dữ liệu"), required=False)
    action = forms.ChoiceField(label=_("Thao tác"), required=False)
    date_from = _date_field(_("Từ ngày"))
    date_to = _date_field(_("Đến ngày"))

    def __init__(
        self,
        *args: Any,
        user: Any,
        actors: list[str],
        kinds: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = scope.units_visible(user).order_by("path")
        unit_field.empty_label = _("Mọi đơn vị")
        unit_field.error_messages["invalid_choice"] = _(
            "Tham số “unit”: không có đơn vị này trong phạm vi của bạn."
        )
        self.fields["actor"].choices = [("", _("Mọi người")), *((a, a) for a in actors)]
        self.fields["model"].choices = [("", _("Mọi loại dữ liệu")), *kinds]
        self.fields["action"].choices = [("", _("Mọi thao tác")), *AuditAction.choices]
        for name, parameter in (("actor", "actor"), ("model", "model"), ("action", "action")):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Tham số “%(parameter)s”: giá trị “%%(value)s” không có trong danh sách."
            ) % {"parameter": parameter}
        for name in ("date_from", "date_to"):
            messages = self.fields[name].error_messages
            messages["invalid"] = _(
                "Tham số “%(parameter)s”: ngày không hợp lệ, "
                "hãy nhập theo dạng ngày/tháng/năm, ví dụ 31/12/2026."
            ) % {"parameter": name}
            for code in ("no_such_day", "no_such_month", "year_range"):  # a day the calendar lacks
                messages[code] = _("Tham số “%(parameter)s”: %(message)s") % {
                    "parameter": name,
                    "message": messages[code],
                }

    def clean(self) -> dict[str, Any]:
        """Refuse a range whose end comes before its start."""
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(
                _("Khoảng ngày không hợp lệ: “Đến ngày” (%(end)s) trước “Từ ngày” (%(start)s).")
                % {"end": end.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")}
            )
        return data

    def filters(self) -> AuditFilters:
        """Return the filters typed in (none when the form is invalid: the page shows the errors)."""
        if not self.is_bound or not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        unit = data.get("unit")
        return AuditFilters(
            action=data.get("action") or "",
            model=data.get("model") or "",
            actor=data.get("actor") or "",
            unit_path=unit.path if unit is not None else "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
