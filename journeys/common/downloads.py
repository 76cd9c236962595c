"""Turn a page's table into a CSV or XLSX download."""

from django.http import HttpResponse
from django.utils.text import slugify

from .tables import Table

DOWNLOAD_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_download(table: Table, *, name: str, format: str) -> HttpResponse:
    content = table.as_csv() if format == "csv" else table.as_xlsx()
    response = HttpResponse(content, content_type=DOWNLOAD_FORMATS[format])
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.{format}"'
    return response
