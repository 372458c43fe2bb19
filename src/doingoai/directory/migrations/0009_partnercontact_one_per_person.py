"""One contact per person at a partner: the database refuses a second contact of the same folded name.

Apart from 0008 (which merges the duplicates) because PostgreSQL does not alter a table in the
transaction that has just changed its rows.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0008_partnercontact_person_key"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="partnercontact",
            constraint=models.UniqueConstraint(
                fields=("partner", "person_key"), name="partnercontact_one_per_person"
            ),
        ),
    ]
