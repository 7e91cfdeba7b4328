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
# Part of every document's fingerprint: a change to what the readers extract (text, title) re-reads each file
# once on the next `assistant index`, so an existing index does not keep what the older readers made of it.
# "titles-2": titles come from the document (metadata, first heading) before the file name.
READER_VERSION = "titles-2"

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
    file_type: str  # which reader read it: txt, md, html, pdf, docx
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
        text, pages, file_type = _normalise_newlines(decode_text(data)), [], suffix.lstrip(".")
        title = _markdown_title(text) if file_type in {"md", "markdown"} else None
    elif suffix in HTML_SUFFIXES:
        title, text, pages, file_type = *_read_html(data), [], "html"
    elif suffix == ".pdf":
        title, text, pages, file_type = *_read_pdf(data), "pdf"
    else:
        title, text, pages, file_type = *_read_docx(data, _default_max_file_mb() if max_file_mb is None else max_file_mb), [], "docx"
    if not text.strip():
        raise DocumentError("no text found in the file")
    if title is None and file_type in {"txt", "md", "markdown"}:
        title = _headline(text)
    meta = _read_sidecar(path)
    title = _trimmed(readable_title(str(meta.get("title") or title or _title_from_name(path))))
    return Document(doc_id=doc_id_for(path, corpus_dir), title=title, file_type=file_type, text=text, pages=pages,
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
        else:  # "EU-MERCOSUR" -> "EU-Mercosur", "ONE-HALF" -> "One-Half"
            words.append("-".join(part if _is_abbreviation(part) else _capitalise(part) for part in word.split("-")))
    return " ".join(words)


def _is_abbreviation(part: str) -> bool:
    """A two-letter part of a hyphenated word in capitals that stays so: "EU-MERCOSUR" -> "EU-Mercosur"; prefixes
    and words ("RE-OPEN", "EX-SENATOR", "UP-TO-DATE") are capitalised as before."""
    core = part.strip("\"'()[],:;")
    lower = core.lower()
    return (len(core) == 2 and core.isalpha() and lower not in _SMALL_WORDS and lower not in _COMMON_SHORT
            and lower not in _HYPHEN_PREFIXES)


_HYPHEN_PREFIXES = {"re", "ex", "co", "de", "bi", "mr", "ms", "dr"}


def _capitalise(word: str) -> str:
    """Upper-case the first letter (after any quote mark or bracket), lower-case the rest."""
    lead = len(word) - len(word.lstrip("\"'([“‘"))
    return word[:lead] + word[lead:lead + 1].upper() + word[lead + 1:].lower()


_WIRE_UNITS = {"mln", "bln", "pct", "dlrs", "dlr", "stg", "bpd", "cts", "yen"}
# Short words of headlines that are words, not abbreviations.
_COMMON_SHORT = {"say", "says", "set", "see", "cut", "cuts", "buy", "buys", "new", "hit", "hits", "ups", "net", "key",
                 "ban", "bid", "end", "oil", "tin", "tax", "due", "low", "top", "off", "out", "two", "six", "ten",
                 "one", "get", "may", "has", "not", "its", "but", "all", "big", "raw", "won", "rise", "aid", "pay", "sea", "war", "gas", "job", "jobs", "law", "air", "car", "son", "eye", "is", "be", "it", "he", "we", "no", "so", "if", "do", "go"}


# -- titles from the document itself ---------------------------------------------------------------
# A document's own title (the .docx or PDF metadata title, the HTML <title>, a first heading or headline) is
# preferred to its file name; a sidecar's "title" wins over both. A candidate is refused when it names nothing:
# a file name ("Microsoft Word - memo.docx"), a placeholder ("Untitled", "Document1"), a label or boilerplate
# ("CONFIDENTIAL", "Executive summary", "To: trade team"), a date or a wire dateline ("TOKYO, March 3 -"),
# or a photo caption with its credit.

TITLE_MAX_CHARS = 100  # longer titles are cut at a word and end with "…"
# A first line longer than this, or of more words, is body text rather than a heading.
_HEADING_MAX_CHARS = 150
_HEADING_MAX_WORDS = 20
# How many leading lines (PDF) or paragraphs (.docx, HTML, text) may be passed over as labels or boilerplate.
_HEADING_LOOKAHEAD = 6

_BOILERPLATE_TITLES = {
    "untitled", "untitled document", "new document", "document", "title", "no title", "home", "home page", "index",
    "welcome", "confidential", "strictly confidential", "highly confidential", "draft", "final", "final draft",
    "internal", "internal use only", "for internal use only", "restricted", "official use only", "not for distribution",
    "memo", "memorandum", "briefing", "briefing note", "note", "notes", "note to file", "minutes", "agenda",
    "press release", "news release", "for immediate release", "embargoed", "report", "contents", "table of contents",
    "abstract", "summary", "executive summary", "introduction", "background", "overview", "conclusion",
    "conclusions", "appendix", "annex", "presentation", "powerpoint presentation", "slide", "word document",
    "microsoft word", "pdf", "page", "print", "error", "not found", "404 not found", "page not found",
    "access denied", "login", "log in", "sign in", "subscribe", "cookies", "cookie settings", "menu", "search",
}
_PLACEHOLDER = re.compile(r"^(?:document|untitled|slide|page|draft|version|v)\s*[-_]?\s*\d*(?:\s+of\s+\d+)?$", re.I)
_FILE_NAME = re.compile(r"^[\w .()\-–]+\.(?:docx?|pdf|txt|md|html?|rtf|odt|pptx?|xlsx?|dotx?|pages|indd|tex)$", re.I)
_APP_PREFIX = re.compile(r"^microsoft\s+(?:word|powerpoint|excel)\s*[-–—:]\s*", re.I)
# Header lines of a memo or a letter: "To:", "From:", "Date:", "CC:".
_FIELD_LABEL = re.compile(r"^(?:to|from|date|dated|cc|bcc|attn|attention|sent|author|authors|by|prepared by|"
                          r"classification|ref|reference|our ref|your ref|file|tel|phone|fax|e-?mail|page)\s*[:.]", re.I)
# A memo's subject line is its title: "Subject: EU–Mercosur state of play", "RE: ...".
_SUBJECT = re.compile(r"^(?:subject|subj|re|regarding|topic|title)\s*:\s*(.+)$", re.I)
_MONTHS = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
           "oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
# "TOKYO, March 3 -", "WASHINGTON, April 16 (Reuters) -", "BRUSSELS (Reuters) -", "Brussels, 16 April 2025": a place
# of one to three capitalised words, then a date and nothing more than a year or a dash, or an agency in brackets.
# "OPEC meets in Vienna, June 25" is a title, not a dateline.
_DATELINE = re.compile(rf"^(?:[A-Z][A-Za-z.'/-]*\s?){{1,3}}(?:,\s*(?i:(?:{_MONTHS})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTHS}))"
                       r"\b(?:,?\s*\d{4})?\s*(?:$|[-–—(:])|\s*\((?:Reuters|AP|AFP|Bloomberg|dpa|Xinhua|Kyodo|Yonhap)\))")
_DATE_WORDS = re.compile(rf"^(?:{_MONTHS}|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|"
                         r"fri(?:day)?|sat(?:urday)?|sun(?:day)?|st|nd|rd|th|of|the|am|pm|utc|gmt|updated|published|"
                         r"posted|last|modified|as|at|on)$", re.I)
# A picture's caption carries its credit: "... Shigeru Ishiba./AFP-Reuters-Yonhap", "Photo: Reuters".
_PHOTO_CREDIT = re.compile(r"/\s*(?:AFP|Reuters|AP|Getty|Yonhap|Xinhua|EPA|Bloomberg|Kyodo)\b|\b(?:photo|photograph|"
                           r"picture|image|file photo|credit)\s*:|\bGetty Images\b|©", re.I)
# A title may end with a full stop when it is an abbreviation's: "... PRESSURING U.S."
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
# Words a heading does not end with, but a line of wrapped prose often does.
_CONNECTIVES = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "over", "the", "to",
                "with", "that", "which", "who", "is", "are", "was", "were", "be", "its", "their", "his", "her", "but"}


def usable_title(candidate: str | None) -> str | None:
    """`candidate` with its white space tidied when it can serve as a title, else None.

    None for what names nothing: no letters, a file name or an application's placeholder, boilerplate and
    section labels, memo fields, a date or a dateline, a photo caption. A memo's "Subject: X" gives X.
    """
    if not candidate:
        return None
    text = " ".join(candidate.split()).strip(" \t#*_=|•·-–—")
    if subject := _SUBJECT.match(text):
        text = subject.group(1).strip(" #*_=|•·-–—")
    text = _APP_PREFIX.sub("", text)  # "Microsoft Word - eu-mercosur-memo.docx"
    if not text or sum(c.isalpha() for c in text) < 3:
        return None
    key = " ".join(re.sub(r"[^\w ]+", " ", text.lower()).split())
    key = re.sub(r"^(?:\d+ )+", "", key)  # a section number: "1. Introduction"
    if (key in _BOILERPLATE_TITLES or _PLACEHOLDER.match(key) or _FILE_NAME.match(text) or _FIELD_LABEL.match(text)
            or _DATELINE.match(text) or _PHOTO_CREDIT.search(text) or _is_date(text)):
        return None
    return text


def _is_date(text: str) -> bool:
    """"16 April 2025", "Wednesday, April 16, 2025", "Updated: 2025-04-16 09:30": dates and nothing else."""
    words = re.findall(r"[A-Za-z]+", text)
    return bool(re.search(r"\d", text)) and all(_DATE_WORDS.match(w) for w in words)


def _trimmed(title: str) -> str:
    """At most TITLE_MAX_CHARS characters, cut at a word boundary and ended with "…"."""
    title = " ".join(title.split())
    if len(title) <= TITLE_MAX_CHARS:
        return title
    cut = title[:TITLE_MAX_CHARS]
    if " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—(/") + "…"


def _heading(lines: list[str], wrapped: bool = False) -> str | None:
    """The title among a document's first lines: the first usable one that reads as a heading, not prose.

    Each of `lines` is a whole paragraph, unless `wrapped` (a PDF's layout lines), where a line that runs on into
    the next one (it ends with "of", or the next line starts in lower case) is prose, not a heading. Labels,
    dates and boilerplate before the heading are passed over; the first line of prose ends the search.
    """
    lines = [line.strip() for line in lines if line.strip()]
    for i, line in enumerate(lines[:_HEADING_LOOKAHEAD]):
        title = usable_title(line)
        if title is None:
            continue
        if _SUBJECT.match(" ".join(line.split()).strip(" #*_")):
            return title
        words = title.split()
        if (len(line) > _HEADING_MAX_CHARS or len(words) > _HEADING_MAX_WORDS or title[0].islower()
                or (title.endswith((".", ",", ";", ":")) and not _ABBREVIATION.search(title))):
            return None  # body text: no heading above it
        if wrapped and (words[-1].lower() in _CONNECTIVES or (i + 1 < len(lines) and lines[i + 1][:1].islower())):
            return None
        return title
    return None


def _headline(text: str) -> str | None:
    """A plain-text document's heading: a line standing alone (a blank line after it) at the top, passing over
    labels and boilerplate; or a first line in capitals, as a wire headline is, even without the blank line."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    candidates = []
    for k, paragraph in enumerate(paragraphs[:_HEADING_LOOKAHEAD]):
        first, *rest = paragraph.split("\n")
        if (rest and not _in_capitals(first)) or (not rest and k == len(paragraphs) - 1):
            break  # prose, or the last line with nothing after it: no heading above
        candidates.append(first)
    return _heading(candidates)


def _in_capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters)


def _markdown_title(text: str) -> str | None:
    """The first "# heading" (or a heading underlined with "===") that is usable."""
    for match in re.finditer(r"^#\s+(.+?)\s*#*\s*$|^(\S.*)\n=+\s*$", text, re.MULTILINE):
        if title := usable_title(match.group(1) or match.group(2)):
            return title
    return None


def _title_from_name(path: Path) -> str:
    """The file name as words, first letter up: "eu-mercosur_memo.docx" -> "Eu mercosur memo"."""
    words = re.sub(r"[-_]+", " ", path.stem).strip()
    return (words[:1].upper() + words[1:]) if words else path.name


def _read_html(data: bytes) -> tuple[str | None, str]:
    """Main text only: trafilatura drops navigation, footers and other boilerplate."""
    import trafilatura

    html = decode_text(data)
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True)
    if not text:
        raise DocumentError("no main text found in the HTML page")
    meta = trafilatura.extract_metadata(html)  # the <title> (or og:title), less a site name; else the first <h1>
    title = usable_title(meta.title if meta else None) or _heading(text.split("\n"))
    return title, text


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
    title = usable_title(title if isinstance(title, str) else None)
    if title is None:  # no metadata title, or "Microsoft Word - memo.docx": the first page's heading
        first = pages[0]
        title = _heading("".join(parts)[first.start:first.end].split("\n"), wrapped=True)
    return title, "".join(parts), pages


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

    top: list[tuple[str, str]] = []  # (text, style name) of the first paragraphs, for the title
    for p in doc.paragraphs:
        if text := p.text.strip():
            keep(text)
            if len(top) < _DOCX_TITLE_PARAGRAPHS:
                top.append((text, _style_name(p)))
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                keep(" | ".join(cells))
    return _docx_title(doc.core_properties.title, top), "\n\n".join(blocks)


# A .docx title paragraph or first heading is looked for among this many first paragraphs.
_DOCX_TITLE_PARAGRAPHS = 20


def _style_name(paragraph) -> str:
    try:
        return (paragraph.style.name or "") if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):  # a style id the styles part does not define
        return ""


def _docx_title(core_title: str | None, top: list[tuple[str, str]]) -> str | None:
    """The core-properties title; else a paragraph in the Title style; else the first usable heading of level 1
    or 2; else a heading-like first paragraph."""
    if title := usable_title(core_title):
        return title
    for wanted in (("Title",), ("Heading 1", "Heading 2")):
        for text, style in top:
            if style in wanted and (title := usable_title(text)):
                return title
    return _heading([text for text, _ in top[:_HEADING_LOOKAHEAD]])


def _w(tag: str) -> str:
    """A WordprocessingML tag in Clark notation, `{namespace}p`."""
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag
