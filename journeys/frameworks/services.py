"""Writes for frameworks: publishing the versions shipped with Journeys."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .content import available_frameworks, framework_sha256, load_framework, to_dict
from .models import FrameworkVersion


class FrameworkConflict(Exception):
    """A file claims a published version but its content differs from what was published."""


@dataclass(frozen=True)
class PublishResult:
    framework_id: str
    version: int
    created: bool


@transaction.atomic
def framework_publish(*, path: Path) -> PublishResult:
    """Publish a framework file as an immutable version; re-publishing the same file changes nothing."""
    framework = load_framework(path)
    digest = framework_sha256(path)
    existing = FrameworkVersion.objects.filter(framework_id=framework.id, version=framework.version).first()
    if existing is not None:
        if existing.sha256 != digest:
            raise FrameworkConflict(
                f"{path.name}: {framework.id} version {framework.version} is already published with "
                "different content. A published version cannot change: give the file a new version number."
            )
        return PublishResult(framework.id, framework.version, created=False)
    FrameworkVersion.objects.create(
        framework_id=framework.id,
        version=framework.version,
        title=framework.title,
        content=to_dict(framework),
        sha256=digest,
        published_on=framework.published,
    )
    return PublishResult(framework.id, framework.version, created=True)


def framework_publish_all() -> list[PublishResult]:
    return [framework_publish(path=path) for path in available_frameworks()]
