"""Administration behind the web app, free of Gradio: corpus files, index rebuilds, evaluation runs, users.

The UI calls these services only; each refusal is an AssistantError whose message is fit to show as is.

- `CorpusAdmin.add_file` copies an upload into the corpus folder under a sanitized name, never outside
  it and never over an existing file; `delete` removes a document and its `.meta.json` sidecar.
- `CorpusAdmin.start_rebuild` runs `assistant.indexer()` (the assistant's own Chroma client and model) in
  a background thread, one at a time; the chat keeps answering meanwhile and sees the new documents as
  each group is committed.
- `Users` reads the optional users file (`ASSISTANT_USERS_FILE`): scrypt-hashed passwords and roles.
  Add a user with `python -m assistant.admin adduser NAME [--admin] [--file users.json]`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import sys
import threading
import time
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.documents import SIDECAR_SUFFIX, SUPPORTED_SUFFIXES, doc_id_for, scan_corpus, sidecar_for
from assistant.errors import AssistantError, ConfigError, DocumentError, IndexBusyError

if TYPE_CHECKING:  # the indexer pulls in LlamaIndex; `python -m assistant.admin adduser` should start fast
    from assistant.indexing import IndexReport

USERS_ENV = "ASSISTANT_USERS_FILE"
ROLES = ("admin", "user")
_UNSAFE = re.compile(r"[^\w\-. ()+,&@]")  # \w is Unicode-aware: accented names survive
_MAX_NAME = 120


# -- corpus files -----------------------------------------------------------------------------------
def safe_file_name(name: str) -> str:
    """A file name that can only land directly inside the corpus folder, or DocumentError.

    Directories (either slash), `..`, control characters and leading dots (hidden files, which the indexer
    ignores) are stripped; characters outside a conservative set become "_".
    """
    original = name
    name = unicodedata.normalize("NFC", name or "")
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")  # control, format, unassigned
    name = name.replace("\\", "/").split("/")[-1]
    name = _UNSAFE.sub("_", name).strip().lstrip(".").strip()
    name = re.sub(r"\s+", " ", name)
    stem, suffix = os.path.splitext(name)
    if len(name) > _MAX_NAME:
        name = stem[: _MAX_NAME - len(suffix)].rstrip() + suffix
        stem = os.path.splitext(name)[0]
    if not stem.strip(" ._"):
        raise DocumentError(f"{original!r} is not a usable file name")
    if name.lower().endswith(SIDECAR_SUFFIX):
        raise DocumentError(f"{name}: metadata sidecars ({SIDECAR_SUFFIX}) cannot be uploaded as documents")
    if suffix.lower() not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"{name}: unsupported file type '{suffix or 'none'}' "
                            f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    return name


@dataclass
class RebuildStatus:
    """A snapshot of the current or last rebuild, for the progress bar and the summary."""

    state: str = "idle"  # idle | running | done | failed
    done: int = 0  # documents committed so far
    total: int = 0  # documents to (re)index, known once the plan is made
    planned: bool = False
    started_at: float | None = None
    finished_at: float | None = None
    events: list[str] = field(default_factory=list)  # "skipped x: why", "removed y", as they happen
    summary: list[str] = field(default_factory=list)  # IndexReport.summary_lines() once done
    error: str | None = None
    report: IndexReport | None = None

    @property
    def running(self) -> bool:
        return self.state == "running"


class CorpusAdmin:
    """Uploads, deletions and rebuilds for one assistant's corpus folder."""

    def __init__(self, assistant):
        self.assistant = assistant
        self.settings = assistant.settings
        self.corpus_dir = Path(self.settings.index.corpus_dir)
        self._files_lock = threading.Lock()
        self._rebuild_lock = threading.Lock()  # held while a rebuild runs: one at a time in this process
        self._status_lock = threading.Lock()
        self._status = RebuildStatus()
        self._thread: threading.Thread | None = None

    # -- files --------------------------------------------------------------------------------------
    def files(self) -> list[str]:
        """doc_ids of the documents in the corpus folder (indexed or not yet)."""
        return [doc_id_for(p, self.corpus_dir) for p in scan_corpus(self.corpus_dir)]

    def add_file(self, source: str | Path, name: str | None = None) -> str:
        """Copy `source` into the corpus as `name` (default: its own name); return the new doc_id.

        A name already taken gets a numeric suffix ("report-2.pdf"); the same bytes already in the corpus
        are refused, since the indexer would skip them as a duplicate anyway.
        """
        source = Path(source)
        name = safe_file_name(name or source.name)
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise DocumentError(f"{name}: cannot read the upload ({exc.strerror or exc})") from None
        limit = self.settings.index.max_file_mb
        if size > limit * 1024 * 1024:
            raise DocumentError(f"{name}: file is {size / 1048576:.1f} MB, over the {limit:g} MB limit "
                                "(ASSISTANT_MAX_FILE_MB)")
        if size == 0:
            raise DocumentError(f"{name}: the file is empty")
        self.corpus_dir.mkdir(parents=True, exist_ok=True)
        digest = _sha256(source)
        with self._files_lock:
            for existing in scan_corpus(self.corpus_dir):
                if existing.stat().st_size == size and _sha256(existing) == digest:
                    raise DocumentError(f"{name}: the same file is already in the corpus as "
                                        f"{doc_id_for(existing, self.corpus_dir)}")
            # Copied under a hidden name (the indexer ignores it), then linked into place: a rebuild never
            # reads half a file, and os.link refuses to replace an existing one.
            temp = self.corpus_dir / f".upload-{secrets.token_hex(6)}"
            shutil.copyfile(source, temp)
            try:
                stem, suffix = os.path.splitext(name)
                for n in range(1, 1000):
                    target = self.corpus_dir / (name if n == 1 else f"{stem}-{n}{suffix}")
                    if target.exists() or sidecar_for(target).exists():
                        continue
                    try:
                        os.link(temp, target)
                    except FileExistsError:
                        continue
                    return doc_id_for(target, self.corpus_dir)
                raise DocumentError(f"{name}: too many files with this name in the corpus")
            finally:
                temp.unlink(missing_ok=True)

    def delete(self, doc_id: str) -> list[str]:
        """Remove a document (and its metadata sidecar) from the corpus folder; return what was removed.

        The index forgets it at the next rebuild.
        """
        if not doc_id or "\x00" in doc_id:
            raise DocumentError("no document given to delete")
        root = self.corpus_dir.resolve()
        path = (root / doc_id).resolve()
        if root not in path.parents:
            raise DocumentError(f"{doc_id}: not inside the corpus folder")
        if path.name.endswith(SIDECAR_SUFFIX) or not path.is_file():
            raise DocumentError(f"{doc_id}: no such document in the corpus")
        removed = []
        with self._files_lock:
            for target in (path, sidecar_for(path)):
                if target.is_file():
                    target.unlink()
                    removed.append(target.relative_to(root).as_posix())
        return removed

    # -- rebuilds -----------------------------------------------------------------------------------
    def start_rebuild(self, full: bool = False) -> RebuildStatus:
        """Start bringing the index in line with the corpus in the background; IndexBusyError if one runs."""
        if not self._rebuild_lock.acquire(blocking=False):
            raise IndexBusyError("a rebuild is already running; wait for it to finish")
        with self._status_lock:
            self._status = RebuildStatus(state="running", started_at=time.time())
        self._thread = threading.Thread(target=self._rebuild, args=(full,), name="rebuild", daemon=True)
        self._thread.start()
        return self.rebuild_status()

    def rebuild_status(self) -> RebuildStatus:
        with self._status_lock:
            return replace(self._status, events=list(self._status.events), summary=list(self._status.summary))

    def wait_rebuild(self, timeout: float | None = None) -> RebuildStatus:
        """Wait for the running rebuild (at most `timeout` seconds); return the status either way."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.rebuild_status()

    def rebuild(self, full: bool = False, timeout: float | None = None) -> RebuildStatus:
        """Start a rebuild and wait for it."""
        self.start_rebuild(full)
        return self.wait_rebuild(timeout)

    def _rebuild(self, full: bool) -> None:
        try:
            report = self.assistant.indexer().run(full=full, on_event=self._on_event)
            with self._status_lock:
                self._status.report = report
                self._status.summary = report.summary_lines()
                self._status.state = "done"
        except AssistantError as exc:
            self._fail(str(exc))
        except Exception as exc:  # a bug, not a user's mistake: still end the rebuild and say what happened
            self._fail(f"rebuild failed: {type(exc).__name__}: {exc}")
        finally:
            with self._status_lock:
                self._status.finished_at = time.time()
            self._rebuild_lock.release()

    def _fail(self, message: str) -> None:
        with self._status_lock:
            self._status.state, self._status.error = "failed", message

    def _on_event(self, kind: str, data: dict) -> None:
        with self._status_lock:
            status = self._status
            if kind == "plan":
                status.total, status.planned = data["documents"], True
            elif kind == "committed":
                status.done += data["documents"]
            elif kind == "skipped":
                status.events.append(f"skipped {data['path']}: {data['reason']}")
                if status.planned:  # a planned document that failed to load is done too
                    status.done += 1
            elif kind == "removed":
                status.events.append(f"removed {data['doc_id']}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- evaluation -------------------------------------------------------------------------------------
def project_suite() -> Path:
    """The project's own suite: tests/eval/suite.jsonl in the working folder, else beside the package."""
    local = Path("tests/eval/suite.jsonl")
    return local if local.is_file() else Path(__file__).resolve().parent.parent / "tests" / "eval" / "suite.jsonl"


def reports_dir_for(settings) -> Path:
    """Where the web app writes evaluation reports: `reports/` beside the index folder (git-ignored)."""
    return Path(settings.index.index_dir).resolve().parent / "reports"


def run_evaluation(assistant, suite: str | Path, reports_dir: str | Path, progress: bool = False) -> tuple[Path, list[str]]:
    """Run a suite through `assistant.ask` and write its reports into a fresh folder under `reports_dir`.

    Returns the report.json path and warnings (items naming sources the corpus lacks).
    """
    from assistant.evaluation import check_sources, load_suite, run_suite, write_report

    items = load_suite(suite)
    warnings = check_sources(items, [d["doc_id"] for d in assistant.documents()])
    run = run_suite(assistant, items, progress=progress)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    return write_report(run, Path(reports_dir) / f"web-{stamp}"), warnings


# -- users ------------------------------------------------------------------------------------------
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
        self._mtime: float | None = None
        self._users: dict[str, dict] = {}
        self._verified: dict[str, str] = {}  # name -> a keyed digest of the last good password (scrypt is slow)
        self._key = secrets.token_bytes(32)
        self._load()
        if not self._users:
            raise ConfigError(f"{USERS_ENV}={self.path} holds no users; add one with "
                              f"`python -m assistant.admin adduser NAME --admin --file {self.path}`")

    @classmethod
    def from_env(cls) -> "Users | None":
        """The users of ASSISTANT_USERS_FILE, or None when it is unset (login off)."""
        path = os.environ.get(USERS_ENV, "").strip()
        return cls(path) if path else None

    def _load(self) -> None:
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            raise ConfigError(f"{USERS_ENV}={self.path}: no such file; create it with "
                              f"`python -m assistant.admin adduser NAME --admin --file {self.path}`") from None
        if mtime == self._mtime:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            users = data["users"]
            if not isinstance(users, dict):
                raise TypeError("users must be an object")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"users file {self.path} is not valid ({type(exc).__name__}: {exc})") from None
        self._users, self._mtime, self._verified = users, mtime, {}

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
            self._verified[name] = token
        return True

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
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
        handle.write("\n")
    os.replace(temp, path)


def main(argv: list[str] | None = None) -> int:
    """`python -m assistant.admin adduser NAME [--admin] [--file users.json]`; the password is asked for
    (or read from stdin when it is not a terminal)."""
    import argparse
    import getpass

    parser = argparse.ArgumentParser(prog="python -m assistant.admin", description=main.__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("adduser", help="add or replace a user of the web chat")
    add.add_argument("name")
    add.add_argument("--admin", action="store_true", help="may upload, delete and rebuild")
    add.add_argument("--file", default=os.environ.get(USERS_ENV) or "users.json",
                     help=f"users file (default: ${USERS_ENV} or users.json)")
    args = parser.parse_args(argv)
    if sys.stdin.isatty():
        password = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != password:
            print("error: the passwords differ", file=sys.stderr)
            return 2
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        add_user(args.file, args.name, password, admin=args.admin)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    role = "admin" if args.admin else "user"
    print(f"{args.name} ({role}) saved in {args.file}; start the app with {USERS_ENV}={args.file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
