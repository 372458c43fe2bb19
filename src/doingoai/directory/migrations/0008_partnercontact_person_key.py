"""One contact per person at a partner: the folded name is stored (unique per partner in 0009).

Contacts entered twice before (the same person, however spelt) are first made one: the oldest is
kept, a blank detail of it taken from a later copy, a differing one added to its notes; the
later copies are removed.
"""

from django.db import migrations, models

DETAILS = ("job_title", "email", "telephone")


def _keys_fill_and_duplicates_merge(apps, schema_editor):
    from doingoai.analysis.text import entity_key

    PartnerContact = apps.get_model("directory", "PartnerContact")
    kept = {}
    for contact in PartnerContact.objects.order_by("partner_id", "created_at", "pk"):
        key = entity_key(contact.person_name)
        first = kept.get((contact.partner_id, key))
        if first is None:
            contact.person_key = key
            contact.save(update_fields=["person_key"])
            kept[(contact.partner_id, key)] = contact
            continue
        notes = [first.notes] if first.notes else []
        for name in DETAILS:
            value = getattr(contact, name)
            if value and not getattr(first, name):
                setattr(first, name, value)
            elif value and value != getattr(first, name):
                notes.append(value)
        if contact.notes and contact.notes not in notes:
            notes.append(contact.notes)
        first.notes = "; ".join(notes)[:500]
        first.save(update_fields=[*DETAILS, "notes"])
        contact.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_person_telephone_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="partnercontact",
            name="person_key",
            field=models.CharField(default="", editable=False, max_length=255, verbose_name="khóa tên"),
            preserve_default=False,
        ),
        migrations.RunPython(_keys_fill_and_duplicates_merge, migrations.RunPython.noop),
    ]
