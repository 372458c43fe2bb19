"""Forms of the library pages: they parse input; selectors and services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doingoai.date_fields import VietnameseDateField
from doingoai.library.selectors import NAME_MAX_CHARS, QUERY_MAX_CHARS, DocumentFilters, query_without_words
from doingoai.library.sources import UPLOAD_SUFFIXES
from doingoai.widgets import MultipleFilePicker, OptionsSelect


class DocumentFilterForm(forms.Form):
    """The search box and filters of the document list and the search page."""

    q = forms.CharField(label=_("Từ khóa"), required=False, max_length=QUERY_MAX_CHARS)
    date_from = VietnameseDateField(label=_("Từ ngày"), required=False)
    date_to = VietnameseDateField(label=_("Đến ngày"), required=False)
    outlet = forms.ChoiceField(label=_("Nguồn tin"), required=False, widget=OptionsSelect)
    person = forms.CharField(label=_("Nhân vật"), required=False, max_length=NAME_MAX_CHARS)
    organization = forms.CharField(label=_("Cơ quan, tổ chức"), required=False, max_length=NAME_MAX_CHARS)
    place = forms.CharField(label=_("Địa điểm"), required=False, max_length=NAME_MAX_CHARS)
    drafts = forms.BooleanField(label=_("Chỉ bản nháp của tôi"), required=False)

    def __init__(self, *args: Any, outlets: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Tất cả nguồn tin")), *((o, o) for o in outlets or [])]
        self.fields["outlet"].choices = choices

    def clean_q(self) -> str:
        query: str = self.cleaned_data["q"]
        if query_without_words(query):
            # Searched, it would list every document, each "matched without diacritics".
            raise forms.ValidationError(
                _("“%(query)s” không có chữ hay số nào để tìm; hãy gõ ít nhất một từ.") % {"query": query}
            )
        return query

    def clean(self) -> dict[str, Any]:
        """Refuse a range whose end comes before its start (it would only find nothing)."""
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            # On the end's field: the filter bar shows the errors of its fields.
            self.add_error(
                "date_to",
                _("Khoảng ngày không hợp lệ: “Đến ngày” (%(end)s) trước “Từ ngày” (%(start)s).")
                % {"end": end.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")},
            )
        return data

    def filters(self) -> DocumentFilters:
        """Return the filters typed in (none if the form is invalid)."""
        if not self.is_bound or not self.is_valid():
            return DocumentFilters()
        data = self.cleaned_data
        return DocumentFilters(
            query=data["q"] or "",
            date_from=data["date_from"],
            date_to=data["date_to"],
            outlet=data["outlet"] or "",
            person=data["person"] or "",
            organization=data["organization"] or "",
            place=data["place"] or "",
            drafts=bool(data["drafts"]),
        )


class MultipleFileField(forms.FileField):
    """A file field whose value is the list of files chosen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFilePicker(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        files = list(data) if isinstance(data, list | tuple) else [data] if data else []
        # An empty file goes on with the others: the import names it ("tệp rỗng") and keeps the
        # rest, where Django's own check would refuse the whole upload without saying which file.
        return [f if getattr(f, "size", None) == 0 and f.name else single(f, initial) for f in files]


class UploadForm(forms.Form):
    """Files to import: articles, zip archives of them, RSS/Atom feeds."""

    files = MultipleFileField(
        label=_("Tệp"),
        help_text=_(
            "Nhận văn bản Word (.docx, .doc, .odt), PDF có lớp chữ (.pdf), .txt, .md, .html, .htm, "
            "tệp nén .zip và nguồn tin RSS/Atom (.xml, .rss, .atom)."
        ),
    )
    is_published = forms.BooleanField(
        label=_("Công bố cho mọi đơn vị"),
        required=False,
        help_text=_("Khi chưa công bố, chỉ đơn vị của bạn và các đơn vị cấp trên xem được."),
    )

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        """Word the publishing choice for where the documents go: `owner`'s library, or the shared one."""
        super().__init__(*args, **kwargs)
        if owner is None:
            # A coordinator's documents go to the shared library, which only coordinators read unpublished.
            self.fields["is_published"].help_text = _(
                "Khi chưa công bố, chỉ cán bộ điều phối xem được văn bản của thư viện chung."
            )
