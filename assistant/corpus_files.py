"""The corpus folder's files, as the web app changes them: uploads copied in under safe names, deletions.

An upload is read with the indexer's own document readers before it lands in the corpus, so a file the indexer
could not read (a corrupt PDF, a .docx that is not one) is refused, not added. Each refusal is a `Refused`
(a DocumentError) naming the file and why, fit to show as is. The web app starts an incremental rebuild after
each change (rebuilds.py), so the index follows at once.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import threading
import unicodedata
from pathlib import Path

from assistant.documents import (SIDECAR_SUFFIX, SUPPORTED_SUFFIXES, doc_id_for, load_document, scan_corpus,
                                 sidecar_for)
from assistant.errors import DocumentError
from assistant.settings import IndexSettings

class Refused(DocumentError):
    """A file not added to the corpus: `name` (as sent, or as it would have been stored) and `reason`, one line."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name, self.reason = name, reason


_UNSAFE = re.compile(r"[^\w\-. ()+,&@]")  # \w is Unicode-aware: accented names survive
_MAX_NAME = 120


def safe_file_name(name: str) -> str:
    """A file name that can only land directly inside the corpus folder, or Refused (a DocumentError).

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
        raise Refused(repr(original), "not a usable file name")
    if name.lower().endswith(SIDECAR_SUFFIX):
        raise Refused(name, f"metadata sidecars ({SIDECAR_SUFFIX}) cannot be uploaded as documents")
    if suffix.lower() not in SUPPORTED_SUFFIXES:
        raise Refused(name, f"unsupported file type '{suffix or 'none'}' "
                            f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    return name


class CorpusFiles:
    """Adds files to and deletes them from one corpus folder; `add_file` never writes outside it and never over
    an existing file, `delete` removes a document and its `.meta.json` sidecar."""

    def __init__(self, settings: IndexSettings):
        self.settings = settings
        self.corpus_dir = Path(settings.corpus_dir)
        self._files_lock = threading.Lock()

    def files(self) -> list[str]:
        """doc_ids of the documents in the corpus folder (indexed or not yet)."""
        return [doc_id_for(p, self.corpus_dir) for p in scan_corpus(self.corpus_dir)]

    def add_file(self, source: str | Path, name: str | None = None) -> str:
        """Copy `source` into the corpus as `name` (default: its own name); return the new doc_id, or Refused.

        The copy is read as the indexer will read it (documents.load_document) before it gets its name: a file
        that cannot be read is refused with the reader's reason and leaves nothing in the corpus. A name already
        taken gets a numeric suffix ("report-2.pdf"); the same bytes already in the corpus are refused, since the
        indexer would skip them as a duplicate anyway.
        """
        source = Path(source)
        name = safe_file_name(name or source.name)
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise Refused(name, f"cannot read the upload ({exc.strerror or exc})") from None
        limit = self.settings.max_file_mb
        if size > limit * 1024 * 1024:
            raise Refused(name, f"file is {size / 1048576:.1f} MB, over the {limit:g} MB limit (ASSISTANT_MAX_FILE_MB)")
        if size == 0:
            raise Refused(name, "the file is empty")
        self.corpus_dir.mkdir(parents=True, exist_ok=True)
        stem, suffix = os.path.splitext(name)
        # Copied under a hidden name (the indexer ignores it) that keeps the type, read, then linked into place: a
        # rebuild never reads half a file or one that cannot be read, and os.link refuses to replace an existing one.
        temp = self.corpus_dir / f".upload-{secrets.token_hex(6)}{suffix.lower()}"
        try:
            shutil.copyfile(source, temp)
            try:
                load_document(temp, self.corpus_dir, max_file_mb=limit)
            except DocumentError as exc:
                raise Refused(name, str(exc)) from None
            except OSError as exc:
                raise Refused(name, f"cannot read the upload ({exc.strerror or exc})") from None
            digest = _sha256(temp)
            with self._files_lock:
                for existing in scan_corpus(self.corpus_dir):
                    if existing.stat().st_size == size and _sha256(existing) == digest:
                        raise Refused(name, "the same file is already in the corpus as "
                                            f"{doc_id_for(existing, self.corpus_dir)}")
                for n in range(1, 1000):
                    target = self.corpus_dir / (name if n == 1 else f"{stem}-{n}{suffix}")
                    if target.exists() or sidecar_for(target).exists():
                        continue
                    try:
                        os.link(temp, target)
                    except FileExistsError:
                        continue
                    return doc_id_for(target, self.corpus_dir)
                raise Refused(name, "too many files with this name in the corpus")
        finally:
            temp.unlink(missing_ok=True)

    def delete(self, doc_id: str) -> list[str]:
        """Remove a document (and its metadata sidecar) from the corpus folder; return what was removed.

        The index forgets it at the next rebuild (the web app forgets it at once and starts one).
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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
