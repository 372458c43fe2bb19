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
