"""Cached aid figures follow every write, whatever makes it, and stay within each reader's scope."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.aid.models import Project, ProjectLocation, ProjectSector, Transaction
from doingoai.aid.revision import RECORDS, TABLES, revision_current, triggers_ensure
from doingoai.directory.models import Organization, PartnerOrganization


def _commitments_2025(client: Any) -> Decimal:
    """Return the national 2025 commitments the dashboard shows (the VND total of its cell)."""
    page = client.get("/vien-tro/?year=2025&province=all").content.decode()
    match = re.search(r'data-figure="national-commitment-vnd"[^>]*><strong>([\d.]+) VND', page)
    assert match, "the dashboard shows no national commitments"
    return Decimal(match.group(1).replace(".", ""))  # 1.500 is one thousand five hundred


def _bumped(write: Any) -> bool:
    before = revision_current()
    write()
    after = revision_current()
    assert before is not None and after is not None
    return after > before


def _one_transaction() -> Transaction:
    return Transaction.objects.order_by("pk").first()  # type: ignore[return-value]


@pytest.mark.parametrize(
    "write",
    [
        # Bulk SQL and cascades send no signal and call no service: the database itself counts them.
        pytest.param(lambda: Transaction.objects.update(value_vnd=Decimal(1)), id="queryset update"),
        pytest.param(lambda: Transaction.objects.filter(pk=_one_transaction().pk).delete(), id="delete"),
        pytest.param(
            lambda: Transaction.objects.bulk_create(
                [Transaction(**{**_fields(_one_transaction()), "sequence": 7})]
            ),
            id="bulk insert",
        ),
        pytest.param(lambda: ProjectLocation.objects.update(province_code="01"), id="a project's place"),
        pytest.param(lambda: ProjectSector.objects.update(percentage=Decimal(50)), id="a project's sector"),
        pytest.param(lambda: Project.objects.update(is_published=False), id="a project unpublished"),
        pytest.param(lambda: PartnerOrganization.objects.update(country="FR"), id="a partner's country"),
        pytest.param(lambda: Organization.objects.update(path="9999"), id="the unit tree"),
        pytest.param(lambda: Project.objects.all().delete(), id="cascade from a project"),
    ],
)
def test_every_kind_of_write_raises_the_revision(project_factory: Any, write: Any) -> None:
    project_factory("XX-R-1")
    assert _bumped(write)


def _fields(row: Transaction) -> dict[str, Any]:
    return {
        f.attname: getattr(row, f.attname) for f in Transaction._meta.concrete_fields if not f.primary_key
    }


def test_reading_raises_nothing(project_factory: Any, make_user: Any, client_for: Any) -> None:
    project_factory("XX-R-1")
    client = client_for(make_user("coordinator", None))
    assert not _bumped(lambda: client.get("/vien-tro/"))


def test_the_triggers_are_in_place_after_migrate_and_can_be_laid_again(db: None) -> None:
    triggers_ensure()  # idempotent: `migrate` lays them again each time
    assert RECORDS.triggered_tables() == set(TABLES)


def test_the_dashboard_shows_a_new_transaction_at_once(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    project_factory("XX-R-1", value="1000", currency="VND")
    client = client_for(make_user("coordinator", None))
    assert _commitments_2025(client) == Decimal(1000)
    assert _commitments_2025(client) == Decimal(1000)  # now from the cache
    project_factory("XX-R-2", value="500", currency="VND", day=dt.date(2025, 6, 1))
    assert _commitments_2025(client) == Decimal(1500)
    Transaction.objects.filter(project__iati_identifier="XX-R-1").delete()
    assert _commitments_2025(client) == Decimal(500)


def test_a_cached_dashboard_is_not_shared_beyond_the_readers_scope(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    project_factory("XX-R-1", value="1000", currency="VND")
    project_factory("XX-R-2", value="700", currency="VND", owner=units.ha_noi_union, published=False)
    coordinator = client_for(make_user("coordinator", None))
    ha_noi = client_for(make_user("editor", units.ha_noi_union))
    quang_tri = client_for(make_user("editor", units.quang_tri))
    # The coordinator fills the cache first; each editor still sees only what they may read.
    assert _commitments_2025(coordinator) == Decimal(1700)
    assert _commitments_2025(quang_tri) == Decimal(1000)
    assert _commitments_2025(ha_noi) == Decimal(1700)
    # An administrator of the Hà Nội union without a data role reads the published records only.
    admin = client_for(make_user("administrator", units.ha_noi_union))
    assert _commitments_2025(admin) == Decimal(1000)


def test_the_drill_down_total_and_count_follow_a_new_transaction(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    project_factory("XX-R-1", value="1000", currency="VND")
    client = client_for(make_user("coordinator", None))

    def shown() -> tuple[Decimal, int]:
        page = client.get("/vien-tro/giao-dich/?year=2025&measure=commitment").content.decode()
        total = re.search(r'<strong data-total-vnd="([^"]+)"', page)
        assert total, "the list shows no total"
        return Decimal(total.group(1)), len(re.findall(r'href="/vien-tro/du-an/\d+/"', page))

    assert shown() == (Decimal(1000), 1)
    assert shown() == (Decimal(1000), 1)  # now from the cache
    project_factory("XX-R-2", value="500", currency="VND", day=dt.date(2025, 6, 1))
    assert shown() == (Decimal(1500), 2)


@pytest.mark.parametrize(
    "address", ["/vien-tro/?year=2025", "/vien-tro/giao-dich/?year=2025&measure=commitment"]
)
def test_a_kept_page_reads_no_record_until_the_next_write(
    project_factory: Any, make_user: Any, client_for: Any, address: str
) -> None:
    project_factory("XX-R-1", value="1000", currency="VND")
    client = client_for(make_user("coordinator", None))
    first = client.get(address).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    assert not any("aid_transaction" in q["sql"] for q in queries.captured_queries)
    project_factory("XX-R-2", value="500", currency="VND", day=dt.date(2025, 6, 1))
    assert client.get(address).content.decode() != first
