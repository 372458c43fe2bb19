"""The migration that makes a person one contact of a partner copes with the duplicates entered before."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("directory", "0007_person_telephone_email")]
AFTER = [("directory", "0009_partnercontact_one_per_person")]


@pytest.mark.django_db(transaction=True)
def test_contacts_entered_twice_are_merged_into_the_first_keeping_their_details() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Organization = apps.get_model("directory", "Organization")
    Partner = apps.get_model("directory", "PartnerOrganization")
    Contact = apps.get_model("directory", "PartnerContact")
    unit = Organization.objects.create(name="Liên hiệp thử", name_key="lien hiep thu", kind="union")
    partner = Partner.objects.create(name="Sakura Trust", kind="ngo", country="JP", owner_unit=unit)
    other = Partner.objects.create(name="Hoa Sen Fund", kind="ngo", country="JP", owner_unit=unit)
    first = Contact.objects.create(partner=partner, person_name="Nguyễn Thị Hòa", telephone="0123")
    Contact.objects.create(partner=partner, person_name="nguyen thi hoa", email="hoa@sakura.example")
    Contact.objects.create(partner=partner, person_name="Nguyễn Thị Hòa", telephone="0999", notes="Tokyo")
    Contact.objects.create(partner=partner, person_name="Sato Yuki")
    Contact.objects.create(partner=other, person_name="Nguyễn Thị Hòa")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Contact = apps.get_model("directory", "PartnerContact")
    rows = Contact.objects.filter(partner_id=partner.pk).order_by("pk")
    assert [(c.pk, c.person_name, c.person_key) for c in rows] == [
        (first.pk, "Nguyễn Thị Hòa", "nguyen thi hoa"),
        (rows[1].pk, "Sato Yuki", "sato yuki"),
    ]
    merged = rows[0]
    assert (merged.telephone, merged.email, merged.notes) == ("0123", "hoa@sakura.example", "0999; Tokyo")
    assert Contact.objects.filter(partner_id=other.pk).count() == 1
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
