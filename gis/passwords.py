"""Password hashing for the local user store: argon2id (argon2-cffi), never plain text."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from gis.errors import ValidationError

MIN_LENGTH = 12
"""Shortest password accepted for a real user (demo users have documented demo passwords)."""

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters


def check_password_strength(password: str, *, min_length: int = MIN_LENGTH) -> str:
    """Return ``password`` if it is long enough and not blank, else raise ValidationError."""
    if len(password) < min_length or not password.strip():
        raise ValidationError(f"a password needs at least {min_length} characters")
    return password


def hash_password(password: str) -> str:
    """Return the argon2id hash (PHC string, salt included) of ``password``."""
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Tell whether ``password`` matches ``stored_hash`` (False for a missing or bad hash).

    A missing hash still costs one hash computation, so that an unknown user name cannot be
    told from a wrong password by the time the answer takes.
    """
    if not stored_hash:
        _HASHER.hash(password)
        return False
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Tell whether a stored hash was made with weaker parameters than today's."""
    return _HASHER.check_needs_rehash(stored_hash)
