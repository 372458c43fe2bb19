"""Errors raised by doingoai.iati: one base class, one subclass per kind of refusal."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IatiProblem:
    """One problem found in an IATI file, with the line (and column) it was found on when known."""

    line: int | None
    message: str
    column: int | None = None


class IatiError(Exception):
    """Base class: an IATI file (or a set of activities to export) cannot be used.

    ``problems`` lists every problem found, each with its line; ``str(error)`` gives one
    Vietnamese line per problem, naming the file and the line.
    """

    def __init__(self, source_name: str, problems: list[IatiProblem]) -> None:
        self.source_name = source_name
        self.problems = list(problems)
        super().__init__("\n".join(self.messages))

    @property
    def messages(self) -> list[str]:
        """Return one message per problem, each naming the file and, when known, the line."""
        out = []
        for problem in self.problems:
            where = f"tệp {self.source_name}"
            if problem.line is not None:
                where += f", dòng {problem.line}"
                if problem.column is not None:
                    where += f", cột {problem.column}"
            out.append(f"{where}: {problem.message}")
        return out


class IatiSecurityError(IatiError):
    """The file declares a DOCTYPE or entities; it is refused before anything is expanded."""


class IatiSyntaxError(IatiError):
    """The bytes are not well-formed XML, or not an iati-activities document."""


class IatiValidationError(IatiError):
    """The XML breaks the IATI 2.03 schema, a codelist or a rule of the standard."""
