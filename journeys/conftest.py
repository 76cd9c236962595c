"""Fixtures shared by every app's tests."""

import os
from pathlib import Path

import pytest
from django.core import signals
from django.db import close_old_connections

# The official public files tests read; the project itself ships none of them.
SHARED_DATA = Path(
    os.environ.get("JOURNEYS_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)
# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Official files Journeys reads, in the folder for each state of support; a test names a file
# and never the folder, so a file moving between them changes no test.
OFFICIAL_FOLDERS = (SHARED_DATA, SHARED_DATA.parent / "data-new-formats")


def find_official_file(name: str) -> Path:
    """An official file by its name ("folder/file.csv" or "file.csv") in any official folder."""
    for folder in OFFICIAL_FOLDERS:
        if (folder / name).is_file():
            return folder / name
        found = sorted(folder.glob(f"*/{name}"))
        if found:
            return found[0]
    raise FileNotFoundError(f"official file {name!r} not found in {', '.join(map(str, OFFICIAL_FOLDERS))}")


def all_official_files() -> list[Path]:
    """Every official data file (not the provenance notes), from every official folder."""
    return sorted(
        (p for folder in OFFICIAL_FOLDERS for p in folder.glob("*/*") if p.is_file() and p.suffix != ".md"),
        key=lambda p: p.name,
    )


@pytest.fixture(scope="session")
def official_file():
    return find_official_file


@pytest.fixture(scope="session")
def shared_data() -> Path:
    assert SHARED_DATA.is_dir(), f"official test data not found at {SHARED_DATA}; set JOURNEYS_SHARED_DATA"
    return SHARED_DATA


def load_reference_data():
    """The register and the framework, as `journeys setup` loads them."""
    from journeys.authorities.services import authority_register_load
    from journeys.frameworks.services import framework_publish_all

    authority_register_load()
    framework_publish_all()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def damaged_copy(tmp_path):
    """damaged_copy(SOURCE, change): a copy of a YAML data file, of the same name, after change(data)."""
    import yaml

    def copy(source: Path, change) -> Path:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        change(data)
        path = tmp_path / source.name
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return copy


@pytest.fixture
def make_user(db):
    """Create a user in a role: make_user("la_editor", la="330") or a region for coordinators."""
    from journeys.accounts.services import user_create
    from journeys.authorities.models import LocalAuthority

    counter = iter(range(10_000))

    def make(
        role: str, *, la: str | None = None, region: str = "", password: str = "correct horse battery staple"
    ):
        authority = LocalAuthority.objects.get(old_la_code=la) if la else None
        email = f"{role}.{la or region or 'national'}.{next(counter)}@example.org".replace(" ", "-").lower()
        return user_create(email=email, role=role, la=authority, region=region, password=password)

    return make


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser."""
    from journeys.common.tests.browser import CHROMIUM_ARGS

    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


def pytest_collection_modifyitems(items):
    # Browser tests use a live server, whose transactional database is emptied after each test:
    # running them last keeps the reference data for every other test.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture
def tasks_at_once(settings):
    """Run background jobs as soon as they are queued (django-tasks' immediate backend), so the
    email a page or service queues is in ``mailoutbox`` while the test waits. Tests of the
    worker itself keep the database queue and run ``journeys worker --batch``."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def keep_test_connection():
    """For tests that call the WSGI application itself: its start- and end-of-request handlers
    would close the test's database connection mid-transaction on PostgreSQL. Django's test
    client unhooks them the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
