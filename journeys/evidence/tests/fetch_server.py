"""A local HTTP server shaped like the publishers' endpoints, serving the real official files:
the EES public API (publications, their data sets, /data-sets/{id}/csv), the EES release file
download, Ofsted's workbook (Last-Modified), D2I's overview (ETag) and one mislabelled file.
It honours Range and conditional requests, and records every request so tests can say what
was downloaded."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from journeys.evidence.releases import load_releases

# Each release's real file under shared data; placement stability is only in the release's files,
# not the API, so the fallback is exercised too.
SERVED = {
    "csww": "dfe-csc-ees/csww_indicators_2017_to_2025.csv",
    "children_in_need": "dfe-csc-ees/b1_children_in_need_2013_to_2025.csv",
    "referrals": "dfe-csc-ees/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "repeat_cp_plans": "dfe-csc-ees/d3_cpps_subsequent_plan_2013_to_2025.csv",
    "cla_rates": "dfe-csc-ees/cla_number_and_rate_per_10k_children.csv",
    "placement_stability": "dfe-csc-ees/la_cla_placement_stability.csv",
    "ofsted_outcomes": "ofsted-la-inspection-outcomes/LA_Inspection_Outcomes_as_at_31_March_2025.ods",
    "d2i_ilacs_overview": "ofsted-ilacs-latest/ofsted_csc_ilacs_overview.xlsx",
}
ONLY_IN_RELEASE_FILES = {"placement_stability"}
SPREADSHEET = "application/vnd.oasis.opendocument.spreadsheet"
WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MODIFIED = formatdate(1743379200, usegmt=True)  # 31 March 2025


class PublisherApp:
    def __init__(self, shared_data: Path):
        self.shared_data = shared_data
        self.requests: list[tuple[str, str]] = []  # (path, Range header)
        self.releases = {r.id: r for r in load_releases()}
        self.publications = sorted({r.publication for r in self.releases.values() if r.source == "ees"})

    def __call__(self, environ, start_response):
        path, query = environ["PATH_INFO"], environ.get("QUERY_STRING", "")
        self.requests.append((path, environ.get("HTTP_RANGE", "")))
        parts = path.strip("/").split("/")
        ees = {i: r for i, r in self.releases.items() if r.source == "ees"}
        if parts[:2] == ["ees", "publications"] and len(parts) == 2:
            results = [{"id": f"pub-{slug}", "slug": slug, "title": slug} for slug in self.publications]
            return self._json(start_response, {"paging": {"page": 1, "totalPages": 1}, "results": results})
        if parts[:2] == ["ees", "publications"] and parts[3:] == ["data-sets"]:
            slug = parts[2].removeprefix("pub-")
            results = [
                {"id": f"ds-{i}", "title": r.data_set, "latestVersion": {"version": "1.0"}}
                for i, r in ees.items()
                if r.publication == slug and i not in ONLY_IN_RELEASE_FILES
            ]
            return self._json(start_response, {"paging": {"page": 1, "totalPages": 1}, "results": results})
        if parts[:2] == ["ees", "data-sets"] and parts[3:] == ["csv"] and "dataSetVersion=1.0" in query:
            return self._file(environ, start_response, parts[2].removeprefix("ds-"), "text/csv")
        if parts[:2] == ["files", "publications"] and parts[3:] == ["releases", "latest"]:
            files = [{"id": f"file-{i}", "name": ees[i].data_set} for i in ONLY_IN_RELEASE_FILES]
            return self._json(start_response, {"id": "release-2025", "downloadFiles": files})
        if parts[:3] == ["files", "releases", "release-2025"] and parts[3] == "files":
            return self._file(environ, start_response, parts[4].removeprefix("file-"), "text/csv")
        if path == "/ofsted/LA_Inspection_Outcomes.ods":
            if environ.get("HTTP_IF_MODIFIED_SINCE") == MODIFIED:
                return self._not_modified(start_response)
            return self._file(
                environ, start_response, "ofsted_outcomes", SPREADSHEET, [("Last-Modified", MODIFIED)]
            )
        if path == "/d2i/export_data/ofsted_csc_ilacs_overview.xlsx":
            if environ.get("HTTP_IF_NONE_MATCH") == '"overview-1"':
                return self._not_modified(start_response)
            return self._file(
                environ, start_response, "d2i_ilacs_overview", WORKBOOK, [("ETag", '"overview-1"')]
            )
        if path == "/mislabelled/LA_Inspection_Outcomes.ods":  # a CSV said to be a spreadsheet
            return self._file(environ, start_response, "csww", SPREADSHEET)
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"title": "Not found"}']

    def _json(self, start_response, data):
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(data).encode()]

    def _not_modified(self, start_response):
        start_response("304 Not Modified", [])
        return []

    def _file(self, environ, start_response, release_id, content_type, extra=()):
        body = (self.shared_data / SERVED[release_id]).read_bytes()
        headers = [("Content-Type", content_type), *extra]
        if (wanted := environ.get("HTTP_RANGE", "")).startswith("bytes="):
            start = int(wanted.removeprefix("bytes=").rstrip("-"))
            part = body[start:]
            headers += [
                ("Content-Length", str(len(part))),
                ("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}"),
            ]
            start_response("206 Partial Content", headers)
            return [part]
        start_response("200 OK", [*headers, ("Content-Length", str(len(body)))])
        return [body]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # the tests read app.requests instead
        pass


@contextmanager
def publisher_server(shared_data: Path) -> Iterator[tuple[str, PublisherApp]]:
    """The server on a free loopback port, for the duration of the block: (base URL, app)."""
    app = PublisherApp(shared_data)
    server = make_server("127.0.0.1", 0, app, server_class=WSGIServer, handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", app
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
