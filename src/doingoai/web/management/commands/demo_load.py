"""`doingoai demo_load`: load the sample directory and the demo users, and print their passwords."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from doingoai.accounts.demo import DEMO_USERS, users_demo_load
from doingoai.accounts.models import Role
from doingoai.accounts.scope import SYSTEM
from doingoai.aid.demo import aid_demo_load
from doingoai.directory.demo import directory_demo_load
from doingoai.reporting.demo import REPORTING_USERS, reporting_demo_load
from doingoai.tasks.demo import tasks_demo_load


class Command(BaseCommand):
    """Load the demo data; running it again keeps what exists and gives the demo users new passwords."""

    help = (
        "Load the sample directory (central bodies, the 34 provinces with their friendship unions, missions, "
        "mass organizations, partners), a year of aid projects, the 2025 reporting cycle, the "
        "30/12/2025 conference with its tasks, and demo users for every role. "
        "Prints the demo passwords: for demos only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default="",
            help="give every demo user this password instead of a random one (for scripted demos)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        units = directory_demo_load(actor=SYSTEM)
        passwords = users_demo_load(actor=SYSTEM, units=units, password=options["password"])
        aid_demo_load(actor=SYSTEM, units=units)
        tasks_demo_load(actor=SYSTEM, units=units, today=timezone.localdate())
        passwords.update(reporting_demo_load(actor=SYSTEM, units=units, password=options["password"]))
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu (demo data loaded)."))
        self.stdout.write("Tài khoản mẫu — chỉ dùng để trình diễn (demo accounts, for the demo only):")
        people = {username: (name, role) for username, name, role, _unit in DEMO_USERS + REPORTING_USERS}
        # Columns as wide as their longest entry, so that a long user name does not push its
        # password out of line.
        name_width = max(map(len, passwords), default=0)
        password_width = max(map(len, passwords.values()), default=0)
        for username, password in passwords.items():
            name, role = people[username]
            self.stdout.write(
                f"  {username:<{name_width}}  {password:<{password_width}}  {Role(role).label}: {name}"
            )
