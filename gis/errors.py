"""The errors wijkradar raises on bad input, in one place."""

from __future__ import annotations


class WijkradarError(Exception):
    """Base class of every error wijkradar raises on purpose.

    ``str(error)`` is the message for developers and logs (English). An error a user can
    cause and fix also names a sentence of the message catalogue (``key``, with its
    ``values``), which :func:`gis.i18n.error_message` shows in the user's language.

    Parameters
    ----------
    *args
        As for :class:`Exception` (the first is the English message).
    key : str, optional
        A key of :data:`gis.i18n.MESSAGES`.
    values : dict, optional
        The placeholders of that sentence.
    """

    def __init__(
        self, *args: object, key: str | None = None, values: dict[str, object] | None = None
    ) -> None:
        super().__init__(*args)
        self.key = key
        self.values = dict(values or {})


class ValidationError(WijkradarError, ValueError):
    """Input that does not fit the canonical schema or an allowed set of values."""


class WorkspaceError(WijkradarError):
    """A workspace that cannot be opened, read or written."""


class UnknownZoneError(ValidationError):
    """A police zone code that is not in the shipped zone table."""


class AccessDeniedError(WijkradarError):
    """A user asked for data or an action that their role does not allow."""
