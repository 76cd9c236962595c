"""Self-evaluations, created or adopted from the tables of the app this one was renamed from.

Until December 2026 this app was labelled ``journeys`` and its model was ``SelfAssessment``. A
database made then has ``journeys_selfassessment`` and ``journeys_historicalselfassessment``, with
content types (which audit log entries point at), permissions and migration records under the old
names. This migration renames all of them in place, so every row, version and audit entry is
kept; a database without them gets new tables.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.db.migrations.recorder import MigrationRecorder

OLD_APP, NEW_APP = "journeys", "improvement"
RENAMED_MODELS = {"selfassessment": "selfevaluation", "historicalselfassessment": "historicalselfevaluation"}


def adopt_or_create_tables(apps, schema_editor):
    connection = schema_editor.connection
    models_now = [apps.get_model(NEW_APP, name) for name in RENAMED_MODELS.values()]
    if f"{OLD_APP}_selfassessment" not in connection.introspection.table_names():
        for model in models_now:
            schema_editor.create_model(model)
        return
    for (old, new), model in zip(RENAMED_MODELS.items(), models_now, strict=True):
        schema_editor.alter_db_table(model, f"{OLD_APP}_{old}", model._meta.db_table)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for old, new in RENAMED_MODELS.items():
        # Audit entries point at the old content type's id: rename that row rather than make a new one.
        ContentType.objects.filter(app_label=NEW_APP, model=new).delete()
        ContentType.objects.filter(app_label=OLD_APP, model=old).update(app_label=NEW_APP, model=new)
        for permission in Permission.objects.filter(
            content_type__app_label=NEW_APP, codename__endswith=f"_{old}"
        ):
            permission.codename = permission.codename.removesuffix(old) + new
            permission.name = permission.name.replace("self assessment", "self-evaluation")
            permission.save(update_fields=["codename", "name"])
    MigrationRecorder(connection).migration_qs.filter(app=OLD_APP).delete()


def drop_tables(apps, schema_editor):
    for name in reversed(RENAMED_MODELS.values()):
        schema_editor.delete_model(apps.get_model(NEW_APP, name))


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("authorities", "0001_initial"),
        ("frameworks", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # The renaming step moves content types and permissions, so their tables must exist.
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SelfEvaluation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "visibility",
                            models.CharField(
                                choices=[
                                    ("private", "Only people in our local authority"),
                                    ("oversight", "Also our regional coordinators and national admins"),
                                    ("sector", "Everyone who uses Journeys"),
                                ],
                                default="private",
                                max_length=16,
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("draft", "Draft"), ("submitted", "Submitted")],
                                default="draft",
                                max_length=16,
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1)),
                        ("ratings", models.JSONField(blank=True, default=dict)),
                        ("notes", models.JSONField(blank=True, default=dict)),
                        ("indicator_links", models.JSONField(blank=True, default=dict)),
                        ("answers", models.JSONField(blank=True, default=dict)),
                        ("self_placed_stage", models.CharField(blank=True, max_length=32)),
                        ("findings_accepted", models.BooleanField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("submitted_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "based_on",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="improvement.selfevaluation",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "framework_version",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="frameworks.frameworkversion",
                            ),
                        ),
                        (
                            "la",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="authorities.localauthority",
                            ),
                        ),
                        (
                            "submitted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "self-evaluation",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalSelfEvaluation",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "visibility",
                            models.CharField(
                                choices=[
                                    ("private", "Only people in our local authority"),
                                    ("oversight", "Also our regional coordinators and national admins"),
                                    ("sector", "Everyone who uses Journeys"),
                                ],
                                default="private",
                                max_length=16,
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("draft", "Draft"), ("submitted", "Submitted")],
                                default="draft",
                                max_length=16,
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1)),
                        ("ratings", models.JSONField(blank=True, default=dict)),
                        ("notes", models.JSONField(blank=True, default=dict)),
                        ("indicator_links", models.JSONField(blank=True, default=dict)),
                        ("answers", models.JSONField(blank=True, default=dict)),
                        ("self_placed_stage", models.CharField(blank=True, max_length=32)),
                        ("findings_accepted", models.BooleanField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(blank=True, editable=False)),
                        ("submitted_at", models.DateTimeField(blank=True, null=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "framework_version",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="frameworks.frameworkversion",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "la",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="authorities.localauthority",
                            ),
                        ),
                        (
                            "submitted_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "based_on",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="improvement.selfevaluation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical self-evaluation",
                        "verbose_name_plural": "historical self-evaluations",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddConstraint(
                    model_name="selfevaluation",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("status", "draft")), fields=("la",), name="one_draft_per_la"
                    ),
                ),
            ],
        ),
        migrations.RunPython(adopt_or_create_tables, drop_tables),
    ]
