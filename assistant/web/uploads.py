"""The web server's upload cache (Gradio's): what counts as a received upload, and cleaning it up.

A Gradio API call names its files by server path, so only files inside the cache are accepted; received files
are deleted once handled, and a timer sweeps what no handler saw.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from pathlib import Path

from assistant.corpus_files import Refused

log = logging.getLogger(__name__)


def received_upload(path: str | Path, upload_root: str | Path) -> Path:
    """`path` if it is a regular file inside the web server's upload cache, else Refused (a DocumentError).

    A Gradio API call names its files by server path, so without this check
    `{"path": "/some/server/file.md", "meta": {"_type": "gradio.FileData"}}` copied any server file into the
    corpus. Only files the server itself received (they land in its upload cache) are accepted; links are
    resolved first, so a link in the cache cannot point elsewhere.
    """
    given = Path(path)
    resolved, root = given.resolve(), Path(upload_root).resolve()
    if not resolved.is_relative_to(root) or resolved == root or not resolved.is_file():
        raise Refused(given.name or "file", "not a file uploaded to this server; send the file itself")
    return resolved


# Files in the web server's upload cache older than this are swept when it starts and every 10 minutes after.
UPLOAD_MAX_AGE_S = 3600
UPLOAD_SWEEP_EVERY_S = 600


def _inside(path: Path, root: Path) -> bool:
    return path.is_relative_to(root) and path != root


def discard_upload(path: str | Path, upload_root: str | Path) -> None:
    """Delete a received file once its request is handled (copied into the corpus, or refused), and its
    folder when that is left empty. Only a file inside the upload cache is touched: a server path named in an
    API call is never deleted."""
    root = Path(upload_root).resolve()
    resolved = Path(path).resolve()
    if not _inside(resolved, root) or not resolved.is_file():
        return
    resolved.unlink(missing_ok=True)
    folder = resolved.parent
    while _inside(folder, root):  # Gradio keeps each upload in a folder of its own
        try:
            folder.rmdir()
        except OSError:  # not empty: another upload still uses it
            break
        folder = folder.parent


def sweep_upload_cache(upload_root: str | Path, max_age_s: float = UPLOAD_MAX_AGE_S) -> int:
    """Delete files in the upload cache not modified for `max_age_s` seconds, and folders left empty as long;
    return the number of files deleted. Catches what a crashed server or an upload never submitted left."""
    root = Path(upload_root)
    cutoff = time.time() - max_age_s
    removed = 0
    for folder, _, names in os.walk(root, topdown=False):
        try:  # a folder changed lately may hold an upload being written: only old ones go
            old_folder = Path(folder) != root and os.stat(folder).st_mtime < cutoff
        except OSError:
            continue
        for name in names:
            path = Path(folder, name)
            try:
                if path.lstat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:  # gone already, or not ours to delete
                continue
        if old_folder:
            with contextlib.suppress(OSError):  # not empty: something newer is inside
                os.rmdir(folder)
    return removed


def sweeping_uploads(lifespan, upload_root: str | Path, every_s: float = UPLOAD_SWEEP_EVERY_S,
                     max_age_s: float = UPLOAD_MAX_AGE_S):
    """Wrap an ASGI app's lifespan: sweep the upload cache when the server starts, then every `every_s` seconds.

    A timer, not only the upload handlers, because files reach the cache without reaching a handler: an
    upload never submitted, a file Gradio refuses by type, the empty temp file Gradio's File makes per file.
    """
    async def sweep() -> None:
        removed = await asyncio.to_thread(sweep_upload_cache, upload_root, max_age_s)
        if removed:
            log.info("removed %d files older than %g s from the upload cache %s", removed, max_age_s, upload_root)

    async def sweep_forever() -> None:
        while True:
            await asyncio.sleep(every_s)
            await sweep()

    @contextlib.asynccontextmanager
    async def lifespan_with_sweeps(app):
        await sweep()
        task = asyncio.create_task(sweep_forever())
        try:
            async with lifespan(app) as state:
                yield state
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return lifespan_with_sweeps
