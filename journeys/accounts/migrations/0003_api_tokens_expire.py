"""API tokens expire: tokens issued before this change run for the usual lifetime from when they
were issued (so a token older than that stops working now)."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models


def expire_from_issue(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    lifetime = timedelta(days=settings.API_TOKEN_DAYS)
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + lifetime
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_la_roles_constraint_in_a_stable_order")]

    operations = [
        migrations.AlterModelOptions(name="apitoken", options={"ordering": ["-created_at", "-pk"]}),
        migrations.AddField(model_name="apitoken", name="expires_at", field=models.DateTimeField(null=True)),
        migrations.RunPython(expire_from_issue, migrations.RunPython.noop),
        migrations.AlterField(model_name="apitoken", name="expires_at", field=models.DateTimeField()),
    ]
