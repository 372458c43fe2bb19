from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from doingoai.accounts import scope
from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.directory import selectors, services
from doingoai.directory.models import Person
from tests.django_fixtures import Units

MakeUser = Callable[..., User]


def _person(unit: object, name: str, published: bool) -> Person:
    return services.person_create(actor=SYSTEM, owner_unit=unit, full_name=name, is_published=published)


@pytest.fixture
def records(units: Units) -> dict[str, Person]:
    return {
        "qt_hidden": _person(units.quang_tri, "Hồ Văn Quảng", False),
        "qt_union_hidden": _person(units.quang_tri_union, "Lê Thị Hữu", False),
        "hn_hidden": _person(units.ha_noi, "Ngô Minh Thủ", False),
        "hn_union_hidden": _person(units.ha_noi_union, "Vũ Thị Đô", False),
        "hn_public": _person(units.ha_noi, "Trịnh Văn Công", True),
    }


def _visible(user: User) -> set[str]:
    return {p.full_name for p in selectors.people_list(user=user)}


def test_province_editor_cannot_read_other_province_unpublished(
    units: Units, records: dict[str, Person], make_user: MakeUser
) -> None:
    editor = make_user("editor", units.quang_tri)
    visible = _visible(editor)
    assert "Ngô Minh Thủ" not in visible
    assert "Vũ Thị Đô" not in visible
    with pytest.raises(Http404):
        selectors.person_get(user=editor, pk=records["hn_hidden"].pk)


def test_province_editor_reads_other_province_published_records(
    units: Units, records: dict[str, Person], make_user: MakeUser
) -> None:
    editor = make_user("editor", units.quang_tri)
    assert selectors.person_get(user=editor, pk=records["hn_public"].pk).full_name == "Trịnh Văn Công"


def test_province_editor_cannot_change_other_province(
    units: Units, records: dict[str, Person], make_user: MakeUser
) -> None:
    editor = make_user("editor", units.quang_tri)
    with pytest.raises(PermissionDenied):
        services.person_update(
            actor=editor, person=records["hn_public"], full_name="Đổi tên", is_published=True
        )
    with pytest.raises(PermissionDenied):
        services.person_create(actor=editor, owner_unit=units.ha_noi_union, full_name="Người mới")
    records["hn_public"].refresh_from_db()
    assert records["hn_public"].full_name == "Trịnh Văn Công"


def test_editor_sees_and_changes_units_below_theirs(
    units: Units, records: dict[str, Person], make_user: MakeUser
) -> None:
    editor = make_user("editor", units.quang_tri)
    assert {"Hồ Văn Quảng", "Lê Thị Hữu"} <= _visible(editor)
    services.person_update(actor=editor, person=records["qt_union_hidden"], full_name="Lê Thị Hữu Nghị")
    assert scope.unit_can_edit(editor, units.quang_tri_union)


def test_editor_of_a_sub_unit_cannot_read_the_unit_above(
    units: Units, records: dict[str, Person], make_user: MakeUser
) -> None:
    union_editor = make_user("editor", units.quang_tri_union)
    assert _visible(union_editor) == {"Lê Thị Hữu", "Trịnh Văn Công"}
    assert not scope.unit_can_edit(union_editor, units.quang_tri)


def test_viewer_reads_their_unit_but_cannot_edit(
    units: Units, records: dict[str, Person], make_user: MakeUser
) -> None:
    viewer = make_user("viewer", units.quang_tri)
    assert {"Hồ Văn Quảng", "Lê Thị Hữu"} <= _visible(viewer)
    assert not scope.unit_can_edit(viewer, units.quang_tri)
    assert not scope.units_editable(viewer).exists()
    with pytest.raises(PermissionDenied):
        services.person_update(actor=viewer, person=records["qt_hidden"], full_name="Không được sửa")


def test_coordinator_sees_and_changes_everything(
    units: Units, records: dict[str, Person], make_user: MakeUser
) -> None:
    coordinator = make_user("coordinator", units.vufo)
    assert _visible(coordinator) == {p.full_name for p in records.values()}
    services.person_update(actor=coordinator, person=records["hn_union_hidden"], full_name="Vũ Thị Đô Thành")
    assert scope.units_visible(coordinator).count() == 5


def test_inactive_and_anonymous_users_see_nothing(
    units: Units, records: dict[str, Person], make_user: MakeUser
) -> None:
    from django.contrib.auth.models import AnonymousUser

    coordinator = make_user("coordinator", units.vufo)
    coordinator.is_active = False
    assert _visible(coordinator) == set()
    assert _visible(AnonymousUser()) == set()
    assert not scope.unit_can_edit(coordinator, units.quang_tri)


def test_administrator_manages_users_but_does_not_edit_records(units: Units, make_user: MakeUser) -> None:
    administrator = make_user("administrator", units.vufo)
    assert scope.user_can_manage_users(administrator)
    assert scope.user_can_view_audit(administrator)
    assert not scope.unit_can_edit(administrator, units.vufo)


def test_record_can_read_agrees_with_the_queryset_filter(
    units: Units, records: dict[str, Person], make_user: MakeUser
) -> None:
    editor = make_user("editor", units.quang_tri)
    visible = _visible(editor)
    for person in Person.objects.select_related("owner_unit"):
        readable = scope.record_can_read(
            editor, unit_path=person.owner_unit.path, is_published=person.is_published
        )
        assert readable == (person.full_name in visible)
    assert scope.unit_paths_readable(editor) == [units.quang_tri.path]


def test_only_administrators_create_users(units: Units, make_user: MakeUser) -> None:
    from doingoai.accounts.services import user_create

    editor = make_user("editor", units.quang_tri)
    with pytest.raises(PermissionDenied):
        user_create(
            actor=editor, username="moi", password="mot-mat-khau-dai", role="viewer", unit=units.quang_tri
        )


@pytest.mark.parametrize(
    ("role", "unit_name", "owner_name", "allowed"),
    [
        ("coordinator", None, None, True),
        ("coordinator", None, "ha_noi", True),
        ("editor", "quang_tri", None, False),
        ("editor", "quang_tri", "quang_tri_union", True),
        ("editor", "quang_tri", "ha_noi", False),
        ("viewer", "quang_tri", "quang_tri", False),
        ("administrator", "vufo", None, False),
    ],
)
def test_a_record_without_an_owning_unit_is_changed_by_coordinators_only(
    units: Units, make_user: MakeUser, role: str, unit_name: str | None, owner_name: str | None, allowed: bool
) -> None:
    user = make_user(role, getattr(units, unit_name) if unit_name else None)
    owner = getattr(units, owner_name) if owner_name else None
    assert scope.owner_can_edit(user, owner) is allowed
    if allowed:
        scope.owner_require_edit(user, owner)
    else:
        with pytest.raises(PermissionDenied):
            scope.owner_require_edit(user, owner)


@pytest.mark.parametrize(
    ("role", "unit_name", "allowed"),
    [
        ("coordinator", None, True),
        ("editor", "quang_tri", True),
        ("viewer", "quang_tri", False),
        ("administrator", "vufo", False),
    ],
)
def test_only_coordinators_and_editors_with_a_unit_may_create(
    units: Units, make_user: MakeUser, role: str, unit_name: str | None, allowed: bool
) -> None:
    user = make_user(role, getattr(units, unit_name) if unit_name else None)
    assert scope.user_can_create(user) is allowed


@pytest.mark.parametrize(
    ("who", "owners", "alike"),
    [
        # Nothing unpublished: everyone reads the published records, the coordinator included.
        ("coordinator", [], "published"),
        ("quang_tri editor", [], "published"),
        # Drafts elsewhere: the province's readers still read only the published ones; the
        # coordinator reads them all.
        ("coordinator", ["ha_noi"], "all"),
        ("quang_tri editor", ["ha_noi"], "published"),
        ("quang_tri viewer", ["ha_noi"], "published"),
        # A draft of the province, or of a unit below it: its readers read more than the published.
        ("quang_tri editor", ["quang_tri"], "own"),
        ("quang_tri viewer", ["quang_tri_union"], "own"),
        # A draft of the unit above: not readable from below.
        ("quang_tri_union editor", ["quang_tri"], "published"),
        # A draft of no unit: only the coordinator reads it.
        ("quang_tri editor", [""], "published"),
        ("coordinator", [""], "all"),
    ],
)
def test_readers_who_read_no_draft_share_the_published_key(
    units: Units, make_user: MakeUser, who: str, owners: list[str], alike: str
) -> None:
    unit_name, _, role = who.rpartition(" ")
    unit = getattr(units, unit_name) if unit_name else None
    user = make_user(role, unit)
    paths = [getattr(units, owner).path if owner else "" for owner in owners]
    expected = {"published": "published", "all": "all", "own": scope.visibility_key(user)}[alike]
    assert scope.visibility_key_alike(user, paths) == expected
    if alike == "own":
        assert expected.startswith("published+/")
