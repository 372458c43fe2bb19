from __future__ import annotations

import pytest

from doingoai import iati
from doingoai.accounts.scope import SYSTEM
from doingoai.aid.demo import aid_demo_load
from doingoai.aid.iati_io import projects_iati_xml
from doingoai.aid.models import Project
from doingoai.directory.demo import directory_demo_load


@pytest.mark.django_db
def test_the_demo_registry_exports_a_file_valid_against_the_shipped_schema() -> None:
    count = aid_demo_load(actor=SYSTEM, units=directory_demo_load(actor=SYSTEM))
    data = projects_iati_xml(Project.objects.prefetch_related("sectors", "locations", "transactions"))
    activities = iati.activities_parse(data, source_name="demo.xml")  # XSD, codelists, rules
    assert len(activities) == count
    assert any(sector.code == "74020" for activity in activities for sector in activity.sectors)
