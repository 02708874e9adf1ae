"""The labmetrics exception hierarchy.

Every error carries the data a reader needs (file, line, cell) and says how to fix the
problem. The command line turns them into one paragraph and an exit code, never a traceback.
"""

from __future__ import annotations

from pathlib import Path


class LabmetricsError(Exception):
    """Base of every error labmetrics raises on purpose.

    Parameters
    ----------
    message
        What is wrong, in words for the person who reads it.
    file, line
        Where it is wrong, when a file is involved.
    fix
        What to do about it.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        fix: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.fix = fix
        super().__init__(self.describe())

    def __reduce__(self) -> tuple[object, ...]:
        # Exception pickles as cls(*args), which loses the keywords (ReportError's report is
        # required): rebuild from the instance's attributes instead, for every child class.
        return (_restore, (type(self), self.args, dict(self.__dict__)))

    def describe(self) -> str:
        """Return the one-paragraph message shown to the user."""
        where = ""
        if self.file:
            where = f"{self.file}"
            if self.line is not None:
                where += f", line {self.line}"
            where += ": "
        text = f"{where}{self.message}"
        if self.fix:
            text += f" Fix: {self.fix}"
        return text


class InputError(LabmetricsError):
    """A data file cannot be used at all: unreadable, empty, or missing a required column."""


class ConfigError(LabmetricsError):
    """A commitment, assessment or parameter file is invalid, or a parameter is wrong."""


class ReportError(LabmetricsError):
    """A report could not be rendered; the previous report is left in place."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        report: str,
        cell: int | None = None,
        file: str | Path | None = None,
        fix: str | None = None,
    ) -> None:
        self.report = report
        self.cell = cell
        super().__init__(message, file=file, fix=fix)

    def describe(self) -> str:
        where = f"Report '{getattr(self, 'report', '?')}'"
        if getattr(self, "cell", None) is not None:
            where += f", cell {self.cell}"
        text = f"{where}: {self.message}"
        if self.file:
            text += f" (notebook kept at {self.file})"
        if self.fix:
            text += f" Fix: {self.fix}"
        return text


def _restore(cls: type[LabmetricsError], args: tuple[object, ...],
             state: dict[str, object]) -> LabmetricsError:
    """Rebuild a pickled error with its data, without calling its ``__init__``."""
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error
