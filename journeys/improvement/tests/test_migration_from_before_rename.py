"""A database made before the app was renamed (label ``journeys``, model ``SelfAssessment``) migrates
forward keeping its self-evaluations, their version history and the audit entries that point at them."""

import importlib

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from journeys.authorities.models import LocalAuthority
from journeys.conftest import load_reference_data
from journeys.frameworks.selectors import framework_version_current
from journeys.improvement.models import SelfEvaluation

pytestmark = pytest.mark.django_db(transaction=True)
OLD_TABLES = {"journeys_selfassessment", "journeys_historicalselfassessment"}


@pytest.fixture(autouse=True)
def reference_data():
    load_reference_data()  # each test here may begin after another emptied the database


def build_schema_from_before_the_rename():
    """Drop the improvement tables; make the old ones from the old app's migration, recorded as applied."""
    executor = MigrationExecutor(connection)
    executor.migrate([("improvement", None)])
    ContentType.objects.filter(app_label="improvement").delete()
    old_migration = importlib.import_module("journeys.improvement.tests.before_rename.journeys_0001_initial")
    state = MigrationExecutor(connection).loader.project_state()
    with connection.schema_editor() as schema_editor:
        for operation in old_migration.Migration.operations:
            before = state.clone()
            operation.state_forwards("journeys", state)
            operation.database_forwards("journeys", schema_editor, before, state)
    MigrationRecorder(connection).record_applied("journeys", "0001_initial")
    return state.apps


def test_a_database_from_before_the_rename_keeps_its_self_evaluations_and_audit_entries(make_user):
    editor = make_user("la_editor", la="330")
    framework_version = framework_version_current()
    old_apps = build_schema_from_before_the_rename()
    assert OLD_TABLES <= set(connection.introspection.table_names())

    OldSelfAssessment = old_apps.get_model("journeys", "SelfAssessment")
    OldHistory = old_apps.get_model("journeys", "HistoricalSelfAssessment")
    birmingham = LocalAuthority.objects.get(old_la_code="330")
    old = OldSelfAssessment.objects.create(
        la_id=birmingham.pk,
        framework_version_id=framework_version.pk,
        status="submitted",
        version=3,
        ratings={"statement-1": "mostly"},
        submitted_at=timezone.now(),
        submitted_by_id=editor.pk,
    )
    OldHistory.objects.create(
        id=old.pk,
        la_id=birmingham.pk,
        framework_version_id=framework_version.pk,
        status="submitted",
        version=3,
        ratings=old.ratings,
        created_at=old.created_at,
        history_date=timezone.now(),
        history_type="~",
    )
    old_type = ContentType.objects.create(app_label="journeys", model="selfassessment")
    Permission.objects.create(
        content_type=old_type, codename="change_selfassessment", name="Can change self assessment"
    )
    entry = LogEntry.objects.create(
        content_type=old_type,
        object_pk=str(old.pk),
        object_id=old.pk,
        object_repr=f"Self-evaluation {old.pk}",
        action=LogEntry.Action.UPDATE,
        changes={"status": ["draft", "submitted"]},
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    kept = SelfEvaluation.objects.get(pk=old.pk)
    assert (kept.la_id, kept.version, kept.ratings) == (birmingham.pk, 3, {"statement-1": "mostly"})
    assert [h.version for h in kept.history.all()] == [3]
    new_type = ContentType.objects.get_for_model(SelfEvaluation)
    assert new_type.pk == old_type.pk
    assert list(LogEntry.objects.get_for_object(kept)) == [entry]
    assert Permission.objects.get(content_type=new_type, codename="change_selfevaluation").name == (
        "Can change self-evaluation"
    )
    assert not ContentType.objects.filter(app_label="journeys").exists()
    assert not MigrationRecorder(connection).migration_qs.filter(app="journeys").exists()
    assert not OLD_TABLES & set(connection.introspection.table_names())
    # The renamed tables still enforce the model's rules: one draft per LA.
    SelfEvaluation.objects.create(la=birmingham, framework_version=framework_version)
    with pytest.raises(IntegrityError):
        SelfEvaluation.objects.create(la=birmingham, framework_version=framework_version)


def test_a_backup_written_before_the_rename_restores_with_its_audit_entries(make_user, tmp_path):
    from journeys.common.backup import backup_restore, backup_write
    from journeys.improvement.services import self_evaluation_create

    evaluation = self_evaluation_create(user=make_user("la_editor", la="330"))
    entries = list(LogEntry.objects.get_for_object(evaluation).values_list("pk", flat=True))
    assert entries  # creating a self-evaluation is audited
    backup = tmp_path / "backup.json"
    backup_write(path=backup)
    # The same backup as the code before the rename wrote it: old model labels and content-type keys.
    old = backup.read_text(encoding="utf-8")
    for new_name, old_name in (
        ("selfevaluation", "selfassessment"),
        ("historicalselfevaluation", "historicalselfassessment"),
    ):
        old = old.replace(f'"improvement.{new_name}"', f'"journeys.{old_name}"')
        old = old.replace(f'["improvement", "{new_name}"]', f'["journeys", "{old_name}"]')
    assert '"improvement.' not in old and '"journeys.selfassessment"' in old
    backup.write_text(old, encoding="utf-8")

    backup_restore(path=backup, force=True)

    ContentType.objects.clear_cache()
    restored = SelfEvaluation.objects.get(pk=evaluation.pk)
    assert set(entries) <= set(LogEntry.objects.get_for_object(restored).values_list("pk", flat=True))
    assert restored.history.count() == evaluation.history.count()
