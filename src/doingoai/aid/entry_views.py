"""Entry pages of the aid registry: projects, transactions, programmes and rates on screen.

Kept apart from `views.py` (the dashboard and lists) because they share a shape: parse a form,
call one service, show the refused save with the user's input kept. Each view stays thin: the
services check scope, versions and the rules, and write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from doingoai.accounts import scope
from doingoai.aid import records, selectors, services
from doingoai.aid.currency import rate_max_age
from doingoai.aid.forms import (
    BudgetFormSet,
    ExchangeRateForm,
    LocationFormSet,
    ParticipantFormSet,
    ProgrammeForm,
    ProjectForm,
    SectorFormSet,
    TransactionForm,
    VersionForm,
    commune_choices,
)
from doingoai.aid.models import Programme, Project
from doingoai.aid.sectors import SECTOR_NAMES_VI, sector_label
from doingoai.audit.concurrency import StaleEditError, version_expected
from doingoai.directory.collation import vietnamese
from doingoai.directory.forms import PartnerContactForm
from doingoai.directory.selectors import partner_get, partners_list
from doingoai.directory.services import partner_contact_add, partner_contact_delete
from doingoai.formsets import errors_hidden, with_added_row

CURRENCIES_COMMON = ("VND", "USD", "EUR", "JPY", "KRW", "AUD", "GBP", "CHF", "CNY", "SGD", "CAD", "SEK")


# The rows edited beside a project's own fields: formset prefix -> (formset class, "add row" button).
_PROJECT_ROWS = {
    "sectors": (SectorFormSet, "add_sector"),
    "locations": (LocationFormSet, "add_location"),
    "participants": (ParticipantFormSet, "add_participant"),
    "budgets": (BudgetFormSet, "add_budget"),
}


def _project_rows_initial(project: Project | None) -> dict[str, list[dict[str, Any]]]:
    """Return the first values of each row formset: the project's rows, or one empty row."""
    if project is None:
        return {prefix: [{}] for prefix in _PROJECT_ROWS}
    rows: dict[str, list[dict[str, Any]]] = {
        "sectors": [{"code": s.code, "percentage": s.percentage} for s in project.sectors.all()],
        "locations": [
            {"province": loc.province_code, "commune": loc.commune_code} for loc in project.locations.all()
        ],
        "participants": [
            {
                "role": p.role,
                "partner": p.partner_id,
                "unit": p.unit_id,
                "name": p.name,
                "ref": p.ref,
                "org_type": p.org_type,
            }
            for p in project.participants.order_by("pk")
        ],
        "budgets": [
            {
                "period_start": b.period_start,
                "period_end": b.period_end,
                "value": b.value,
                "currency": b.currency,
                "value_date": b.value_date,
                "budget_type": b.budget_type,
                "status": b.status,
            }
            for b in project.budgets.all()
        ],
    }
    return {prefix: found or [{}] for prefix, found in rows.items()}


def _project_forms(
    request: HttpRequest, project: Project | None
) -> tuple[ProjectForm, dict[str, Any], str | None]:
    """Build the project form and its row formsets from the request; say which row was added."""
    kwargs = {
        "participants": {
            "form_kwargs": {"partners": partners_list(user=request.user).order_by(vietnamese("name"), "pk")}
        }
    }
    if request.method == "POST":
        data = request.POST
        added = None
        for prefix, (_formset, button) in _PROJECT_ROWS.items():
            if button in data:
                data, added = with_added_row(data, prefix), prefix
                break
        rows = {
            prefix: formset(data, prefix=prefix, **kwargs.get(prefix, {}))
            for prefix, (formset, _button) in _PROJECT_ROWS.items()
        }
        return ProjectForm(data, user=request.user), rows, added
    if project is None:
        initial: dict[str, Any] = {"status": "2", "owner_unit": getattr(request.user, "unit_id", None)}
    else:
        initial = {
            "iati_identifier": project.iati_identifier,
            "title": project.title,
            "description": project.description,
            "status": project.status,
            "programme": project.programme_id,
            "owner_unit": project.owner_unit_id,
            "is_published": project.is_published,
            "version": project.version,
            **{name: getattr(project, name) for name in services.PROJECT_DATE_FIELDS},
        }
    first = _project_rows_initial(project)
    rows = {
        prefix: formset(initial=first[prefix], prefix=prefix, **kwargs.get(prefix, {}))
        for prefix, (formset, _button) in _PROJECT_ROWS.items()
    }
    return ProjectForm(initial=initial, user=request.user), rows, None


@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create a project, or change one the user may edit, with its sectors, locations,
    participating organizations and budgets."""
    project = selectors.project_get(user=request.user, pk=pk) if pk is not None else None
    if project is not None:
        scope.unit_require_edit(request.user, project.owner_unit)
    else:
        scope.user_require_create(request.user)
    form, rows, added = _project_forms(request, project)
    if added is not None:
        for shown in (form, *rows.values()):
            errors_hidden(shown)
    status = 200
    if request.method == "POST" and added is None:
        valid = form.is_valid()
        for formset in rows.values():
            valid &= formset.is_valid()
        if valid:
            data = form.cleaned_data
            project_data = services.ProjectData(
                iati_identifier=data["iati_identifier"],
                title=data["title"],
                description=data["description"],
                status=data["status"],
                programme=data["programme"],
                owner_unit=data["owner_unit"],
                is_published=data["is_published"],
                sectors=rows["sectors"].rows(),
                locations=rows["locations"].locations(),
                participants=rows["participants"].participants(),
                budgets=rows["budgets"].budgets(),
                dates={name: data[name] for name in services.PROJECT_DATE_FIELDS},
            )
            try:
                if project is None:
                    project = services.project_create(actor=request.user, data=project_data)
                else:
                    project = services.project_update(
                        actor=request.user,
                        project=project,
                        data=project_data,
                        expected_version=version_expected(data["version"]),
                    )
            except StaleEditError as exc:
                form.stale_show(exc)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã lưu dự án “%(title)s”.") % {"title": project.title})
                return redirect("aid:project_detail", pk=project.pk)
        status = 400
    context = {
        "form": form,
        **rows,
        "project": project,
        "refused": status == 400,
        "sector_names": [(code, sector_label(code)) for code in sorted(SECTOR_NAMES_VI)],
        "currencies": CURRENCIES_COMMON,
    }
    return render(request, "aid/project_form.html", context, status=status)


def _prefill(query: QueryDict) -> dict[str, Any]:
    """Return a transaction form's first values from the link that opened it (e.g. the news cross-check)."""
    initial: dict[str, Any] = {"transaction_type": query.get("type", "")}
    if query.get("value"):
        try:
            initial["value"] = Decimal(query["value"].replace(",", "."))
        except ArithmeticError:
            pass
    for name, key in (("currency", "currency"), ("provider", "partner")):
        if query.get(key):
            initial[name] = query[key][:20]
    # A day as a date, which the field writes dd/mm/yyyy; the link carries it as ISO.
    with contextlib.suppress(ValueError):
        initial["date"] = dt.date.fromisoformat(query.get("date", "")[:10])
    if query.get("date") and "date" not in initial:
        initial["date"] = query["date"][:20]  # shown as given, for the user to correct
    return initial


@require_http_methods(["GET", "POST"])
def transaction_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Record a transaction of a project (`?project=`), or change one; show its conversion first.

    "Xem quy đổi" shows the conversion to VND and USD as it will be stored (rates, their dates, a
    stale rate flagged) without saving; "Lưu" saves.
    """
    row = records.transaction_get(user=request.user, pk=pk) if pk is not None else None
    if row is not None:
        project = row.project
    else:
        project_id = selectors.query_id(request.GET, "project") or selectors.query_id(request.POST, "project")
        if project_id is None:
            messages.error(request, _("Hãy chọn dự án trước khi thêm giao dịch."))
            return redirect("aid:project_list")
        project = selectors.project_get(user=request.user, pk=project_id)
    scope.unit_require_edit(request.user, project.owner_unit)
    partners = partners_list(user=request.user).order_by(vietnamese("name"), "pk")
    if row is not None:
        initial: dict[str, Any] = {
            "transaction_type": row.transaction_type,
            "date": row.date,
            "provider": row.provider_id,
            "value": row.value,
            "currency": row.currency,
            "description": row.description,
            "version": row.version,
        }
    else:
        initial = _prefill(request.GET)
        # A new transaction comes, most often, from the project's funder: offer it first.
        initial.setdefault("provider", selectors.project_funder_id(project))
    form = TransactionForm(request.POST or None, partners=partners, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid() and "save" in request.POST:
            data = form.cleaned_data
            fields = {k: data[k] for k in ("transaction_type", "date", "provider", "value", "currency")}
            try:
                if row is None:
                    row = services.transaction_create(
                        actor=request.user, project=project, description=data["description"], **fields
                    )
                else:
                    row = services.transaction_update(
                        actor=request.user,
                        row=row,
                        expected_version=version_expected(data["version"]),
                        description=data["description"],
                        **fields,
                    )
            except StaleEditError as exc:
                form.stale_show(exc)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã lưu giao dịch."))
                return redirect("aid:project_detail", pk=project.pk)
        status = 200 if form.is_valid() and not form.errors else 400
    context = {
        "form": form,
        "project": project,
        "row": row,
        "currencies": CURRENCIES_COMMON,
        "rate_max_age": rate_max_age(),
    }
    return render(request, "aid/transaction_form.html", context, status=status)


@require_POST
def transaction_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a transaction recorded by mistake (its project's editors), from its edit page."""
    row = records.transaction_get(user=request.user, pk=pk)
    project = row.project
    form = VersionForm(request.POST)
    form.is_valid()  # a version that is not a number is as missing: refused below
    try:
        version = version_expected(form.cleaned_data.get("version"))
        services.transaction_delete(actor=request.user, row=row, expected_version=version)
    except (StaleEditError, ValidationError) as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("aid:transaction_edit", pk=pk)
    messages.success(request, _("Đã xóa giao dịch."))
    return redirect("aid:project_detail", pk=project.pk)


@require_GET
def communes(request: HttpRequest) -> JsonResponse:
    """Return the communes of `?province=` as [code, name] pairs (the location rows' commune list)."""
    province = str(request.GET.get("province", ""))[:2]
    if not (province.isascii() and province.isdigit()):
        return JsonResponse(
            {"communes": [], "error": _("Tham số “province” phải là mã tỉnh 2 chữ số.")}, status=400
        )
    return JsonResponse({"communes": commune_choices(province)})


@require_http_methods(["GET", "POST"])
def rates(request: HttpRequest) -> HttpResponse:
    """List the currencies and periods whose conversions need a newer rate; coordinators enter rates."""
    can_enter = scope.user_is_coordinator(request.user)
    initial: dict[str, Any] = {"currency": request.GET.get("currency", "")[:3]}
    with contextlib.suppress(ValueError):
        initial["date"] = dt.date.fromisoformat(request.GET.get("date", "")[:10])
    form = ExchangeRateForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not can_enter:
            raise PermissionDenied(_("Chỉ điều phối quốc gia được nhập tỷ giá."))
        if form.is_valid():
            try:
                services.exchange_rate_set(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                data = form.cleaned_data
                messages.success(
                    request,
                    _("Đã lưu tỷ giá %(currency)s ngày %(date)s.")
                    % {"currency": data["currency"], "date": data["date"].strftime("%d/%m/%Y")},
                )
                return redirect("aid:rates")
        status = 400
    context = {
        "needed": records.rates_needed(user=request.user),
        "recent": records.exchange_rates_recent(),
        "form": form if can_enter else None,
        "rate_max_age": rate_max_age(),
    }
    return render(request, "aid/rates.html", context, status=status)


@require_http_methods(["GET", "POST"])
def partner_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a partner's projects, its money by year, the news naming it and its contacts.

    Users who may edit the partner add a contact person here (POST).
    """
    partner = partner_get(user=request.user, pk=pk)
    can_edit = scope.unit_can_edit(request.user, partner.owner_unit)
    form = PartnerContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Bạn không được sửa đối tác này."))
        if form.is_valid():
            try:
                partner_contact_add(actor=request.user, partner=partner, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã thêm đầu mối liên hệ."))
                return redirect("aid:partner_detail", pk=partner.pk)
        status = 400
    context = {
        "aid": records.partner_aid(user=request.user, partner=partner),
        "partner": partner,
        "can_edit": can_edit,
        "contact_form": form if can_edit else None,
        "rate_max_age": rate_max_age(),
    }
    return render(request, "aid/partner_detail.html", context, status=status)


@require_POST
def partner_contact_remove(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    """Remove a contact person of a partner the user may edit."""
    partner = partner_get(user=request.user, pk=pk)
    contact = partner.contacts.filter(pk=contact_pk).first()
    if contact is None:
        scope.unit_require_edit(request.user, partner.owner_unit)
        # Removed meanwhile (another tab, another editor): the page shown again says so.
        messages.info(request, _("Đầu mối liên hệ này đã được xóa trước đó; danh sách dưới đây là hiện tại."))
        return redirect("aid:partner_detail", pk=partner.pk)
    partner_contact_delete(actor=request.user, contact=contact)
    messages.success(request, _("Đã xóa đầu mối liên hệ %(name)s.") % {"name": contact.person_name})
    return redirect("aid:partner_detail", pk=partner.pk)


@require_http_methods(["GET", "POST"])
def programme_list(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """List the national programmes; coordinators declare them, and change one (`pk`)."""
    can_edit = scope.user_is_coordinator(request.user)
    programme = get_object_or_404(Programme, pk=pk) if pk is not None else None
    initial = (
        {
            "code": programme.code,
            "name": programme.name,
            "description": programme.description,
            "version": programme.version,
        }
        if programme is not None
        else {}
    )
    form = ProgrammeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Chỉ điều phối quốc gia được khai báo chương trình."))
        if form.is_valid():
            data = form.cleaned_data
            fields = {k: data[k] for k in ("code", "name", "description")}
            try:
                if programme is None:
                    services.programme_upsert(actor=request.user, **fields)
                else:
                    services.programme_update(
                        actor=request.user,
                        programme=programme,
                        expected_version=version_expected(data["version"]),
                        **fields,
                    )
            except StaleEditError as exc:
                form.stale_show(exc)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã lưu chương trình."))
                return redirect("aid:programme_list")
        status = 400
    context = {
        "programmes": Programme.objects.order_by(vietnamese("name"), "pk"),
        "programme": programme,
        "form": form if can_edit else None,
    }
    return render(request, "aid/programme_list.html", context, status=status)
