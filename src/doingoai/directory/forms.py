"""Forms of the directory pages: they parse input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doingoai.accounts import scope
from doingoai.audit.concurrency import VersionedForm
from doingoai.date_fields import VietnameseDateField
from doingoai.directory.countries import country_choices
from doingoai.directory.models import OrganizationKind, PartnerKind
from doingoai.uploads import NamedFileField
from doingoai.widgets import FilePicker


def _province_choices() -> list[tuple[str, str]]:
    from vietnam_provinces import Province

    provinces = sorted(Province.iter_all(), key=lambda p: p.code.value)
    return [("", _("Tất cả tỉnh, thành phố"))] + [(f"{p.code.value:02d}", p.name) for p in provinces]


class OrganizationFilterForm(forms.Form):
    """Search and filters of the unit list."""

    q = forms.CharField(label=_("Tìm theo tên"), required=False)
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả các loại")), *OrganizationKind.choices]
    )
    province = forms.ChoiceField(label=_("Tỉnh, thành phố"), required=False, choices=_province_choices)


class PartnerFilterForm(forms.Form):
    """Search and filters of the partner list."""

    q = forms.CharField(label=_("Tìm theo tên"), required=False)
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả các loại")), *PartnerKind.choices]
    )
    country = forms.ChoiceField(
        label=_("Quốc gia"), required=False, choices=lambda: [("", _("Tất cả quốc gia")), *country_choices()]
    )


class PersonFilterForm(forms.Form):
    """Search and filters of the list of officials."""

    q = forms.CharField(label=_("Tìm theo tên"), required=False)
    province = forms.ChoiceField(label=_("Tỉnh, thành phố"), required=False, choices=_province_choices)


class OwnedRecordForm(VersionedForm):
    """A record owned by one of the units the user may edit."""

    owner_unit = forms.ModelChoiceField(
        label=_("Đơn vị quản lý"), queryset=None, empty_label=_("— Chọn đơn vị —")
    )
    is_published = forms.BooleanField(
        label=_("Công bố cho mọi đơn vị"),
        required=False,
        help_text=_("Khi chưa công bố, chỉ đơn vị quản lý và các đơn vị cấp trên xem được."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = scope.units_editable(user).order_by("path")


class PartnerForm(OwnedRecordForm):
    """Create or change a foreign partner."""

    name = forms.CharField(label=_("Tên"), max_length=255)
    name_vi = forms.CharField(label=_("Tên tiếng Việt"), max_length=255, required=False)
    abbreviation = forms.CharField(label=_("Tên viết tắt"), max_length=50, required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=PartnerKind.choices)
    # A blank first choice: the form must not preselect the first country of the list (Afghanistan).
    country = forms.ChoiceField(
        label=_("Quốc gia"), choices=lambda: [("", _("— Chọn quốc gia —")), *country_choices()]
    )
    iati_identifier = forms.CharField(label=_("Mã tổ chức IATI"), max_length=100, required=False)
    website = forms.URLField(label=_("Trang web"), required=False, assume_scheme="https")
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    field_order = (
        "name",
        "name_vi",
        "abbreviation",
        "kind",
        "country",
        "iati_identifier",
        "website",
        "notes",
    )


class PersonForm(OwnedRecordForm):
    """Create or change an official."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=255)
    telephone = forms.CharField(
        label=_("Điện thoại"),
        max_length=100,
        required=False,
        help_text=_("Số máy công vụ, ví dụ 0233 3852 123 hoặc +84 233 3852 123."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=255,
        required=False,
        error_messages={"invalid": _("Thư điện tử không hợp lệ, ví dụ ten@coquan.gov.vn.")},
    )
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    field_order = ("full_name", "telephone", "email", "notes")


class PositionForm(forms.Form):
    """Add a title to an official."""

    title = forms.CharField(label=_("Chức danh"), max_length=255)
    organization = forms.ModelChoiceField(
        label=_("Tổ chức"), queryset=None, empty_label=_("— Chọn tổ chức —")
    )
    start_date = VietnameseDateField(label=_("Từ ngày"), required=False)
    end_date = VietnameseDateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from doingoai.directory.models import Organization

        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.order_by("path")


class PositionEditForm(PositionForm, VersionedForm):
    """Correct a title as recorded; carries the official's version the page showed."""

    field_order = ("title", "organization", "start_date", "end_date")


class PositionEndForm(VersionedForm):
    """The day an official stopped holding a title; carries the official's version the page showed."""

    end_date = VietnameseDateField(label=_("Đến ngày"))


class PartnerContactForm(forms.Form):
    """Add a contact person of a partner."""

    person_name = forms.CharField(label=_("Người liên hệ"), max_length=255)
    job_title = forms.CharField(label=_("Chức danh"), max_length=255, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=255,
        required=False,
        error_messages={"invalid": _("Thư điện tử không hợp lệ, ví dụ ten@tochuc.org.")},
    )
    telephone = forms.CharField(label=_("Điện thoại"), max_length=100, required=False)
    notes = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class DirectoryImportForm(forms.Form):
    """Upload a filled-in directory template, or a list downloaded from the directory and edited."""

    file = NamedFileField(label=_("Tệp Excel (.xlsx)"), widget=FilePicker)
