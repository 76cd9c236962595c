"""Recognise an evidence file by its content and parse it.

Each format module exposes ``FORMATS``: a tuple of :class:`~.base.Format` objects. The
registry below asks them in ``FORMAT_MODULES`` order (most specific first) and uses the first
whose ``sniff`` recognises the file. To add a format, create its module with a ``FORMATS``
tuple and list the module name here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from journeys.evidence.formats.base import (
    Format,
    ImportProblem,
    JointReturn,
    NeighbourLink,
    ParsedFile,
    TableHead,
    read_head,
)

if TYPE_CHECKING:
    from journeys.authorities.register import Register

__all__ = [
    "FORMATS",
    "Format",
    "ImportProblem",
    "JointReturn",
    "NeighbourLink",
    "ParsedFile",
    "TableHead",
    "detect",
    "parse",
]

from journeys.evidence.formats import d2i, ees, finance, fingertips, lookups, neighbours, ofsted

# Order matters: a file is given to the first format that recognises it.
FORMAT_MODULES = (
    lookups,  # LA lookups and DfE's dashboard metadata: exact, distinctive headers
    neighbours,  # DfE statistical neighbour groupings
    ofsted,  # Ofsted inspection outcomes
    d2i,  # D2I inspection outcomes
    finance,  # MHCLG revenue outturn workbooks
    fingertips,  # OHID Fingertips exports
    ees,  # any EES children's social care tidy CSV: the broadest test, so last
)
FORMATS: list[Format] = [f for module in FORMAT_MODULES for f in module.FORMATS]

# Official releases are a few MB; anything far larger is not one, and would only tie up memory.
MAX_FILE_BYTES = 50 * 2**20


def detect(path: Path) -> Format:
    """The format of a file, judged from its content only."""
    path = Path(path)
    if not path.is_file():
        raise ImportProblem(path, "no such file")
    size = path.stat().st_size
    if size == 0:
        raise ImportProblem(path, "the file is empty")
    if size > MAX_FILE_BYTES:
        megabytes, limit = size / 2**20, MAX_FILE_BYTES // 2**20
        raise ImportProblem(path, f"the file is {megabytes:.0f} MB; Journeys imports files up to {limit} MB")
    head = read_head(path)
    for candidate in FORMATS:
        if candidate.sniff(path, head):
            return candidate
    raise ImportProblem(path, f"not a recognised format: {_describe(head)}")


def parse(path: Path, register: Register | None = None) -> ParsedFile:
    """Detect a file's format from its content and parse it (read only)."""
    from journeys.authorities.register import load_register

    path = Path(path)
    return detect(path).parse(path, register or load_register())


def _describe(head: TableHead) -> str:
    if head.magic.startswith(b"PK") and not head.sheets:
        return "a zip archive that is not a spreadsheet"
    if head.sheets:
        return f"a spreadsheet with sheets {', '.join(head.sheets[:5])}"
    if not head.columns:
        return "no header row"
    described = f"columns {', '.join(head.columns[:8])}{' …' if len(head.columns) > 8 else ''}"
    return described if head.text is not None else f"{described} (and not UTF-8 text)"
