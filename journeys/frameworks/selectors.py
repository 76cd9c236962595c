"""Reads for frameworks: the published version in force, as a Framework."""

from functools import lru_cache

from .content import Framework, framework_from_dict
from .models import FrameworkVersion

CURRENT_FRAMEWORK_ID = "isos-2016"


def framework_version_current(*, framework_id: str = CURRENT_FRAMEWORK_ID) -> FrameworkVersion:
    """The newest published version; raises FrameworkVersion.DoesNotExist before `journeys setup`."""
    return FrameworkVersion.objects.filter(framework_id=framework_id).latest("version")


@lru_cache(maxsize=8)
def _framework_for(version_pk: int) -> Framework:
    # Published versions never change, so each is built once per process.
    return framework_from_dict(FrameworkVersion.objects.get(pk=version_pk).content)


def framework_current(*, framework_id: str = CURRENT_FRAMEWORK_ID) -> Framework:
    return _framework_for(framework_version_current(framework_id=framework_id).pk)
