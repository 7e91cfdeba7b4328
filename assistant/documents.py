"""Corpus files -> documents: extracted text, title, page spans and a content hash.

Each reader returns the text that citations point into, so offsets stay meaningful. We read the
formats with pypdf, python-docx and trafilatura directly rather than through LlamaIndex's file readers,
because those readers drop page offsets and decode text files without detecting their encoding.
A file that cannot be read raises DocumentError with one line that says why.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import io
import json
import logging
import os
import re
import stat
import threading
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from assistant.errors import DocumentError

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}
SIDECAR_SUFFIX = ".meta.json"

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# Control characters other than tab, newline, carriage return and form feed mark binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# Limits on what a file may expand to once read, so a small file cannot take minutes and gigabytes.
# A .docx is a zip: a 155 KB file held 40 MB of tiny paragraphs and took 200 s and 885 MB to read. Media are
# stored already compressed and document XML compresses 5-10x, so the parts of a real document under the file
# size limit (ASSISTANT_MAX_FILE_MB) declare well under DOCX_MAX_EXPANSION times that limit uncompressed.
DOCX_MAX_EXPANSION = 2.0
# python-docx parses word/document.xml whole into memory, at about 18x its size (20 MB took 360 MB), so that part
# alone gets half the file size limit (10 MB by default: some 5,000 pages of text).
DOCX_DOCUMENT_XML_SHARE = 0.5
# Neither limit goes below this, so a tiny ASSISTANT_MAX_FILE_MB does not refuse ordinary documents.
DOCX_MIN_LIMIT_MB = 5.0
# Paragraphs plus table cells read from one .docx: each costs about 40 µs, so this bounds a file at seconds.
DOCX_MAX_BLOCKS = 100_000
# Pages read from one PDF, and characters of text kept from any PDF or .docx (some 10,000 pages of prose).
PDF_MAX_PAGES = 2_000
MAX_TEXT_CHARS = 20_000_000


@dataclass(frozen=True)
class PageSpan:
    """Where one PDF page sits in the extracted text (1-based page number)."""

    page: int
    start: int
    end: int


@dataclass
class Document:
    """A corpus file ready for chunking."""

    doc_id: str
    title: str
    kind: str
    text: str
    pages: list[PageSpan] = field(default_factory=list)
    date: str = ""  # ISO date from the metadata sidecar, for date filters; "" when the file gives none

    def sections(self) -> list[tuple[int | None, int, int]]:
        """(page, start, end) ranges to chunk separately, so no chunk straddles two pages."""
        if self.pages:
            return [(p.page, p.start, p.end) for p in self.pages]
        return [(None, 0, len(self.text))]


def doc_id_for(path: Path, corpus_dir: Path) -> str:
    """The document's path relative to the corpus folder, with forward slashes (the doc id of docs/contract.md).

    Worked out on the path's text first, so a symlink that points outside the corpus keeps its name in it
    (resolving it first crashed `assistant index` with a ValueError) and no system call is spent per file.
    """
    text, prefix = os.fspath(path), os.fspath(corpus_dir).rstrip(os.sep) + os.sep
    if text.startswith(prefix) and os.sep == "/" and "/." not in text[len(prefix) - 1:]:
        return text[len(prefix):]  # the common case, as scan_corpus builds paths: a prefix to cut
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(corpus_dir)).as_posix()
    except ValueError:
        return path.resolve().relative_to(corpus_dir.resolve()).as_posix()


def sidecar_for(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def scan_corpus(corpus_dir: Path, errors: list[tuple[Path, str, bool]] | None = None) -> list[Path]:
    """Every candidate file under the corpus folder, sorted; hidden files and metadata sidecars excluded.

    Symlinked files are included, symlinked folders are not entered (as `Path.rglob` does). A folder that
    cannot be listed or a path the system refuses (permission denied, longer than the OS allows) does not stop
    the scan: it is appended to `errors` as (path, reason, is_folder) when a list is given, and left out.
    """
    if not corpus_dir.is_dir():
        return []
    found = []

    def failed(exc: OSError, folder: bool = True) -> None:  # os.walk calls it for a folder it cannot list
        if errors is not None and not isinstance(exc, FileNotFoundError):  # gone meanwhile: nothing to report
            errors.append((Path(exc.filename) if exc.filename else corpus_dir, os_reason(exc), folder))

    for root, dirs, files in os.walk(corpus_dir, onerror=failed):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
                continue
            path = Path(root, name)
            try:
                regular = stat.S_ISREG(os.stat(path).st_mode)
            except OSError as exc:
                if exc.errno in _MISSING_ERRNOS:
                    continue  # a broken or looping symlink, or removed since the folder was listed
                exc.filename = exc.filename or os.fspath(path)
                failed(exc, folder=False)
                continue
            except ValueError:  # a name the system cannot encode
                continue
            if regular:  # not a socket or a fifo
                found.append(path)
    return sorted(found, key=lambda p: doc_id_for(p, corpus_dir))


# stat errors of a path that is simply not there to read (as `Path.is_file` ignores them): not reported.
_MISSING_ERRNOS = {errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP}


def os_reason(exc: OSError) -> str:
    """One line for a file-system error: "cannot read: permission denied", "path is longer than the OS allows"."""
    if exc.errno == errno.ENAMETOOLONG:
        return "path is longer than the operating system allows (File name too long)"
    if isinstance(exc, PermissionError):
        return "cannot read: permission denied"
    return f"cannot read: {exc.strerror or type(exc).__name__}"


def escapes_corpus(path: Path, corpus_dir: Path) -> str | None:
    """Why `path` must not be read as part of the corpus (a symlink resolving outside it), or None.

    `scan_corpus` never enters symlinked folders, so only the file itself can be a link; its target must
    resolve inside the corpus folder, else `ln -s /etc/passwd corpus/x.txt` would put a server file in answers.
    """
    if not path.is_symlink():
        return None
    target = path.resolve()
    try:
        target.relative_to(corpus_dir.resolve())
    except ValueError:
        return f"symbolic link to {target}, which is outside the corpus folder"
    return None


def file_fingerprint(path: Path) -> tuple[str, str]:
    """(hash of the file's bytes, hash of bytes plus sidecar): the first finds duplicates, the second changes."""
    content = hashlib.sha256(path.read_bytes()).hexdigest()
    sidecar = sidecar_for(path)
    extra = sidecar.read_bytes() if sidecar.is_file() else b""
    return content, hashlib.sha256(content.encode() + extra).hexdigest()


def load_document(path: Path, corpus_dir: Path, max_file_mb: float | None = None) -> Document:
    """Read one file into a Document, or raise DocumentError saying why it cannot be indexed.

    `max_file_mb` is the file size limit (ASSISTANT_MAX_FILE_MB; its default when None): what a .docx may
    unpack to is derived from it.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            f"unsupported file type '{suffix or path.name}' (supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})"
        )
    escape = escapes_corpus(path, corpus_dir)
    if escape:
        raise DocumentError(escape)
    data = path.read_bytes()
    if not data.strip():
        raise DocumentError("empty file")
    if suffix in TEXT_SUFFIXES:
        title, text, pages, kind = None, _normalise_newlines(decode_text(data)), [], suffix.lstrip(".")
        if kind in {"md", "markdown"}:
            heading = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
            title = heading.group(1).strip() if heading else None
    elif suffix in HTML_SUFFIXES:
        title, text, pages, kind = *_read_html(data), [], "html"
    elif suffix == ".pdf":
        title, text, pages, kind = *_read_pdf(data), "pdf"
    else:
        title, text, pages, kind = *_read_docx(data, _default_max_file_mb() if max_file_mb is None else max_file_mb), [], "docx"
    if not text.strip():
        raise DocumentError("no text found in the file")
    if title is None and kind == "txt":
        title = _headline(text)
    meta = _read_sidecar(path)
    title = readable_title(str(meta.get("title") or title or _title_from_name(path)))
    return Document(doc_id=doc_id_for(path, corpus_dir), title=title, kind=kind, text=text, pages=pages,
                    date=_sidecar_date(meta, path))


def _sidecar_date(meta: dict, path: Path) -> str:
    """The sidecar's "date" (YYYY-MM-DD), checked; dates are never guessed from the text."""
    value = meta.get("date")
    if not value:
        return ""
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError as exc:
        raise DocumentError(f"metadata file {sidecar_for(path).name}: date {value!r} is not YYYY-MM-DD") from exc


def decode_text(data: bytes) -> str:
    """Decode bytes of unknown encoding: a BOM wins, then strict UTF-8, then charset detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DocumentError(f"text has a {encoding} byte-order mark but does not decode: {exc.reason}") from exc
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise DocumentError("binary data, not text (NUL bytes and no UTF-16 byte-order mark)")
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DocumentError("binary data, not text (NUL bytes and no UTF-16 byte-order mark)") from exc
        if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
            raise DocumentError("binary data, not text (too many control characters)")
        return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise DocumentError("binary data, not text (too many control characters)")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when NUL bytes sit at every other byte, as in mostly-ASCII UTF-16 text
    saved without a byte-order mark (some Windows tools do); None for anything else (binary data)."""
    if len(data) % 2 or len(data) < 4:
        return None
    sample = data[:65536]
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    # ASCII in UTF-16-LE is "c\0", in UTF-16-BE "\0c"; other scripts rarely have a NUL in their other byte.
    if odd_nul >= 0.6 and even_nul <= 0.02:
        return "utf-16-le"
    if even_nul >= 0.6 and odd_nul <= 0.02:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes) -> str:
    """Non-UTF-8 bytes: trust charset detection for multi-byte (CJK) encodings, prefer cp1252 for Western text.

    charset_normalizer guesses single-byte code pages poorly on short texts (cp1252 smart quotes and
    the euro sign came out as cp775 or cp437 letters), so Western-looking text that decodes strictly
    as cp1252, the commonest legacy encoding, is read as cp1252.
    """
    from charset_normalizer import from_bytes
    from charset_normalizer.utils import is_multi_byte_encoding

    best = from_bytes(data).best()
    if best is not None and is_multi_byte_encoding(best.encoding):
        return str(best)
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None:
        letters = [c for c in western if c.isalpha()]
        # Latin-script prose is mostly ASCII letters; Cyrillic or Greek read as cp1252 is not.
        if letters and sum(ord(c) > 127 for c in letters) <= 0.3 * len(letters):
            return western
    if best is None:
        raise DocumentError("binary data or an unknown text encoding")
    return str(best)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_sidecar(path: Path) -> dict:
    sidecar = sidecar_for(path)
    if not sidecar.is_file():
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise DocumentError(f"metadata file {sidecar.name} is not valid JSON: {exc}") from exc
    if not isinstance(meta, dict):
        raise DocumentError(f"metadata file {sidecar.name} must hold a JSON object")
    return meta


_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "over", "the",
                "to", "up", "vs", "with"}


def readable_title(title: str) -> str:
    """A headline written in capitals, as on the wire, in title case: "N.Z. TRADING BANK DEPOSIT GROWTH RISES"
    -> "N.Z. Trading Bank Deposit Growth Rises". Abbreviations (with dots, or of two or three letters that are
    no small word) stay in capitals; a title in mixed case is left as it is."""
    letters = [c for c in title if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters) or len(letters) < 6:
        return title.strip()
    words = []
    for i, word in enumerate(title.split()):
        core = word.strip("\"'()[],:;")
        lower = core.lower()
        if core.startswith("<") or word.startswith("<"):  # a ticker symbol, "<CBT>"
            words.append(word)
        elif lower in _WIRE_UNITS:
            words.append(word.lower())
        elif "." in core.rstrip(".") or (len(core) <= 3 and lower not in _SMALL_WORDS and core.isalpha()
                                        and lower not in _COMMON_SHORT):
            words.append(word)
        elif (lower in _SMALL_WORDS and i > 0) or lower in _WIRE_UNITS:
            words.append(word.lower())
        else:
            words.append("-".join(_capitalise(part) for part in word.split("-")))
    return " ".join(words)


def _capitalise(word: str) -> str:
    """Upper-case the first letter (after any quote mark or bracket), lower-case the rest."""
    lead = len(word) - len(word.lstrip("\"'([“‘"))
    return word[:lead] + word[lead:lead + 1].upper() + word[lead + 1:].lower()


_WIRE_UNITS = {"mln", "bln", "pct", "dlrs", "dlr", "stg", "bpd", "cts", "yen"}
# Short words of headlines that are words, not abbreviations.
_COMMON_SHORT = {"say", "says", "set", "see", "cut", "cuts", "buy", "buys", "new", "hit", "hits", "ups", "net", "key",
                 "ban", "bid", "end", "oil", "tin", "tax", "due", "low", "top", "off", "out", "two", "six", "ten",
                 "one", "get", "may", "has", "not", "its", "but", "all", "big", "raw", "won", "rise", "aid", "pay", "sea", "war", "gas", "job", "jobs", "law", "air", "car", "son", "eye", "is", "be", "it", "he", "we", "no", "so", "if", "do", "go"}


def _headline(text: str) -> str | None:
    """A plain-text document's first line when it stands alone (followed by a blank line) and is short."""
    first, _, rest = text.lstrip().partition("\n")
    if first.strip() and len(first) <= 120 and rest.startswith("\n") and not first.rstrip().endswith((".", ",")):
        return first.strip()
    return None


def _title_from_name(path: Path) -> str:
    return re.sub(r"[-_]+", " ", path.stem).strip().capitalize() or path.name


def _read_html(data: bytes) -> tuple[str | None, str]:
    """Main text only: trafilatura drops navigation, footers and other boilerplate."""
    import trafilatura

    html = decode_text(data)
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True)
    if not text:
        raise DocumentError("no main text found in the HTML page")
    meta = trafilatura.extract_metadata(html)
    return (meta.title if meta and meta.title else None), text


_PYPDF_QUIET_LOCK = threading.Lock()
_pypdf_quiet_depth = 0
_pypdf_saved_level = logging.NOTSET


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's own warnings ("EOF marker not found", "Ignoring wrong pointing object") off stderr while a
    PDF is read: a damaged file is reported once, as the DocumentError's one line. The "pypdf" logger's level
    (which its module loggers inherit) is raised, and put back when the last concurrent reader is done."""
    global _pypdf_quiet_depth, _pypdf_saved_level
    logger = logging.getLogger("pypdf")
    with _PYPDF_QUIET_LOCK:
        if _pypdf_quiet_depth == 0:
            _pypdf_saved_level = logger.level
            logger.setLevel(logging.CRITICAL + 1)
        _pypdf_quiet_depth += 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        with _PYPDF_QUIET_LOCK:
            _pypdf_quiet_depth -= 1
            if _pypdf_quiet_depth == 0:
                logger.setLevel(_pypdf_saved_level)


def _read_pdf(data: bytes) -> tuple[str | None, str, list[PageSpan]]:
    """Text per page; page spans keep page numbers for citations."""
    with _quiet_pypdf():
        return _read_pdf_quietly(data)


def _read_pdf_quietly(data: bytes) -> tuple[str | None, str, list[PageSpan]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("encrypted PDF: it needs a password, remove the protection and add it again")
        if len(reader.pages) > PDF_MAX_PAGES:
            raise DocumentError(f"PDF has {len(reader.pages):,} pages, over the limit of {PDF_MAX_PAGES:,}")
        parts, pages, offset = [], [], 0
        for number, page in enumerate(reader.pages, start=1):
            page_text = _normalise_newlines(page.extract_text() or "").strip()
            if not page_text:
                continue
            if parts:
                parts.append("\n\n")
                offset += 2
            parts.append(page_text)
            pages.append(PageSpan(number, offset, offset + len(page_text)))
            offset += len(page_text)
            if offset > MAX_TEXT_CHARS:
                raise DocumentError(f"PDF text is over the limit of {MAX_TEXT_CHARS:,} characters "
                                    f"(reached on page {number})")
        title = (reader.metadata.title if reader.metadata else None) or None
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise DocumentError(f"corrupt or unreadable PDF ({type(exc).__name__}: {str(exc)[:120]})") from exc
    except Exception as exc:  # pypdf raises many internal types on damaged files
        raise DocumentError(f"corrupt or unreadable PDF ({type(exc).__name__})") from exc
    if not pages:
        raise DocumentError("PDF has no extractable text (a scanned image needs OCR first)")
    return (title.strip() if isinstance(title, str) and title.strip() else None), "".join(parts), pages


def _default_max_file_mb() -> float:
    from assistant.settings import IndexSettings

    return float(IndexSettings.model_fields["max_file_mb"].default)


def _check_docx_size(data: bytes, max_file_mb: float) -> None:
    """Refuse a .docx whose parts declare more uncompressed bytes than the limits allow, before unpacking any."""
    mb = 1024 * 1024
    total_limit = max(DOCX_MIN_LIMIT_MB, DOCX_MAX_EXPANSION * max_file_mb)
    xml_limit = max(DOCX_MIN_LIMIT_MB, DOCX_DOCUMENT_XML_SHARE * max_file_mb)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise DocumentError(f"corrupt or unreadable .docx ({type(exc).__name__})") from exc
    total = sum(info.file_size for info in infos)
    body = sum(info.file_size for info in infos if info.filename == "word/document.xml")
    if body > xml_limit * mb:
        raise DocumentError(f".docx text (word/document.xml) has an uncompressed size of {body / mb:.1f} MB, over "
                            f"the limit of {xml_limit:g} MB (a decompression bomb, or split the document)")
    if total > total_limit * mb:
        raise DocumentError(f".docx has an uncompressed size of {total / mb:.1f} MB, over the limit of "
                            f"{total_limit:g} MB ({DOCX_MAX_EXPANSION:g}x ASSISTANT_MAX_FILE_MB)")


def _read_docx(data: bytes, max_file_mb: float) -> tuple[str | None, str]:
    import docx

    _check_docx_size(data, max_file_mb)
    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile/lxml/KeyError types on damaged files
        raise DocumentError(f"corrupt or unreadable .docx ({type(exc).__name__})") from exc
    body = doc.element.body
    tables = body.findall(_w("tbl"))
    count = len(body.findall(_w("p"))) + sum(len(t.findall(f".//{_w('tc')}")) for t in tables)
    if count > DOCX_MAX_BLOCKS:
        raise DocumentError(f".docx has {count:,} paragraphs and table cells, over the limit of {DOCX_MAX_BLOCKS:,}")
    blocks, size = [], 0

    def keep(block: str) -> None:
        nonlocal size
        blocks.append(block)
        size += len(block) + 2
        if size > MAX_TEXT_CHARS:
            raise DocumentError(f".docx text is over the limit of {MAX_TEXT_CHARS:,} characters")

    for p in doc.paragraphs:
        if text := p.text.strip():
            keep(text)
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                keep(" | ".join(cells))
    title = (doc.core_properties.title or "").strip() or None
    return title, "\n\n".join(blocks)


def _w(tag: str) -> str:
    """A WordprocessingML tag in Clark notation, `{namespace}p`."""
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag
