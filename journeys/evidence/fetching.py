"""Downloading official releases over HTTP: finding the newest EES data set through the EES
public API (publications, then their data sets, then ``/data-sets/{id}/csv``) or the release's
file download when the API has no such data set, and resumable, checked downloads.

No Django imports: the base URLs come in as arguments, so the tests point them at a local server.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx

from journeys.evidence.formats import MAX_FILE_BYTES, ImportProblem, detect
from journeys.evidence.releases import Release

CHUNK_BYTES = 1 << 16
# Content types a spreadsheet (a zip archive) or a CSV file may be served as.
ZIP_TYPES = ("application/vnd.", "application/zip", "application/octet-stream", "application/x-zip")
TEXT_TYPES = ("text/", "application/csv", "application/octet-stream")


class FetchProblem(Exception):
    """A release could not be found, downloaded or checked; says which and why."""


@dataclass(frozen=True)
class Located:
    """Where the newest release of a data set is, and which version it is."""

    url: str
    data_set_id: str  # the EES data set id, or the release's URL for a file with no id
    version: str  # the EES version, or the server's ETag or Last-Modified for a plain file
    conditional: dict[str, str]  # headers that make a plain file's request conditional


# A callback told each download's total size (or None) and then each block's length.
Progress = Callable[[str, int | None], Callable[[int], None]]


def _json(client: httpx.Client, url: str, **params) -> dict:
    response = client.get(url, params=params or None)
    if response.status_code != 200:
        raise FetchProblem(f"{url} answered {response.status_code}")
    return response.json()


def _paged(client: httpx.Client, url: str, **params) -> list[dict]:
    """Every result of a paged EES API listing."""
    results, page = [], 1
    while True:
        data = _json(client, url, page=page, pageSize=40, **params)
        results.extend(data.get("results", []))
        paging = data.get("paging") or {}
        if page >= paging.get("totalPages", 1):
            return results
        page += 1


def locate_ees(client: httpx.Client, release: Release, api_url: str, files_url: str) -> Located:
    """The newest version of a release's EES data set, or its file in the latest release."""
    publications = _paged(client, urljoin(api_url, "publications"), search=release.publication)
    publication = next((p for p in publications if p.get("slug") == release.publication), None)
    if publication is None:
        raise FetchProblem(f"EES has no publication {release.publication!r}")
    data_sets = _paged(client, urljoin(api_url, f"publications/{publication['id']}/data-sets"))
    data_set = next((d for d in data_sets if d.get("title") == release.data_set), None)
    if data_set is not None and data_set.get("latestVersion", {}).get("version"):
        version = data_set["latestVersion"]["version"]
        url = urljoin(api_url, f"data-sets/{data_set['id']}/csv?dataSetVersion={version}")
        return Located(url, data_set["id"], version, {})
    # Not (yet) in the API: the same data set's file in the publication's latest release.
    latest = _json(client, urljoin(files_url, f"publications/{release.publication}/releases/latest"))
    file = next((f for f in latest.get("downloadFiles", []) if f.get("name") == release.data_set), None)
    if file is None:
        raise FetchProblem(f"EES has no data set {release.data_set!r} in {release.publication!r}")
    url = urljoin(files_url, f"releases/{latest['id']}/files/{file['id']}")
    return Located(url, file["id"], f"release {latest['id']}", {})


def locate_url(release: Release, base_url: str, previous_version: str) -> Located:
    """A plain file at a fixed address; asked for only if it changed since ``previous_version``."""
    url = urljoin(base_url, release.path)
    conditional = {}
    if previous_version.startswith("etag "):
        conditional["If-None-Match"] = previous_version.removeprefix("etag ")
    elif previous_version.startswith("modified "):
        conditional["If-Modified-Since"] = previous_version.removeprefix("modified ")
    return Located(url, url, "", conditional)


def download(
    client: httpx.Client, located: Located, destination: Path, progress: Progress | None = None
) -> tuple[Path, str] | None:
    """Download into ``destination``, resuming a partial file left by an interrupted run.

    Returns (path, version), None if a plain file has not changed. The file is checked before
    it is returned: its size against the server's, its content against its content type and the
    importer's own format detection. Raises FetchProblem otherwise.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    # Named by its address, so a partial file of an older version is never resumed as a newer one.
    key = hashlib.sha256(located.url.encode()).hexdigest()[:12]
    partial = destination.with_name(f"{destination.name}.{key}.part")
    have = partial.stat().st_size if partial.exists() else 0
    headers = dict(located.conditional)
    if have:
        headers["Range"] = f"bytes={have}-"
    with client.stream("GET", located.url, headers=headers) as response:
        if response.status_code == 304:
            return None
        if response.status_code == 416 and have:  # the partial file is already whole
            partial.unlink()
            return download(client, located, destination, progress)
        if response.status_code not in (200, 206):
            raise FetchProblem(f"{located.url} answered {response.status_code}")
        resumed = response.status_code == 206
        remaining = response.headers.get("Content-Length")
        total = (have if resumed else 0) + int(remaining) if remaining is not None else None
        if total is not None and total > MAX_FILE_BYTES:
            raise FetchProblem(f"{located.url} is {total:,} bytes, over the size Journeys imports")
        advance = progress(destination.name, total) if progress else None
        if advance and resumed:
            advance(have)
        with partial.open("ab" if resumed else "wb") as handle:
            for block in response.iter_bytes(CHUNK_BYTES):
                handle.write(block)
                if advance:
                    advance(len(block))
        version = located.version or _served_version(response.headers)
        content_type = response.headers.get("Content-Type", "")
    size = partial.stat().st_size
    if total is not None and size != total:
        raise FetchProblem(f"{located.url}: {size:,} of {total:,} bytes arrived; run fetch again to resume")
    try:
        _check_content(partial, content_type, located.url)
    except FetchProblem:
        partial.unlink()  # whole but wrong: resuming it next time could never put it right
        raise
    partial.replace(destination)
    for stale in destination.parent.glob(f"{destination.name}.*.part"):  # older versions' leftovers
        stale.unlink()
    return destination, version


def _served_version(headers: httpx.Headers) -> str:
    if etag := headers.get("ETag"):
        return f"etag {etag}"
    if modified := headers.get("Last-Modified"):
        return f"modified {modified}"
    return ""


def _check_content(path: Path, content_type: str, url: str) -> None:
    """The file is what the importer can read, and what the server said it was."""
    try:
        detect(path)
    except ImportProblem as problem:
        raise FetchProblem(f"{url}: {problem.reason}") from None
    is_zip = path.open("rb").read(2) == b"PK"
    allowed = ZIP_TYPES if is_zip else TEXT_TYPES
    media_type = content_type.split(";")[0].strip().lower()
    if media_type and not media_type.startswith(allowed):
        kind = "a spreadsheet" if is_zip else "text"
        raise FetchProblem(f"{url} was served as {media_type} but holds {kind}")
