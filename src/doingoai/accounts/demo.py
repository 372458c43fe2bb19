"""Demo users, one or more per role, with passwords made for the demo only."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from doingoai.accounts.models import User
from doingoai.accounts.services import user_create
from doingoai.directory.models import Organization

# user name, full name, role (a `Role` value), key of the unit in `directory_demo_load`'s result
DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("dieuphoi", "Điều phối viên (mẫu)", "coordinator", "VUFO"),
    ("quantri", "Quản trị viên (mẫu)", "administrator", "VUFO"),
    ("bientap.quangtri", "Biên tập viên Quảng Trị (mẫu)", "editor", "44"),
    ("xem.quangtri", "Người xem Quảng Trị (mẫu)", "viewer", "44"),
    ("bientap.hanoi", "Biên tập viên Hà Nội (mẫu)", "editor", "01"),
    ("bientap.bng", "Biên tập viên Bộ Ngoại giao (mẫu)", "editor", "BNG"),
)


@transaction.atomic
def users_demo_load(*, actor: Any, units: dict[str, Organization], password: str = "") -> dict[str, str]:
    """Create the demo users (or reset their passwords) and return user name -> password.

    Without `password`, each user gets a new random one; the passwords are for the demo only.
    """
    return demo_users_create(actor=actor, units=units, users=DEMO_USERS, password=password)


def demo_users_create(
    *,
    actor: Any,
    units: dict[str, Organization],
    users: Sequence[tuple[str, str, str, str]],
    password: str = "",
) -> dict[str, str]:
    """Create demo users (user name, full name, role, unit key) or reset their passwords.

    Return user name -> password; without `password`, each gets a new random one.
    """
    created: dict[str, str] = {}
    for username, full_name, role, unit_key in users:
        secret = password or secrets.token_urlsafe(9)
        user = User.objects.filter(username=username).first()
        if user is None:
            user_create(
                actor=actor,
                username=username,
                password=secret,
                role=role,
                unit=units[unit_key],
                full_name=full_name,
                check_password=False,
            )
        else:
            user.set_password(secret)
            user.save(update_fields=["password"])
        created[username] = secret
    return created
