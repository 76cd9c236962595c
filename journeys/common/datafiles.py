"""The error every YAML data file shipped with Journeys raises when it is broken."""

from pathlib import Path


class DataFileError(ValueError):
    """A data file is missing, not YAML, or breaks its schema; says where and what."""

    def __init__(self, path: Path, where: str, problem: str):
        super().__init__(f"{path}: at {where}: {problem}")
        self.path, self.where, self.problem = path, where, problem
