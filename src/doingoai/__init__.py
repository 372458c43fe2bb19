"""doingoai: information system for Vietnam's people-to-people diplomacy work."""

from __future__ import annotations

__version__ = "0.1.0"
