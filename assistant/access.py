"""Who may use the web chat: the optional users file (`ASSISTANT_USERS_FILE`), scrypt-hashed passwords, roles.

Login is off when the variable is unset. Users with the `admin` role may change documents and run the
evaluation; the others may only chat. Add a user with `assistant adduser NAME [--admin] [--file users.json]`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import sys
import threading
from pathlib import Path

from assistant.errors import ConfigError

USERS_ENV = "ASSISTANT_USERS_FILE"
ROLES = ("admin", "user")
ADD_USER_HINT = "assistant adduser NAME --admin --file {path}"


_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str, salt: bytes | None = None) -> dict:
    """scrypt with a random 16-byte salt; the parameters are stored with the hash."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    return {"scheme": "scrypt", **_SCRYPT, "salt": salt.hex(), "hash": digest.hex()}


def verify_password(password: str, record: dict) -> bool:
    try:
        if record.get("scheme") != "scrypt":
            return False
        digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(record["salt"]), dklen=32,
                                n=int(record["n"]), r=int(record["r"]), p=int(record["p"]))
        return hmac.compare_digest(digest.hex(), record["hash"])
    except (KeyError, ValueError, TypeError):
        return False


class Users:
    """The users file: `{"users": {"NAME": {"role": "admin"|"user", "scheme": "scrypt", "salt", "hash", ...}}}`.

    Re-read when it changes, so a user added while the app runs can log in without a restart.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp: tuple | None = None  # the file's (mtime, size, inode) when last read
        self._users: dict[str, dict] = {}
        # name -> a keyed digest of the last good password: scrypt costs ~50 ms of CPU, so a correct password
        # is checked once per users-file version, not on every API request. Never the password itself.
        self._verified: dict[str, str] = {}
        self._key = secrets.token_bytes(32)
        self._load()
        if not self._users:
            raise ConfigError(f"{USERS_ENV}={self.path} holds no users; add one with "
                              f"`{ADD_USER_HINT.format(path=self.path)}`")

    def _load(self) -> None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            raise ConfigError(f"{USERS_ENV}={self.path}: no such file; create it with "
                              f"`{ADD_USER_HINT.format(path=self.path)}`") from None
        # The mtime alone can miss a rewrite within the file system's clock tick; adduser's os.replace also
        # changes the inode.
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if stamp == self._stamp:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            users = data["users"]
            if not isinstance(users, dict):
                raise TypeError("users must be an object")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"users file {self.path} is not valid ({type(exc).__name__}: {exc})") from None
        self._users, self._stamp, self._verified = users, stamp, {}

    def check(self, name: str, password: str) -> bool:
        """Whether the name and password match a user (the login check)."""
        with self._lock:
            try:
                self._load()
            except ConfigError as exc:  # the file went missing or bad while the app runs: nobody gets in
                print(f"login refused: {exc}", file=sys.stderr)
                return False
            record = self._users.get(name)
            if record is None:
                return False
            token = hmac.new(self._key, f"{name}\0{password}".encode(), "sha256").hexdigest()
            if hmac.compare_digest(self._verified.get(name, ""), token):
                return True
        if not verify_password(password, record):
            return False
        with self._lock:
            if self._users.get(name) is record:  # not if the file changed while scrypt ran
                self._verified[name] = token
        return True

    def password_stamp(self, name: str) -> str | None:
        """The user's current password hash, None when the user is gone (or the file went missing or bad):
        a session remembers it at login and ends when it changes. Costs one stat() when the file is unchanged."""
        with self._lock:
            try:
                self._load()
            except ConfigError:
                return None
            record = self._users.get(name)
        return None if record is None else str(record.get("hash"))

    def role(self, name: str | None) -> str | None:
        if name is None:
            return None
        with self._lock:
            self._load()
            record = self._users.get(name)
        return None if record is None else record.get("role", "user")

    def is_admin(self, name: str | None) -> bool:
        return self.role(name) == "admin"


def add_user(path: str | Path, name: str, password: str, admin: bool = False) -> None:
    """Add or replace a user in the users file (created with owner-only permissions)."""
    if not re.fullmatch(r"[\w.@-]{1,64}", name or ""):
        raise ConfigError(f"user name {name!r} must be 1-64 letters, digits, '.', '@', '-' or '_'")
    if len(password) < 8:
        raise ConfigError(f"the password has {len(password)} characters; use at least 8")
    path = Path(path)
    data = {"users": {}}
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
    data.setdefault("users", {})[name] = {"role": "admin" if admin else "user", **hash_password(password)}
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    # A stale .tmp keeps its own mode through O_CREAT, and os.replace would carry it to the users file:
    # remove it and create the file afresh, owner-only.
    temp.unlink(missing_ok=True)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(fd, 0o600)  # whatever the umask
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
        handle.write("\n")
    os.replace(temp, path)
