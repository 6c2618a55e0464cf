"""The errors wijkradar raises on bad input, in one place."""

from __future__ import annotations


class WijkradarError(Exception):
    """Base class of every error wijkradar raises on purpose."""


class ValidationError(WijkradarError, ValueError):
    """Input that does not fit the canonical schema or an allowed set of values."""


class WorkspaceError(WijkradarError):
    """A workspace that cannot be opened, read or written."""


class UnknownZoneError(ValidationError):
    """A police zone code that is not in the shipped zone table."""


class AccessDeniedError(WijkradarError):
    """A user asked for data or an action that their role does not allow."""
