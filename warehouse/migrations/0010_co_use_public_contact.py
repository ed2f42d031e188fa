# Hand-written: the app's other pending model changes belong to other work.

from django.db import migrations, models


def unpublish_applicants_details(apps, schema_editor):
    """Until now an approved application put the applicant's own e-mail, phone and name, and what they store,
    on the public page of the Verein it created. Those stay internal; the public fields start empty. Every
    other Verein was entered by staff for the website, so its contact details move to the public fields."""
    Association = apps.get_model("partners", "Association")
    CoUseApplication = apps.get_model("warehouse", "CoUseApplication")
    created = {
        application.association_id: application
        for application in CoUseApplication.objects.filter(
            status="approved", join_association__isnull=True, association__isnull=False
        )
    }
    for association in Association.objects.all():
        application = created.get(association.pk)
        if application is None:
            association.public_contact = association.contact_name[:200]
            association.public_email = association.email
            association.public_phone = association.phone
        elif association.summary == application.goods[:300]:
            association.summary = ""
        association.save(update_fields=["public_contact", "public_email", "public_phone", "summary"])


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0003_association_public_contact'),
        ('warehouse', '0009_ledger_and_booking_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='couseapplication',
            name='public_contact',
            field=models.CharField(blank=True, max_length=200, verbose_name='Ansprechperson oder Hinweis (öffentlich)'),
        ),
        migrations.AddField(
            model_name='couseapplication',
            name='public_email',
            field=models.EmailField(blank=True, max_length=254, verbose_name='E-Mail (öffentlich)'),
        ),
        migrations.AddField(
            model_name='couseapplication',
            name='public_phone',
            field=models.CharField(blank=True, max_length=50, verbose_name='Telefon (öffentlich)'),
        ),
        migrations.AddField(
            model_name='couseapplication',
            name='public_website',
            field=models.URLField(blank=True, verbose_name='Website (öffentlich)'),
        ),
        migrations.AddField(
            model_name='couseapplication',
            name='publish_contact',
            field=models.BooleanField(default=False, verbose_name='Diese Kontaktdaten dürfen öffentlich erscheinen'),
        ),
        migrations.AddField(
            model_name='historicalcouseapplication',
            name='public_contact',
            field=models.CharField(blank=True, max_length=200, verbose_name='Ansprechperson oder Hinweis (öffentlich)'),
        ),
        migrations.AddField(
            model_name='historicalcouseapplication',
            name='public_email',
            field=models.EmailField(blank=True, max_length=254, verbose_name='E-Mail (öffentlich)'),
        ),
        migrations.AddField(
            model_name='historicalcouseapplication',
            name='public_phone',
            field=models.CharField(blank=True, max_length=50, verbose_name='Telefon (öffentlich)'),
        ),
        migrations.AddField(
            model_name='historicalcouseapplication',
            name='public_website',
            field=models.URLField(blank=True, verbose_name='Website (öffentlich)'),
        ),
        migrations.AddField(
            model_name='historicalcouseapplication',
            name='publish_contact',
            field=models.BooleanField(default=False, verbose_name='Diese Kontaktdaten dürfen öffentlich erscheinen'),
        ),
        migrations.RunPython(unpublish_applicants_details, migrations.RunPython.noop),
    ]
