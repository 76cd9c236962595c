"""What every page builds the same way: its breadcrumbs from Home, and its table as a CSV or XLSX
download."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.text import slugify

from .tables import Table

DOWNLOAD_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def breadcrumbs(*trail: tuple[str, str]) -> list[dict]:
    """Home, then each (text, address) of the trail, as the breadcrumbs component takes them."""
    return [{"text": "Home", "href": reverse("site:home")}] + [
        {"text": text, "href": href} for text, href in trail
    ]


def table_download(table: Table, *, name: str, format: str) -> HttpResponse:
    content = table.as_csv() if format == "csv" else table.as_xlsx()
    response = HttpResponse(content, content_type=DOWNLOAD_FORMATS[format])
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.{format}"'
    return response


def requested_download(request, table: Table, *, name: str | None = None) -> HttpResponse | None:
    """The table as a file when the address asks for one (``?format=csv`` or ``xlsx``), else None."""
    format = request.GET.get("format")
    if format not in DOWNLOAD_FORMATS:
        return None
    return table_download(table, name=name or table.caption, format=format)
