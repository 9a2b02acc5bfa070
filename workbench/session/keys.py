"""Join codes for sessions and access keys for members.

A join code is short and easy to read aloud or type on a phone; a member key
is long and random, given once to its member and stored only as a hash.
"""

from __future__ import annotations

import hashlib
import secrets

__all__ = ["CODE_ALPHABET", "hash_key", "new_join_code", "new_member_key", "normalise_code"]

#: Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_join_code(length: int = 6) -> str:
    """A random join code such as ``"K7MPQ2"``."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(code: str) -> str:
    """A join code as typed (spaces, lower case, dashes) in its stored form.

    Examples
    --------
    >>> normalise_code(" k7m-pq2 ")
    'K7MPQ2'
    """
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def new_member_key() -> str:
    """A random member key (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def hash_key(key: str) -> str:
    """The stored form of a member key: its SHA-256 in hex.

    Keys are random and long, so a plain hash is enough (no dictionary to guess from).
    """
    return hashlib.sha256(str(key).encode("utf-8")).hexdigest()
