"""Read the directory for a user. Every read of partners and people goes through `scope.records_visible`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doingoai.accounts import scope
from doingoai.analysis.admin_units import PlaceFound, place_find
from doingoai.analysis.text import entity_key, fold_key, text_normalize
from doingoai.directory.collation import vietnamese
from doingoai.directory.models import Organization, PartnerOrganization, Person, Position


def _name_filter(query: str, *fields: str) -> Q:
    """Return a filter matching every word of `query`, with or without diacritics, in the folded key."""
    condition = Q()
    for word in entity_key(query).split():
        condition &= Q(name_key__contains=word)
    raw = query.strip()
    if raw:
        for field in fields:
            condition |= Q(**{f"{field}__iexact": raw})
    return condition


def organizations_list(
    *, user: Any, query: str = "", kind: str = "", province_code: str = ""
) -> QuerySet[Organization]:
    """Return the units matching the filters; every signed-in user sees the structure of the system."""
    if scope.user_role(user) is None:
        return Organization.objects.none()
    units = Organization.objects.select_related("parent").annotate(children_count=Count("children"))
    if query.strip():
        units = units.filter(_name_filter(query, "abbreviation"))
    if kind:
        units = units.filter(kind=kind)
    if province_code:
        units = units.filter(province_code=province_code)
    return units.order_by("path")


@dataclass(frozen=True)
class UnitSearch:
    """The units a search finds; `place` is set when its words named no unit and were read as a place."""

    units: QuerySet[Organization]
    place: PlaceFound | None = None


def organizations_search(
    *, user: Any, query: str = "", kind: str = "", province_code: str = ""
) -> UnitSearch:
    """Return the units matching the filters; a place name that names no unit leads to its province's units.

    A province, district or commune abolished or merged on 1 July 2025 ("Quảng Bình", "huyện Lệ
    Thủy", "thị trấn Kiến Giang"), or a commune in force, leads to the units of the province that
    holds it today; the words typed are kept in `place.text`.
    """
    units = organizations_list(user=user, query=query, kind=kind, province_code=province_code)
    if not query.strip() or units.exists():
        return UnitSearch(units)
    place = place_find(query)
    if place is None or (province_code and province_code != place.province.code):
        return UnitSearch(units)
    return UnitSearch(organizations_list(user=user, kind=kind, province_code=place.province.code), place)


def organization_get(*, user: Any, pk: int) -> Organization:
    """Return one unit, or raise Http404."""
    unit = organizations_list(user=user).filter(pk=pk).first()
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    return unit


def organization_children(*, user: Any, organization: Organization) -> QuerySet[Organization]:
    """Return the units directly below `organization`."""
    return organizations_list(user=user).filter(parent=organization).order_by(vietnamese("name"), "pk")


def organization_ancestors(*, organization: Organization) -> list[Organization]:
    """Return the units above `organization`, from the top, for the breadcrumb."""
    ids = [int(part) for part in organization.path.strip("/").split("/") if part][:-1]
    by_id = Organization.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def partners_list(
    *, user: Any, query: str = "", kind: str = "", country: str = "", owner_unit: Organization | None = None
) -> QuerySet[PartnerOrganization]:
    """Return the partners the user may read, matching the filters."""
    partners = scope.records_visible(user, PartnerOrganization.objects.select_related("owner_unit"))
    if query.strip():
        partners = partners.filter(_name_filter(query, "abbreviation", "iati_identifier"))
    if kind:
        partners = partners.filter(kind=kind)
    if country:
        partners = partners.filter(country=country.upper())
    if owner_unit is not None:
        partners = partners.filter(owner_unit=owner_unit)
    return partners.order_by(vietnamese("name"), "pk")


def partner_get(*, user: Any, pk: int) -> PartnerOrganization:
    """Return one partner the user may read, or raise Http404 (unreadable records do not exist for them)."""
    partner = partners_list(user=user).filter(pk=pk).first()
    if partner is None:
        raise Http404(_("Không tìm thấy đối tác."))
    return partner


def people_list(
    *, user: Any, query: str = "", owner_unit: Organization | None = None, province_code: str = ""
) -> QuerySet[Person]:
    """Return the officials the user may read, with their current titles."""
    people = scope.records_visible(user, Person.objects.select_related("owner_unit"))
    if query.strip():
        people = people.filter(_name_filter(query))
    if owner_unit is not None:
        people = people.filter(owner_unit=owner_unit)
    if province_code:
        people = people.filter(owner_unit__province_code=province_code)
    current = Position.objects.filter(end_date__isnull=True).select_related("organization")
    return people.prefetch_related(
        Prefetch("positions", queryset=current, to_attr="current_positions")
    ).order_by(vietnamese("full_name"), "pk")


def person_get(*, user: Any, pk: int) -> Person:
    """Return one official the user may read, with all their titles, or raise Http404."""
    person = (
        scope.records_visible(user, Person.objects.select_related("owner_unit"))
        .prefetch_related(Prefetch("positions", queryset=Position.objects.select_related("organization")))
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404(_("Không tìm thấy cán bộ."))
    return person


def person_find_by_name(*, user: Any, name: str) -> QuerySet[Person]:
    """Return the officials whose folded name equals the folded `name` (to link people found in documents)."""
    return scope.records_visible(user, Person.objects.filter(name_key=entity_key(name)))


def organization_by_reference(value: str) -> Organization | None:
    """Return the unit a command line names by its id or its abbreviation (any case), or None."""
    value = value.strip()
    if value.isdecimal() and len(value) < 19:
        return Organization.objects.filter(pk=int(value)).first()
    return Organization.objects.filter(abbreviation__iexact=value).first()


def organization_by_name(name: str) -> Organization | None:
    """Return the one unit a text names ("Bộ Ngoại giao", "VUFO", "Mặt trận Tổ quốc Việt Nam"), or None.

    Tried in order, each only when exactly one unit answers: the full name (folded, with or
    without diacritics), the abbreviation (any case), then a unit whose name contains the words
    (so "Mặt trận Tổ quốc Việt Nam" finds "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"). A
    generic phrase ("các cơ quan, tổ chức", "Sở Ngoại vụ" when every province has one) finds none.
    """
    cleaned = " ".join(name.split())
    key = entity_key(cleaned)
    if not key:
        return None
    for condition in (Q(name_key=key), Q(abbreviation__iexact=cleaned), Q(name_key__contains=key)):
        found = list(Organization.objects.filter(condition)[:2])
        if len(found) == 1:
            return found[0]
        if found:
            return None
    return None


# The titles of a unit's head, as a title held in the unit begins. A title naming a part of the
# unit ("Trưởng ban Điều phối viện trợ", "Trưởng phòng") or a deputy ("Phó Chủ tịch") is not the head's.
HEAD_TITLES = (
    "Chủ tịch",
    "Tổng Giám đốc",
    "Giám đốc",
    "Bộ trưởng",
    "Trưởng ban",
    "Đại sứ",
    "Tổng Thư ký",
    "Thủ trưởng",
)


@dataclass(frozen=True)
class UnitHead:
    """Who heads a unit: the title as a signature block writes it ("Chủ tịch"), and the full name."""

    title: str
    full_name: str


def organization_head(*, user: Any, organization: Organization, day: dt.date) -> UnitHead | None:
    """Return who heads `organization` on `day`, as the directory records it for `user`, or None.

    The head holds, on that day, a position in the unit whose title is a head's title alone or
    followed by the unit's own name ("Chủ tịch Liên hiệp các tổ chức hữu nghị" in "Liên hiệp các
    tổ chức hữu nghị tỉnh Quảng Trị"); the latest such position wins. Only people the user may
    read are named.
    """
    positions = (
        Position.objects.filter(
            organization=organization, person__in=scope.records_visible(user, Person.objects.all())
        )
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("person")
        .order_by("-start_date", "-pk")
    )
    names = [entity_key(organization.name), entity_key(organization.abbreviation)]
    for position in positions:
        title = " ".join(text_normalize(position.title).split())
        key = fold_key(title)  # as long as `title`, so a prefix of one is a prefix of the other
        for head in HEAD_TITLES:
            head_key = fold_key(head)
            rest = key[len(head_key) + 1 :]
            if key == head_key or (
                key.startswith(head_key + " ") and any(n and n.startswith(rest) for n in names)
            ):
                return UnitHead(
                    title=title[: len(head)], full_name=" ".join(position.person.full_name.split())
                )
    return None


def people_with_positions(*, user: Any, query: str = "", province_code: str = "") -> QuerySet[Person]:
    """Return the officials of `people_list`, each with every title held (`all_positions`, oldest first)."""
    every = Position.objects.select_related("organization").order_by(
        F("start_date").asc(nulls_first=True), "pk"
    )
    return people_list(user=user, query=query, province_code=province_code).prefetch_related(
        Prefetch("positions", queryset=every, to_attr="all_positions")
    )


# How many of the units sharing a name a refusal lists.
UNITS_SHARED_LISTED = 5


@dataclass(frozen=True)
class UnitRefusal:
    """Why what a file writes names no single unit, in words for the user.

    `on_code`: the code is at fault (it names no unit, or another unit than the name beside it);
    otherwise the name is. `unknown`: the name names no unit at all (a source that may name an
    organization outside the directory keeps it by its name then).
    """

    message: str
    on_code: bool = False
    unknown: bool = False


class UnitNames:
    """The units a file may name, read once: by code (the unit's id), by name or by abbreviation.

    A name is compared folded ("Quang Tri" finds "Quảng Trị"), an abbreviation in any case. A text
    answers to every unit whose name folds alike or whose abbreviation it is: a name two units share
    (two communes of the same name in two provinces, one association at two levels), even spelt
    exactly as one of them, names both, and the file must give the unit's code instead.
    `resolve` is the one rule every import (directory, aid registry, IATI) applies.
    """

    def __init__(self) -> None:
        self._by_code: dict[int, Organization] = {}
        self._by_name: dict[str, list[Organization]] = {}
        self._by_abbreviation: dict[str, list[Organization]] = {}
        for unit in Organization.objects.only("pk", "name", "abbreviation", "path", "name_key", "parent_id"):
            self._by_code[unit.pk] = unit
            self._by_name.setdefault(unit.name_key, []).append(unit)
            if unit.abbreviation:
                self._by_abbreviation.setdefault(unit.abbreviation.strip().casefold(), []).append(unit)

    def find(self, text: str) -> list[Organization]:
        """Return every unit `text` names, by name or abbreviation (one: found; none: unknown)."""
        cleaned = " ".join(text_normalize(text).split())
        named = self._by_name.get(entity_key(cleaned), []) + self._by_abbreviation.get(cleaned.casefold(), [])
        return list({unit.pk: unit for unit in named}.values())

    def by_code(self, text: str) -> Organization | None:
        """Return the unit whose code (its id, as the unit's page and the units' list show it) `text` is."""
        cleaned = text.strip()
        return self._by_code.get(int(cleaned)) if cleaned.isdecimal() and len(cleaned) < 19 else None

    def names(self, unit: Organization, text: str) -> bool:
        """Return whether `text` names `unit` (its name, folded, or its abbreviation)."""
        return any(found.pk == unit.pk for found in self.find(text))

    def parent(self, unit: Organization) -> Organization | None:
        """Return the unit above `unit` (read with the others, no query)."""
        return self._by_code.get(unit.parent_id) if unit.parent_id else None

    def resolve(
        self, text: str, code: str, *, advice: Callable[[Organization], str]
    ) -> Organization | UnitRefusal:
        """Return the unit a source names by its code or else by its name; refuse what names no single one.

        `code` (the unit's id) chooses the unit; a name beside it must then be that unit's. Without
        a code, the name must be one unit's: a name several units share is refused, listing them
        with their parents and codes, followed by `advice(first unit listed)` saying where the
        source writes the code of the one meant. The caller handles both being empty.
        """
        if code:
            unit = self.by_code(code)
            if unit is None:
                return UnitRefusal(
                    _("không có đơn vị mã “%(code)s” trong danh bạ (mã đơn vị ghi trên trang của đơn vị).")
                    % {"code": code},
                    on_code=True,
                )
            if text and not self.names(unit, text):
                return UnitRefusal(
                    _("mã %(code)d là đơn vị “%(unit)s”, không phải “%(value)s”: hãy sửa mã hoặc tên đơn vị.")
                    % {"code": unit.pk, "unit": unit.name, "value": text},
                    on_code=True,
                )
            return unit
        found = self.find(text)
        if not found:
            return UnitRefusal(
                _("không tìm thấy đơn vị “%(value)s” trong danh bạ.") % {"value": text}, unknown=True
            )
        if len(found) > 1:
            return UnitRefusal(self._shared(text, found, advice))
        return found[0]

    def _shared(self, text: str, found: list[Organization], advice: Callable[[Organization], str]) -> str:
        """Say which units a name shared by several could be, with their codes, and where to write one."""
        listed = []
        ordered = sorted(found, key=lambda u: u.path)
        for unit in ordered[:UNITS_SHARED_LISTED]:
            parent = self.parent(unit)
            if parent is None:
                listed.append(
                    _("“%(name)s”, đơn vị cấp cao nhất (mã %(code)d)") % {"name": unit.name, "code": unit.pk}
                )
            else:
                listed.append(
                    _("“%(name)s” thuộc “%(parent)s” (mã %(code)d)")
                    % {"name": unit.name, "parent": parent.name, "code": unit.pk}
                )
        if len(found) > UNITS_SHARED_LISTED:
            listed.append(
                ngettext(
                    "và %(more)d đơn vị khác", "và %(more)d đơn vị khác", len(found) - UNITS_SHARED_LISTED
                )
                % {"more": len(found) - UNITS_SHARED_LISTED}
            )
        said = ngettext(
            "“%(value)s” có thể là %(count)d đơn vị: %(units)s.",
            "“%(value)s” có thể là %(count)d đơn vị: %(units)s.",
            len(found),
        ) % {
            "value": text,
            "count": len(found),
            "units": "; ".join(listed),
        }
        return f"{said} {advice(ordered[0])}"
