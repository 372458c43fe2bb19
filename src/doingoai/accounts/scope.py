"""Decide what a user may read and change: the one place where scope is computed.

Every selector and service (pages, the API, search, exports, the admin) calls these functions;
no other layer re-implements the rules.

Roles (`doingoai.accounts.models.Role`):

- national coordinator: reads and changes everything;
- unit editor: reads and changes the records of their unit and of every unit below it;
- unit viewer: reads the records of their unit and of every unit below it;
- administrator: manages accounts and settings and reads the audit log of accounts and
  settings; reads their unit's data only through a data role (`User.data_role`, viewer or
  editor of their unit) that another administrator grants. Without it, an administrator reads
  what every signed-in user reads: published records.

A superuser counts as a coordinator and an administrator. Inactive and anonymous users have no
scope. `SYSTEM` is the actor of management commands (a coordinator without an account).

Records. A record that a unit owns has an owning unit (a foreign key to
`doingoai.directory.models.Organization`, by default the field `owner_unit`) and a publication
flag (by default `is_published`):

- a published record is readable by every signed-in user;
- an unpublished record is readable only within scope (the owning unit is the user's unit or
  below it, or the user is a coordinator). So a province's editor never sees another
  province's unpublished records;
- a record is changed only by a user for whom `unit_can_edit(user, owning unit)` holds.

How to apply it to a new model (documents, events, search results, exports)::

    from doingoai.accounts import scope

    def documents_list(*, user):                         # a selector
        return scope.records_visible(user, Document.objects.all())

    def document_update(*, user, document, **changes):   # a service
        scope.unit_require_edit(user, document.owner_unit)
        ...

For a model whose owning unit is reached through a relation, pass the lookup:
`scope.records_visible(user, Fact.objects.all(), unit_field="document__owner_unit",
published_field="document__is_published")`. For rows that are not Django querysets (a search
index hit), use `record_can_read(user, unit_path=..., is_published=...)`, or filter the index by
`unit_paths_readable(user)`.

Unit hierarchy. `Organization.path` is "/<root id>/…/<own id>/"; "a unit and every unit below
it" is `path__startswith=unit.path`, one indexed query.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from doingoai.accounts.models import Role
from doingoai.directory.models import Organization


class SystemActor:
    """The system itself acting (a management command, the demo loader): a coordinator with no account.

    Only code run from the command line passes `SYSTEM`; requests always act as `request.user`.
    """

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = False
    role = Role.COORDINATOR
    unit_id = None
    unit = None
    pk = None

    def get_username(self) -> str:
        """Return no user name: the audit log shows the system for an empty name."""
        return ""


SYSTEM = SystemActor()


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def user_role(user: Any) -> str | None:
    """Return the user's role (a `Role` value), or None for anonymous and inactive users."""
    if not _active(user):
        return None
    return str(user.role)


def user_is_coordinator(user: Any) -> bool:
    """Return whether the user reads and changes everything."""
    return _active(user) and (user.is_superuser or user.role == Role.COORDINATOR)


def user_can_manage_users(user: Any) -> bool:
    """Return whether the user may create, change and deactivate users."""
    return _active(user) and (user.is_superuser or user.role == Role.ADMINISTRATOR)


def user_can_manage_account(user: Any, *, role: str, target: Any = None) -> bool:
    """Return whether the user may give an account the `role`, or change `target`'s account at all.

    An administrator manages the accounts that read no more than a unit's records. An account
    that reads everything (a national coordinator's, or a superuser's) is made and changed only by
    a superuser: an administrator who set a coordinator's password could sign in as them and read
    every unit's unpublished records, which the separation of administration from data forbids.
    """
    if not user_can_manage_users(user):
        return False
    if user.is_superuser:
        return True
    reads_everything = {Role.COORDINATOR}
    if role in reads_everything:
        return False
    return target is None or not (target.is_superuser or target.role in reads_everything)


def user_can_view_audit(user: Any) -> bool:
    """Return whether the user may open the audit log; what it shows is scoped by `audit.selectors`."""
    return _active(user)


def _data_role(user: Any) -> str | None:
    """Return the role the user has over their unit's records: an administrator's is their data role."""
    role = user_role(user)
    if role == Role.ADMINISTRATOR and not user.is_superuser:
        return str(getattr(user, "data_role", "") or "") or None
    return role


def _acts_as_editor(user: Any) -> bool:
    return _data_role(user) == Role.EDITOR


def _unit_path(user: Any) -> str | None:
    if _data_role(user) is None:
        return None
    unit = user.unit if user.unit_id else None
    return unit.path if unit is not None and unit.path else None


def units_visible(user: Any) -> QuerySet[Organization]:
    """Return the units whose unpublished records the user may read: their unit and all below it.

    Everything for a coordinator; nothing for a user without a unit or without an active account.
    """
    units = Organization.objects.all()
    if user_is_coordinator(user):
        return units
    path = _unit_path(user) if _active(user) else None
    if path is None:
        return units.none()
    return units.filter(path__startswith=path)


def units_editable(user: Any) -> QuerySet[Organization]:
    """Return the units whose records the user may create and change."""
    if user_is_coordinator(user):
        return Organization.objects.all()
    if not _acts_as_editor(user):
        return Organization.objects.none()
    return units_visible(user)


def unit_paths_readable(user: Any) -> list[str] | None:
    """Return the path prefixes of the units in scope; None means every unit (a coordinator).

    For filters outside the ORM (a search index): a record is in scope when its unit path
    starts with one of the prefixes.
    """
    if user_is_coordinator(user):
        return None
    path = _unit_path(user) if _active(user) else None
    return [path] if path else []


def _in_subtree(user: Any, unit: Organization | None) -> bool:
    if unit is None or not _active(user):
        return False
    if user_is_coordinator(user):
        return True
    path = _unit_path(user)
    return bool(path and unit.path.startswith(path))


def unit_can_read(user: Any, unit: Organization | None) -> bool:
    """Return whether the user may read the unpublished records of `unit`."""
    return _in_subtree(user, unit)


def unit_can_edit(user: Any, unit: Organization | None) -> bool:
    """Return whether the user may create and change the records of `unit` (and `unit` itself)."""
    if user_is_coordinator(user):
        return _active(user) and unit is not None
    return _acts_as_editor(user) and _in_subtree(user, unit)


def unit_require_edit(user: Any, unit: Organization | None) -> None:
    """Raise PermissionDenied, with a message in Vietnamese, unless the user may change `unit`'s records."""
    if not unit_can_edit(user, unit):
        raise PermissionDenied(_("Bạn không có quyền thay đổi dữ liệu của đơn vị này."))


def owner_can_edit(user: Any, owner: Organization | None) -> bool:
    """Return whether the user may change a record owned by `owner`; no owning unit means coordinators only.

    A record without an owning unit (a document of the shared library, a top-level unit, an
    ingest job of the shared library) belongs to everyone, so only a coordinator changes it.
    """
    if owner is None:
        return user_is_coordinator(user)
    return unit_can_edit(user, owner)


def owner_require_edit(user: Any, owner: Organization | None) -> None:
    """Raise PermissionDenied, with a message in Vietnamese, unless `owner_can_edit(user, owner)` holds."""
    if owner_can_edit(user, owner):
        return
    if owner is None:
        raise PermissionDenied(_("Chỉ điều phối viên được thay đổi dữ liệu không thuộc đơn vị nào."))
    unit_require_edit(user, owner)


def user_can_create(user: Any) -> bool:
    """Return whether the user may create any record at all: a coordinator, or an editor with a unit."""
    if user_is_coordinator(user):
        return True
    return _acts_as_editor(user) and _unit_path(user) is not None


def user_require_create(user: Any) -> None:
    """Raise PermissionDenied, with a message in Vietnamese, unless the user may create records."""
    if not user_can_create(user):
        raise PermissionDenied(_("Bạn không có quyền thêm dữ liệu."))


def visibility_key(user: Any) -> str:
    """Return a key equal for two users exactly when `records_visible` gives them the same records.

    Figures cached per reader (the home page, the aid dashboard) are shared under this key: the
    whole country for a coordinator, the published records plus a unit's subtree otherwise.
    """
    if not _active(user):
        return "none"
    if user_is_coordinator(user):
        return "all"
    return f"published+{_unit_path(user) or '-'}"


def visibility_key_alike(user: Any, unpublished_owners: Collection[str]) -> str:
    """Return `visibility_key`, or "published" for a reader who may read no unpublished record.

    `unpublished_owners` are the paths of the units owning the unpublished records of the tables in
    question ("" for a record of no unit). A reader whose scope holds none of them reads exactly
    the published records, as every other such reader does: the coordinator too, when nothing is
    unpublished. Pages computed from those tables alone can then be shared among all of them.
    """
    key = visibility_key(user)
    if key == "none":
        return key
    if user_is_coordinator(user):
        return key if unpublished_owners else "published"
    path = _unit_path(user)
    if path and any(owner.startswith(path) for owner in unpublished_owners if owner):
        return key
    return "published"


def records_visible(
    user: Any,
    queryset: QuerySet[Any],
    *,
    unit_field: str = "owner_unit",
    published_field: str = "is_published",
    unit_path_field: str | None = None,
) -> QuerySet[Any]:
    """Return the records of `queryset` the user may read: published ones, and unpublished ones in scope.

    `unit_path_field` names a field holding the owning unit's path itself (the audit log keeps
    it as text); otherwise the path is read through `unit_field`.
    """
    if not _active(user):
        return queryset.none()
    if user_is_coordinator(user):
        return queryset
    readable = Q(**{published_field: True})
    path = _unit_path(user)
    if path:
        readable |= Q(**{f"{unit_path_field or unit_field + '__path'}__startswith": path})
    return queryset.filter(readable)


def records_editable(user: Any, queryset: QuerySet[Any], *, unit_field: str = "owner_unit") -> QuerySet[Any]:
    """Return the records of `queryset` the user may change."""
    if user_is_coordinator(user):
        return queryset
    if not _acts_as_editor(user):
        return queryset.none()
    path = _unit_path(user)
    if not path:
        return queryset.none()
    return queryset.filter(**{f"{unit_field}__path__startswith": path})


def record_can_read(user: Any, *, unit_path: str, is_published: bool) -> bool:
    """Return whether the user may read one record, given its owning unit's path and publication state."""
    if not _active(user):
        return False
    if is_published or user_is_coordinator(user):
        return True
    path = _unit_path(user)
    return bool(path and unit_path.startswith(path))
