# Stored charts moved to the common app, as the journey pages store theirs too: the charts
# already drawn are copied across, so no page has to draw them again.

from django.db import migrations

BATCH = 200


def _copy(source, target, database):
    batch = []
    for key, svg in source.objects.using(database).values_list("key", "svg").iterator(chunk_size=BATCH):
        batch.append(target(key=key, svg=svg))
        if len(batch) == BATCH:
            target.objects.using(database).bulk_create(batch, ignore_conflicts=True)
            batch = []
    target.objects.using(database).bulk_create(batch, ignore_conflicts=True)


def copy_charts(apps, schema_editor):
    _copy(
        apps.get_model("evidence", "RenderedChart"),
        apps.get_model("common", "RenderedChart"),
        schema_editor.connection.alias,
    )


def copy_charts_back(apps, schema_editor):
    _copy(
        apps.get_model("common", "RenderedChart"),
        apps.get_model("evidence", "RenderedChart"),
        schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0001_initial"),
        ("evidence", "0002_renderedfragment"),
    ]

    operations = [
        migrations.RunPython(copy_charts, copy_charts_back),
        migrations.DeleteModel(
            name="RenderedChart",
        ),
    ]
