"""Help a page gives is text on the page, read with its field: never only a tooltip (a `title`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.template.loader import render_to_string

SOURCE = Path(__file__).resolve().parents[2] / "src" / "doingoai"
# An opening tag with a title attribute (template tags inside it hold no ">").
TITLED_TAG = re.compile(r"<[a-zA-Z][^<>]*\stitle=\"[^\"]*\"[^<>]*>")


def test_no_template_of_the_site_keeps_help_in_a_title_alone() -> None:
    # A title shows only while a mouse rests on the element: never on a phone, and screen readers
    # may skip it. An icon button may carry one beside its aria-label (its name, read aloud).
    hidden = [
        f"{path.relative_to(SOURCE)}: {tag}"
        for path in sorted(SOURCE.glob("*/templates/**/*.html"))
        for tag in TITLED_TAG.findall(path.read_text(encoding="utf-8"))
        if "aria-label=" not in tag
    ]
    assert hidden == []


class _Sample(forms.Form):
    day = forms.CharField(label="Ngày họp", help_text="Ghi ngày/tháng/năm, ví dụ 01/07/2025.")
    place = forms.CharField(label="Địa điểm", required=False)


@pytest.mark.parametrize("template", ["form_fields.html", "tasks/_fields.html"])
def test_a_field_s_help_and_errors_are_the_elements_its_input_is_described_by(template: str) -> None:
    form = _Sample({"day": "", "place": "Hà Nội"})
    assert not form.is_valid()

    page = render_to_string(template, {"form": form})

    described = re.search(r'<input[^>]*name="day"[^>]*aria-describedby="([^"]+)"', page)
    assert described is not None
    ids = described.group(1).split()
    assert ids == ["id_day_helptext", "id_day_error"]
    assert re.search(r'<small id="id_day_helptext">Ghi ngày/tháng/năm, ví dụ 01/07/2025.</small>', page)
    error = re.search(r'id="id_day_error">(.*?)</(div|span)>\s', page, re.S)
    assert error is not None and "Trường này là bắt buộc." in error.group(1)
