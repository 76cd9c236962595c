"""Store each priority's sentence vector, and compute it for the priorities already recorded."""

from django.db import migrations, models

BATCH = 64


def _statement(title: str, issue: str) -> str:
    # As Priority.statement was when this migration was written. Should the two ever differ, the
    # vector key will not match the statement and the vector is simply computed again when used.
    issue = issue.strip()
    return f"{title.strip()}. {issue}" if issue else title.strip()


def fill_vectors(apps, schema_editor):
    from journeys.priorities import encoder

    Priority = apps.get_model("priorities", "Priority")
    records = list(Priority.objects.filter(statement_vector__isnull=True).only("pk", "title", "issue"))
    if not records or not encoder.available():
        return  # without the model, peer matching falls back to computing vectors when it needs them
    for start in range(0, len(records), BATCH):
        chunk = records[start : start + BATCH]
        statements = [_statement(r.title, r.issue) for r in chunk]
        for record, statement, vector in zip(chunk, statements, encoder.encode(statements), strict=True):
            record.statement_vector = encoder.vector_to_bytes(vector)
            record.statement_vector_key = encoder.vector_key(statement)
        Priority.objects.bulk_update(chunk, ["statement_vector", "statement_vector_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("priorities", "0002_theme_method_choices"),
    ]

    operations = [
        migrations.AddField(
            model_name="priority",
            name="statement_vector",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="priority",
            name="statement_vector_key",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.RunPython(fill_vectors, migrations.RunPython.noop, elidable=True),
    ]
