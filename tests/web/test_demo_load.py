from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from doingoai.accounts.models import Role, User
from doingoai.directory.models import Organization, PartnerOrganization


def _load(password: str = "") -> str:
    out = StringIO()
    args = ["demo_load"] + (["--password", password] if password else [])
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_has_34_provinces_each_with_its_friendship_union() -> None:
    _load()
    provinces = Organization.objects.filter(kind="province", parent=None)
    assert provinces.count() == 34
    assert len({p.province_code for p in provinces}) == 34
    for province in provinces:
        union = province.children.get(kind="friendship_union")
        assert union.name.startswith("Liên hiệp các tổ chức hữu nghị ")
        assert union.province_code == province.province_code
    assert Organization.objects.get(name="Ủy ban nhân dân tỉnh Quảng Trị").province_code == "44"
    assert Organization.objects.filter(kind="mission", parent__abbreviation="BNG").count() >= 5
    assert Organization.objects.filter(
        kind="mass", parent__name__startswith="Ủy ban Trung ương Mặt trận"
    ).exists()
    assert PartnerOrganization.objects.filter(iati_identifier__startswith="GB-CHC-").exists()


@pytest.mark.django_db
def test_demo_has_a_user_for_every_role_and_prints_the_passwords() -> None:
    out = _load()
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for user in User.objects.all():
        password = next(
            line.split()[1] for line in out.splitlines() if line.strip().startswith(user.username + " ")
        )
        assert user.check_password(password)


@pytest.mark.django_db
def test_loading_the_demo_twice_adds_nothing() -> None:
    _load("mat-khau-demo-1")
    counts = (Organization.objects.count(), PartnerOrganization.objects.count(), User.objects.count())
    _load("mat-khau-demo-2")
    assert (Organization.objects.count(), PartnerOrganization.objects.count(), User.objects.count()) == counts
    assert User.objects.get(username="dieuphoi").check_password("mat-khau-demo-2")
