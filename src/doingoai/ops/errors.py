"""The one error of backup and restore: what went wrong and what to do, in Vietnamese."""

from __future__ import annotations


class BackupError(Exception):
    """A backup or restore that cannot be done; the message names the file or target and the fix."""
