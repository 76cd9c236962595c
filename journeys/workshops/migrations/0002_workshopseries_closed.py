from django.db import migrations, models


def close_2016(apps, schema_editor):
    # The 2016 series records workshops already held: it takes no more contributions.
    apps.get_model("workshops", "WorkshopSeries").objects.filter(slug="lga-2016").update(closed=True)


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="workshopseries",
            name="closed",
            field=models.BooleanField(default=False, help_text="A closed series takes no more contributions."),
        ),
        migrations.RunPython(close_2016, migrations.RunPython.noop),
    ]
