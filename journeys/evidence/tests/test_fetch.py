"""``journeys fetch`` against a local server shaped like the EES API, Ofsted and D2I, serving
the real files: it imports each, records its data-set id and version, fetches nothing new the
second time, resumes a partial download and refuses a file that is not what it says."""

import hashlib
import io
import json
from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.core.management.base import CommandError

from journeys.evidence import models
from journeys.evidence.releases import load_releases

from .conftest import evidence_clear
from .fetch_server import SERVED, publisher_server

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_evidence_yet():
    """Start from no imports (other tests in this package commit every official file)."""
    evidence_clear()


@pytest.fixture
def publisher(shared_data, settings, tmp_path):
    with publisher_server(shared_data) as (base, app):
        settings.EES_API_URL = f"{base}ees/"
        settings.EES_FILES_URL = f"{base}files/"
        settings.OFSTED_URL = f"{base}ofsted/"
        settings.D2I_URL = f"{base}d2i/"
        settings.FETCH_DIR = tmp_path / "fetched"
        yield app


def fetch(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("fetch", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def downloads(app) -> list[str]:
    return [
        path
        for path, _ in app.requests
        if path.endswith(("/csv", ".ods", ".xlsx")) or "/files/release" in path
    ]


def test_fetch_imports_every_served_release_and_then_finds_nothing_new(publisher, shared_data):
    first = fetch()
    assert {o["release"]: o["outcome"] for o in first} == dict.fromkeys(SERVED, "imported")
    by_release = {o["release"]: o for o in first}
    assert by_release["csww"]["data_set_id"] == "ds-csww" and by_release["csww"]["data_set_version"] == "1.0"
    # Not in the API: taken from the release's own file download.
    assert by_release["placement_stability"]["data_set_version"] == "release release-2025"
    assert by_release["ofsted_outcomes"]["data_set_version"].startswith("modified ")
    assert by_release["d2i_ilacs_overview"]["data_set_version"] == 'etag "overview-1"'
    stored = models.DataImport.objects.get(release="csww")
    assert stored.format_id == "ees-csc" and stored.rows_loaded > 0
    assert stored.source_url.endswith("/ees/data-sets/ds-csww/csv?dataSetVersion=1.0")
    assert (shared_data / SERVED["csww"]).stat().st_size == (
        stored_file := publisher_file("csww")
    ).stat().st_size
    assert stored_file.read_bytes() == (shared_data / SERVED["csww"]).read_bytes()
    assert models.InspectionRecord.objects.exists()  # the Ofsted workbook and the D2I overview imported
    downloaded = len(downloads(publisher))
    assert downloaded == len(SERVED)

    imports = models.DataImport.objects.count()
    second = fetch()
    assert {o["outcome"] for o in second} == {"unchanged"}
    # The EES versions are already held, so only the two plain files are asked for, and both
    # answer 304 Not Modified: nothing is downloaded and nothing imported.
    assert models.DataImport.objects.count() == imports
    new_requests = downloads(publisher)[downloaded:]
    assert sorted(new_requests) == [
        "/d2i/export_data/ofsted_csc_ilacs_overview.xlsx",
        "/ofsted/LA_Inspection_Outcomes.ods",
    ]
    assert models.ReleaseCheck.objects.filter(outcome="unchanged").count() == len(SERVED)


def publisher_file(release_id):
    from django.conf import settings

    release = next(r for r in load_releases() if r.id == release_id)
    return settings.FETCH_DIR / release.file_name


def test_an_interrupted_download_resumes_from_its_partial_file(publisher, shared_data, settings):
    whole = (shared_data / SERVED["csww"]).read_bytes()
    settings.FETCH_DIR.mkdir(parents=True)
    url = f"{settings.EES_API_URL}data-sets/ds-csww/csv?dataSetVersion=1.0"
    partial = settings.FETCH_DIR / f"csww_indicators.csv.{hashlib.sha256(url.encode()).hexdigest()[:12]}.part"
    partial.write_bytes(whole[:1000])
    older_version = settings.FETCH_DIR / "csww_indicators.csv.0123456789ab.part"
    older_version.write_bytes(b"not resumed")
    [outcome] = fetch("--release", "csww")
    assert outcome["outcome"] == "imported"
    assert ("/ees/data-sets/ds-csww/csv", "bytes=1000-") in publisher.requests
    assert publisher_file("csww").read_bytes() == whole
    assert not partial.exists() and not older_version.exists()  # an older version's is cleared, not resumed


def test_a_file_already_imported_by_hand_is_held_and_gains_its_version(publisher, shared_data):
    call_command("import_data", str(shared_data / SERVED["cla_rates"]), "--json", stdout=io.StringIO())
    [outcome] = fetch("--release", "cla_rates")
    assert outcome["outcome"] == "held" and outcome["data_set_version"] == "1.0"
    assert models.DataImport.objects.get(release="cla_rates").data_set_id == "ds-cla_rates"
    [again] = fetch("--release", "cla_rates")
    assert again["outcome"] == "unchanged"


def test_a_file_served_as_something_else_is_refused_and_nothing_imported(publisher, settings):
    settings.OFSTED_URL = settings.EES_API_URL.replace("ees/", "mislabelled/")
    with pytest.raises(CommandError, match="could not fetch ofsted_outcomes"):
        fetch("--release", "ofsted_outcomes")
    check = models.ReleaseCheck.objects.get(release="ofsted_outcomes")
    assert check.outcome == "failed"
    assert "served as application/vnd.oasis.opendocument.spreadsheet but holds text" in check.detail
    assert not models.DataImport.objects.exists()
    assert not list(settings.FETCH_DIR.iterdir())  # no partial file left to resume


def test_a_missing_file_is_a_failed_check_and_nothing_imported(publisher, settings):
    settings.OFSTED_URL = settings.EES_API_URL.replace("ees/", "nowhere/")
    with pytest.raises(CommandError, match="could not fetch ofsted_outcomes"):
        fetch("--release", "ofsted_outcomes")
    check = models.ReleaseCheck.objects.get(release="ofsted_outcomes")
    assert check.outcome == "failed" and "404" in check.detail
    assert not models.DataImport.objects.exists()


def test_if_due_follows_each_release_rule():
    csww = next(r for r in load_releases() if r.id == "csww")  # expected each year at the end of February
    assert csww.status(None, date(2025, 3, 1)) == "not fetched"
    assert csww.status(date(2025, 3, 5), date(2026, 2, 1)) == "up to date"
    assert csww.next_expected(date(2025, 3, 5), date(2026, 2, 1)) == date(2026, 2, 28)
    assert csww.status(date(2025, 3, 5), date(2026, 3, 1)) == "due"
    assert csww.status(date(2025, 3, 5), date(2026, 4, 1)) == "overdue"
    overview = next(r for r in load_releases() if r.id == "d2i_ilacs_overview")  # weekly
    assert overview.status(date(2026, 3, 1), date(2026, 3, 7)) == "up to date"
    assert overview.status(date(2026, 3, 1), date(2026, 3, 8)) == "due"


def test_if_due_skips_releases_fetched_since_they_were_last_expected(publisher):
    fetch("--release", "csww")
    assert [o["release"] for o in fetch("--if-due", "--release", "csww")] == []
    # Never fetched, so due.
    assert [o["release"] for o in fetch("--if-due", "--release", "cla_rates")] == ["cla_rates"]


def test_national_admins_see_what_was_fetched_when_and_what_is_due(client, publisher, make_user):
    fetch("--release", "csww")
    client.force_login(make_user("la_editor", la="330"))
    assert client.get("/about-the-data/releases/").status_code == 403
    client.force_login(make_user("national_admin"))
    page = BeautifulSoup(client.get("/about-the-data/releases/").content, "html.parser")
    rows = {
        r.select_one("th").get_text(strip=True): [c.get_text(" ", strip=True) for c in r.select("td")]
        for r in page.select("table")[0].select("tbody tr")
    }
    workforce = rows["Children's social work workforce"]
    assert workforce[0] == "Up to date" and workforce[2] == "csww_indicators.csv, 1.0"
    assert workforce[3].endswith("New release imported")
    assert (
        rows["Children in need"][:2] == ["Not fetched yet", "Never"] and rows["Children in need"][-1] == "Now"
    )
    assert "7 of them are due, overdue or not fetched yet" in page.get_text(" ", strip=True)
    [check] = page.select("table")[1].select("tbody tr")
    assert [c.get_text(strip=True) for c in check.select("td")][:2] == ["csww", "New release imported"]


def test_each_download_reports_its_progress_to_the_end(publisher, shared_data):
    import httpx

    from journeys.evidence.services import release_fetch

    reported: dict[str, list] = {}

    def progress(name, total):
        reported[name] = [total, 0]

        def advance(n):
            reported[name][1] += n

        return advance

    csww = next(r for r in load_releases() if r.id == "csww")
    with httpx.Client() as client:
        assert release_fetch(release=csww, client=client, progress=progress).outcome == "imported"
    size = (shared_data / SERVED["csww"]).stat().st_size
    assert reported == {"csww_indicators.csv": [size, size]}


def test_an_unknown_release_is_bad_input():
    with pytest.raises(CommandError, match="no release nope; the releases are") as refused:
        fetch("--release", "nope")
    assert refused.value.returncode == 2
