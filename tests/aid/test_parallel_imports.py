"""Two imports of the same project at once: the one that began first does not silently overwrite the other."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from doingoai.accounts.scope import SYSTEM
from doingoai.aid.errors import AidImportError
from doingoai.aid.models import Project, Transaction
from doingoai.aid.spreadsheets import spreadsheet_import
from tests.aid.test_import_xlsx import GOOD_PROJECTS, GOOD_TRANSACTIONS, _xlsx


def _retitled(title: str) -> list[list[Any]]:
    return [[GOOD_PROJECTS[0][0], title, *GOOD_PROJECTS[0][2:]]]


def test_an_import_begun_before_another_changed_the_project_is_refused(partners: Any, rates: None) -> None:
    spreadsheet_import(actor=SYSTEM, name="goc.xlsx", data=_xlsx(GOOD_PROJECTS, GOOD_TRANSACTIONS))
    second_began = timezone.now()  # the second import is still reading its file...
    first = spreadsheet_import(actor=SYSTEM, name="mot.xlsx", data=_xlsx(_retitled("Tên của lần một"), []))
    assert first.projects_updated == ["XX-T-100"]

    with pytest.raises(AidImportError) as caught:  # ...when it comes to write, it finds the change
        spreadsheet_import(
            actor=SYSTEM, name="hai.xlsx", data=_xlsx(_retitled("Tên của lần hai"), []), started=second_began
        )

    message = " ".join(caught.value.problems)
    assert (
        "hai.xlsx" in message and "XX-T-100" in message and "đã được thay đổi sau khi bắt đầu nhập" in message
    )
    assert Project.objects.get(iati_identifier="XX-T-100").title == "Tên của lần một"
    # Begun afresh, after the change, the same file goes through and reports what it changed.
    again = spreadsheet_import(actor=SYSTEM, name="hai.xlsx", data=_xlsx(_retitled("Tên của lần hai"), []))
    assert again.projects_updated == ["XX-T-100"]
    assert Project.objects.get(iati_identifier="XX-T-100").title == "Tên của lần hai"


def test_a_changed_transaction_counts_as_a_change_of_its_project(partners: Any, rates: None) -> None:
    spreadsheet_import(actor=SYSTEM, name="goc.xlsx", data=_xlsx(GOOD_PROJECTS, GOOD_TRANSACTIONS))
    second_began = timezone.now()
    new_amount = [[*GOOD_TRANSACTIONS[0][:3], 2000000, *GOOD_TRANSACTIONS[0][4:]]]
    spreadsheet_import(actor=SYSTEM, name="mot.xlsx", data=_xlsx([], new_amount))
    other_amount = [[*GOOD_TRANSACTIONS[0][:3], 3000000, *GOOD_TRANSACTIONS[0][4:]]]

    with pytest.raises(AidImportError):
        spreadsheet_import(actor=SYSTEM, name="hai.xlsx", data=_xlsx([], other_amount), started=second_began)

    assert Transaction.objects.filter(project__iati_identifier="XX-T-100", value=2000000).exists()
    assert not Transaction.objects.filter(value=3000000).exists()


def test_an_unchanged_project_does_not_stop_an_import_begun_earlier(partners: Any, rates: None) -> None:
    spreadsheet_import(actor=SYSTEM, name="goc.xlsx", data=_xlsx(GOOD_PROJECTS, GOOD_TRANSACTIONS))
    began = timezone.now()
    # Importing the same rows again changes nothing, so the earlier-begun import still goes through.
    spreadsheet_import(actor=SYSTEM, name="lai.xlsx", data=_xlsx(GOOD_PROJECTS, GOOD_TRANSACTIONS))
    result = spreadsheet_import(
        actor=SYSTEM, name="hai.xlsx", data=_xlsx(_retitled("Tên mới"), []), started=began
    )
    assert result.projects_updated == ["XX-T-100"]
