"""The corpus folder's files, as the web app changes them: uploads copied in under safe names, deletions.

Each refusal is a DocumentError whose message is fit to show as is. The index follows at the next rebuild
(rebuilds.py).
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

from assistant.documents import SIDECAR_SUFFIX, SUPPORTED_SUFFIXES, doc_id_for, scan_corpus, sidecar_for
from assistant.errors import DocumentError
from assistant.settings import IndexSettings

_UNSAFE = re.compile(r"[^\w\-. ()+,&@]")  # \w is Unicode-aware: accented names survive
_MAX_NAME = 120


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
        limit = self.settings.max_file_mb
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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
