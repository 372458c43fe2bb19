"""The aid entry forms read numbers the Vietnamese way, signs included."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms

from doingoai.aid.forms import VietnameseDecimalField


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("-500", Decimal(-500)),
        ("-1.200.000,5", Decimal("-1200000.5")),
        ("−15.000", Decimal(-15000)),  # the typographic minus a word processor puts in
        ("- 1,2", Decimal("-1.2")),
    ],
)
def test_amount_with_a_minus_sign_is_read_as_negative(typed: str, value: Decimal) -> None:
    assert VietnameseDecimalField(max_digits=17, decimal_places=2).clean(typed) == value


def test_a_negative_amount_shown_in_a_form_is_read_back_unchanged() -> None:
    field = VietnameseDecimalField(max_digits=17, decimal_places=2)
    stored = Decimal("-1200000.50")
    assert field.clean(field.prepare_value(stored)) == stored


def test_a_negative_amount_where_none_may_be_says_so_not_that_it_is_no_number() -> None:
    field = VietnameseDecimalField(min_value=Decimal(0), max_digits=17, decimal_places=2)
    with pytest.raises(forms.ValidationError) as caught:
        field.clean("-500")
    assert [e.code for e in caught.value.error_list] == ["min_value"]
    assert "Nhập một số" not in " ".join(caught.value.messages)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        (
            VietnameseDecimalField(min_value=Decimal("0.01"), max_value=Decimal(100), decimal_places=2),
            "0",
            "Hãy nhập một số từ 0,01 trở lên.",
        ),
        (
            VietnameseDecimalField(min_value=Decimal("0.01"), max_value=Decimal(100), decimal_places=2),
            "150",
            "Hãy nhập một số không quá 100.",
        ),
        (
            VietnameseDecimalField(min_value=Decimal(0), max_value=Decimal(1000000), decimal_places=2),
            "1.500.000",
            "Hãy nhập một số không quá 1.000.000.",
        ),
    ],
)
def test_a_number_out_of_range_names_the_limit_written_the_vietnamese_way(
    field: VietnameseDecimalField, typed: str, message: str
) -> None:
    # Django's own message reads "lớn hơn hoặc bằng với 0.01 ." – a limit in English digits.
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(typed)
    assert caught.value.messages == [message]


@pytest.mark.parametrize(
    "typed", ["1.000.000.000.000.000.000", "99999999999999999999999", "1.000.000.000.000.000"]
)
def test_an_amount_too_large_says_so_with_the_limit_not_that_it_is_no_number(typed: str) -> None:
    # Was "Nhập một số." (the parser refuses 24 characters) or Django's "không có nhiều hơn 17 số".
    field = VietnameseDecimalField(max_digits=17, decimal_places=2)
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(typed)
    assert caught.value.messages == ["Số quá lớn: hãy nhập một số nhỏ hơn 1.000.000.000.000.000."]


def test_an_amount_just_below_the_limit_is_read() -> None:
    field = VietnameseDecimalField(max_digits=17, decimal_places=2)
    assert field.clean("999.999.999.999.999,99") == Decimal("999999999999999.99")


@pytest.mark.parametrize("typed", ["1.5.2", "192.168.1.1", "1,2,3"])
def test_separators_that_form_no_number_are_not_called_too_large(typed: str) -> None:
    # "1.5.2" was answered "Số quá lớn: hãy nhập một số nhỏ hơn 1.000.000.000.000.000."
    field = VietnameseDecimalField(max_digits=17, decimal_places=2)
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(typed)
    assert [e.code for e in caught.value.error_list] == ["invalid"]


@pytest.mark.parametrize(
    ("typed", "value"),
    [("１２０.０００", Decimal(120000)), ("１,５", Decimal("1.5")), ("-２５０", Decimal(-250))],
)
def test_full_width_digits_are_read_as_the_report_forms_read_them(typed: str, value: Decimal) -> None:
    """A report's figure took "１２３４" while an aid amount refused it as no number."""
    assert VietnameseDecimalField(max_digits=17, decimal_places=2).clean(typed) == value
