"""Conversation exports (the Chats panel's "Export as Markdown"): files written into a folder of this process's own,
which is removed when the server stops (and at exit), pruned of old files while it runs, and swept by the next
process when its owner died without cleaning up, so exports never pile up in /tmp.

Gradio copies a download into its own cache when it is shown; that copy is swept with the upload cache (uploads.py).
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path

EXPORT_MAX_AGE_S = 3600  # an export file not rewritten for this long is deleted at the next export

_lock = threading.Lock()
_folder: Path | None = None


PREFIX = "assistant-exports-"


def exports_folder() -> Path:
    """This process's export folder, made on first use (owner only) and removed at exit; the folders of processes
    that are gone are removed first."""
    global _folder
    with _lock:
        if _folder is None or not _folder.is_dir():
            _sweep_dead(Path(tempfile.gettempdir()))
            _folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
            atexit.register(shutil.rmtree, _folder, True)
        return _folder


def remove_exports() -> None:
    """Remove this process's export folder (the server stops: uvicorn ends a SIGTERM by raising it again once
    shut down, so atexit alone would not run)."""
    global _folder
    with _lock:
        if _folder is not None:
            shutil.rmtree(_folder, ignore_errors=True)
            _folder = None


def _sweep_dead(temp: Path) -> None:
    """Remove the export folders of processes that no longer run (killed, so they could not remove their own)."""
    for folder in temp.glob(f"{PREFIX}*-*"):
        try:
            pid = int(folder.name[len(PREFIX):].split("-")[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (ValueError, OSError):  # not one of ours, or another user's process
            continue


def prune(folder: Path, max_age_s: float = EXPORT_MAX_AGE_S) -> int:
    """Delete files in `folder` not written for `max_age_s` seconds, and sub-folders left empty; how many files."""
    cutoff, removed = time.time() - max_age_s, 0
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        try:
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif path.lstat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:  # gone meanwhile, or written to again
            continue
    return removed


def write_export(key: str, title: str, text: str) -> str:
    """Write `text` as `<title>.md` in the folder of `key` (a conversation id), replacing that conversation's earlier
    export (a renamed chat leaves no file under its old name); old exports of every conversation are pruned. The
    path, for a download button."""
    folder = exports_folder()
    prune(folder)
    name = re.sub(r"[^\w.-]+", "-", title).strip("-.")[:60] or "conversation"
    own = folder / re.sub(r"[^\w-]+", "-", key)
    own.mkdir(mode=0o700, exist_ok=True)
    for old in own.iterdir():
        if old.name != f"{name}.md":
            old.unlink(missing_ok=True)
    path = own / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return str(path)
