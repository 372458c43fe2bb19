from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.test.html import parse_html

from doingoai.widgets import OptionsSelect

CHOICES = [("", "Tất cả nguồn tin"), ('Báo <Nhân> Dân & "Tết"', 'Báo <Nhân> Dân & "Tết"'), ("TTXVN", "TTXVN")]


@pytest.mark.parametrize("value", [None, "", "TTXVN", 'Báo <Nhân> Dân & "Tết"', "không có"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_outlet"}, {"id": "x", "required": True, "data-filter": 'a"b'}]
)
def test_options_select_writes_the_markup_django_s_select_writes(
    value: Any, attrs: dict[str, Any] | None
) -> None:
    ours = OptionsSelect(choices=CHOICES).render("outlet", value, attrs)
    django = forms.Select(choices=CHOICES).render("outlet", value, attrs)
    assert parse_html(ours) == parse_html(django)
    assert "<Nhân>" not in ours  # escaped, as Django's is


def test_options_select_refuses_option_groups() -> None:
    grouped = [("Trong nước", [("a", "A")]), ("Nước ngoài", [("b", "B")])]
    with pytest.raises(ValueError, match="option groups"):
        OptionsSelect(choices=grouped).render("outlet", "a")


def test_the_outlet_filter_uses_it() -> None:
    from doingoai.library.forms import DocumentFilterForm

    form = DocumentFilterForm({"outlet": "TTXVN"}, outlets=["TTXVN", "Báo Nhân Dân"])
    assert isinstance(form.fields["outlet"].widget, OptionsSelect)
    assert '<option value="TTXVN" selected>TTXVN</option>' in str(form["outlet"])


def test_every_upload_of_the_site_draws_its_file_box_with_the_file_picker() -> None:
    from pathlib import Path

    from doingoai.aid.forms import ImportForm
    from doingoai.directory.forms import DirectoryImportForm
    from doingoai.library.forms import UploadForm
    from doingoai.reporting.forms import ReportUploadForm
    from doingoai.tasks.forms import AttachmentsInput
    from doingoai.widgets import FilePicker

    boxes = {
        "library": UploadForm(owner=None).fields["files"],
        "aid": ImportForm().fields["file"],
        "directory": DirectoryImportForm().fields["file"],
        "reporting": ReportUploadForm().fields["file"],
        "tasks": AttachmentsInput().fields["attachments"],
    }
    assert {name for name, field in boxes.items() if not isinstance(field.widget, FilePicker)} == set()
    # No page writes a file input of its own: each is drawn by the one widget template.
    source = Path(__file__).resolve().parents[2] / "src" / "doingoai"
    written = [
        str(path.relative_to(source))
        for path in source.glob("*/templates/**/*.html")
        if 'type="file"' in path.read_text(encoding="utf-8")
        or "type=file" in path.read_text(encoding="utf-8")
    ]
    assert written == []


def test_the_file_picker_writes_the_input_and_its_words_in_the_page_s_language() -> None:
    from django.utils import translation

    from doingoai.widgets import FilePicker, MultipleFilePicker

    one = FilePicker(attrs={"accept": ".xlsx"}).render("file", None, {"id": "id_file", "required": True})
    assert parse_html('<input type="file" name="file" accept=".xlsx" id="id_file" required>') in parse_html(
        one
    )
    assert 'data-none="Chưa chọn tệp"' in one and ">Chọn tệp</span>" in one
    assert '<span class="file-picker-face" hidden>' in one  # shown by site.js only
    assert 'id="id_file_chosen" aria-live="polite">Chưa chọn tệp<' in one
    with translation.override("en"):
        several = MultipleFilePicker().render("files", None, {"id": "id_files"})
        assert ">Choose a file</span>" in FilePicker().render("file", None, {"id": "id_file"})
    assert " multiple" in several and ">Choose files</span>" in several
    assert 'data-none="No file chosen"' in several and 'data-several="{count} files: {names}"' in several
