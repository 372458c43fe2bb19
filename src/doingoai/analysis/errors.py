"""Errors of the analysis core. A user can cause ReadError; StepError means a defect in a step."""

from __future__ import annotations


class AnalysisError(Exception):
    """Base class of every error raised by doingoai.analysis."""


class ReadError(AnalysisError):
    """A file cannot be read as a Vietnamese text document (empty, binary, undecodable)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class StepError(AnalysisError):
    """A pipeline step failed or returned something that is not a valid Document."""

    def __init__(self, step: str, document_id: str, message: str) -> None:
        super().__init__(f"step '{step}' failed on document '{document_id}': {message}")
        self.step = step
        self.document_id = document_id
        self.message = message


class PipelineError(AnalysisError):
    """A pipeline is put together wrongly: a step needs what no step before it assigns."""

    def __init__(self, step: str, message: str) -> None:
        super().__init__(f"step '{step}': {message}")
        self.step = step
        self.message = message
