from __future__ import annotations

import json
import unicodedata
from importlib import resources
from typing import Any

import pytest

from doingoai.reporting.formspec import FormSpec, spec_parse, value_entry, values_clean
from tests.reporting.conftest import ANNUAL_VALUES


def _annual() -> FormSpec:
    data = json.loads(
        resources.files("doingoai.reporting.forms_data").joinpath("dnnd_nam_v1.json").read_text()
    )
    return spec_parse(data)


def test_shipped_forms_parse_with_every_kind_of_indicator() -> None:
    spec = _annual()
    kinds = {f.kind for f in spec.fields()}
    assert kinds == {"integer", "money", "text", "boolean", "choice"}
    assert spec.field("vien_tro.giao_duc.vnd") is not None and spec.field("vien_tro.giao_duc.usd") is not None
    assert {"ket_qua", "ton_tai", "phuong_huong", "kien_nghi"} <= set(spec.by_key)
    quarterly = json.loads(
        resources.files("doingoai.reporting.forms_data").joinpath("vtpcp_quy_v1.json").read_text()
    )
    assert spec_parse(quarterly).period_type == "quarter"


@pytest.mark.parametrize(
    ("key", "raw", "stored"),
    [
        ("doan_ra", "1.500", "1500"),
        ("doan_ra", " 12 ", "12"),
        ("doan_ra", 7, "7"),
        ("kinh_phi", "2.500.000.000", "2500000000"),
        ("vien_tro.giao_duc.usd", "12,5", "12.5"),
        ("vien_tro.giao_duc.usd", 1234.75, "1234.75"),
        ("co_ke_hoach", "có", "true"),
        ("co_ke_hoach", "Không", "false"),
        ("muc_do", "Vượt kế hoạch", "vuot"),
        ("muc_do", "dat", "dat"),
    ],
)
def test_values_are_read_as_vietnamese_users_write_them(key: str, raw: Any, stored: str) -> None:
    clean, errors = values_clean(_annual(), {key: raw}, complete=False)
    assert errors == {}
    assert clean[key] == stored


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("doan_ra", "ba", "phải là một số"),
        ("doan_ra", "2,5", "phải là số nguyên"),
        ("doan_ra", "3.5", "dấu chấm chỉ ngăn cách hàng nghìn (15.000 là mười lăm nghìn)"),
        ("doan_ra", "-1", "không được nhỏ hơn 0"),
        ("kinh_phi", "1000,5", "phải là số nguyên"),
        ("co_ke_hoach", "có lẽ", "“có” hoặc “không”"),
        ("muc_do", "xuất sắc", "chọn một trong"),
    ],
)
def test_bad_values_get_a_message_naming_the_field(key: str, raw: str, message: str) -> None:
    spec = _annual()
    _clean, errors = values_clean(spec, {key: raw}, complete=False)
    assert message in errors[key][0]
    assert spec.by_key[key].label in errors[key][0]


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("doan_ra", "mười hai", "Số đoàn ra nước ngoài: phải là một số nguyên (ví dụ 1.500)."),
        (
            "kinh_phi",
            "12 tỷ đồng",
            "Kinh phí đối ngoại nhân dân đã sử dụng: phải là một số nguyên (ví dụ 1.500).",
        ),
        ("vien_tro.giao_duc.usd", "abc", "phải là một số (ví dụ 1.500 hoặc 2,5)."),
    ],
)
def test_words_in_a_number_get_an_example_the_field_would_take(key: str, raw: str, message: str) -> None:
    # A count or an amount in dong is whole: an example with a decimal part would be refused next.
    _clean, errors = values_clean(_annual(), {key: raw}, complete=False)
    assert errors[key] == [errors[key][0]] and errors[key][0].endswith(message)


def test_a_draft_may_miss_required_fields_but_a_submission_may_not() -> None:
    spec = _annual()
    assert values_clean(spec, {"doan_ra": "3"}, complete=False)[1] == {}
    _clean, errors = values_clean(spec, {"doan_ra": "3"}, complete=True)
    assert "bắt buộc" in errors["ket_qua"][0]
    assert "doan_ra" not in errors


def test_cross_field_rule_ministerial_delegations_within_all_received() -> None:
    spec = _annual()
    values = {**ANNUAL_VALUES, "doan_vao": "2", "doan_vao_cap_bo_truong": "5"}
    _clean, errors = values_clean(spec, values, complete=True)
    assert "cấp bộ trưởng" in errors["doan_vao"][0]
    assert values_clean(spec, ANNUAL_VALUES, complete=True)[1] == {}


def test_a_definition_with_a_rule_on_an_unknown_field_is_refused() -> None:
    from doingoai.reporting.errors import ReportingError

    data = {
        "code": "X",
        "name": "X",
        "period_type": "year",
        "version": 1,
        "valid_from": "2025-01-01",
        "sections": [
            {"code": "A", "title": "A", "indicators": [{"code": "a", "label": "a", "kind": "integer"}]}
        ],
        "rules": [{"code": "R", "left": "a", "op": ">=", "right": "b", "message": "m"}],
    }
    with pytest.raises(ReportingError):
        spec_parse(data)


@pytest.mark.parametrize(
    ("key", "typed", "shown"),
    [
        ("vien_tro.giao_duc.usd", "12,345", "12,345"),
        ("vien_tro.giao_duc.usd", "18470588,24", "18.470.588,24"),
        ("vien_tro.giao_duc.usd", "1.234,5", "1.234,5"),
        ("vien_tro.giao_duc.vnd", "471000000000", "471.000.000.000"),
        ("kinh_phi", "2.500.000.000", "2.500.000.000"),
        ("doan_ra", "15.000", "15.000"),
        ("doan_ra", "0", "0"),
        ("ket_qua", "Đón 1.500 khách.", "Đón 1.500 khách."),
    ],
)
def test_a_stored_value_shown_in_the_entry_form_reads_back_as_the_same_value(
    key: str, typed: str, shown: str
) -> None:
    spec = _annual()
    stored = values_clean(spec, {key: typed}, complete=False)[0][key]
    assert value_entry(spec.by_key[key], stored) == shown
    # Saving the form again unchanged keeps the number (12,345 USD must not become 12.345 USD).
    assert values_clean(spec, {key: shown}, complete=False)[0][key] == stored


@pytest.mark.parametrize(
    ("key", "raw", "stored"),
    [
        ("kinh_phi", "999.999.999.999.999", "999999999999999"),
        ("vien_tro.giao_duc.usd", "999.999.999.999.999,99", "999999999999999.99"),
        ("doan_ra", "999.999.999", "999999999"),
        ("doan_ra", 999999999.0, "999999999"),
    ],
)
def test_the_largest_numbers_a_field_takes_are_kept(key: str, raw: Any, stored: str) -> None:
    spec = _annual()
    clean, errors = values_clean(spec, {key: raw}, complete=False)
    assert errors == {} and clean[key] == stored
    assert values_clean(spec, {key: value_entry(spec.by_key[key], stored)}, complete=False)[0][key] == stored


@pytest.mark.parametrize(
    ("key", "raw", "limit"),
    [
        # typed on the web, 10^20 đ
        ("kinh_phi", "100000000000000000000", "1.000.000.000.000.000 (phần nguyên tối đa 15 chữ số)"),
        ("kinh_phi", "1.000.000.000.000.000", "1.000.000.000.000.000"),
        # an Excel cell's number, 1,5 × 10^21 USD, and 10^25 donors
        ("vien_tro.giao_duc.usd", 1.5e21, "1.000.000.000.000.000"),
        ("doan_ra", 1e25, "1.000.000.000 (phần nguyên tối đa 9 chữ số)"),
        ("doan_ra", "1.000.000.000", "1.000.000.000"),
        # longer than any figure: too large, not "not a number"
        ("kinh_phi", "9" * 30, "1.000.000.000.000.000"),
        ("doan_ra", "-" + "9" * 30, None),
    ],
)
def test_a_number_beyond_any_sane_figure_is_refused_saying_how_large_it_may_be(
    key: str, raw: Any, limit: str | None
) -> None:
    spec = _annual()
    _clean, errors = values_clean(spec, {key: raw}, complete=False)
    (message,) = errors[key]
    assert "phải là một số" not in message
    if limit is None:  # a negative count: its own bound
        assert "không được nhỏ hơn 0" in message
    else:
        assert f"quá lớn: phải nhỏ hơn {limit}" in message


def test_a_long_number_saved_before_the_bound_reads_back_as_too_large_not_as_no_number() -> None:
    """Saved as 12345678901234567890, shown as 12.345.678.901.234.567.890, then refused as no number."""
    spec = _annual()
    shown = value_entry(spec.by_key["kinh_phi"], "12345678901234567890")
    assert shown == "12.345.678.901.234.567.890"
    _clean, errors = values_clean(spec, {"kinh_phi": shown}, complete=False)
    assert "quá lớn" in errors["kinh_phi"][0] and "phải là một số" not in errors["kinh_phi"][0]


@pytest.mark.parametrize(("raw", "hint"), [(2.5, False), ("2,5", False), ("3.5", True)])
def test_the_hint_about_dots_is_given_only_when_a_dot_was_typed(raw: Any, hint: bool) -> None:
    """A spreadsheet's number 2.5 got a word about thousands dots the user never typed."""
    _clean, errors = values_clean(_annual(), {"doan_ra": raw}, complete=False)
    (message,) = errors["doan_ra"]
    assert "phải là số nguyên" in message
    assert ("dấu chấm chỉ ngăn cách hàng nghìn" in message) is hint


def test_text_pasted_in_decomposed_form_is_stored_composed() -> None:
    """'Ủy ban nhân dân tỉnh Quảng Trị' pasted in NFD was stored so, and matched no search for it."""
    typed = unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Quảng Trị đón 6 đoàn.\r\nKết quả tốt.")
    clean, errors = values_clean(_annual(), {**ANNUAL_VALUES, "ket_qua": typed}, complete=True)
    assert not errors
    assert clean["ket_qua"] == "Ủy ban nhân dân tỉnh Quảng Trị đón 6 đoàn.\nKết quả tốt."
    assert unicodedata.is_normalized("NFC", clean["ket_qua"])
