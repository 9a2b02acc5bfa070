"""Facilitator accounts: a users file holding salted scrypt hashes, never passwords.

The file (``WORKBENCH_USERS``, default ``users.json`` in the data folder) maps
each account name to its role and hash. ``workbench users add NAME --role
facilitator`` writes it; the login page of the served workbench checks it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from workbench.config import data_dir
from workbench.errors import ConfigError, InputError
from workbench.i18n import N_

__all__ = [
    "ACCOUNT_ROLES",
    "add_account",
    "hash_password",
    "load_accounts",
    "users_path",
    "verify_password",
]

#: Roles an account can have (members use join codes and keys, not accounts).
ACCOUNT_ROLES = ("facilitator",)

_N, _R, _P = 2**14, 8, 1


def users_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where the users file is: ``WORKBENCH_USERS`` or ``users.json`` in the data folder."""
    env = os.environ if environ is None else environ
    raw = env.get("WORKBENCH_USERS")
    return Path(raw).expanduser().absolute() if raw else data_dir(env) / "users.json"


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` for ``password`` with a new random salt."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def _check(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(digest) // 2,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed.hex(), digest)


def load_accounts(path: Path | None = None) -> dict[str, dict[str, str]]:
    """The accounts in the users file (empty when there is none).

    Raises
    ------
    ConfigError
        When the file exists but is not a users file.
    """
    path = path or users_path()
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(
            N_("Cannot read the users file {path}: {reason}"), path=str(path), reason=str(exc)
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(
            N_("Cannot read the users file {path}: {reason}"),
            path=str(path),
            reason="not an object",
        )
    return data


def add_account(
    name: str, password: str, *, role: str = "facilitator", path: Path | None = None
) -> Path:
    """Create or replace the account ``name`` in the users file (written with mode 0600).

    Raises
    ------
    InputError
        Empty name, password shorter than 8 characters, unknown role.
    """
    name = str(name or "").strip()
    if not name or any(ch.isspace() or ch in "$:" for ch in name):
        raise InputError(N_("An account name cannot be empty or contain spaces, $ or :."))
    if len(password or "") < 8:
        raise InputError(N_("A password needs at least 8 characters."))
    if role not in ACCOUNT_ROLES:
        raise InputError(N_("Unknown role {role}."), role=str(role))
    path = path or users_path()
    accounts = load_accounts(path)
    accounts[name] = {"role": role, "hash": hash_password(password)}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(accounts, handle, indent=1, sort_keys=True)
    os.replace(partial, path)
    return path


def verify_password(name: str, password: str, *, path: Path | None = None) -> str | None:
    """The role of account ``name`` if ``password`` is right, else ``None``."""
    account = load_accounts(path).get(str(name or ""))
    if not account or not _check(str(password or ""), str(account.get("hash", ""))):
        return None
    return account.get("role")
