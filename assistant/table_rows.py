"""Rows of a plain-text table read with their column headers.

Wire copy sets small tables in columns under a header line, apart by spaces or by dots ("TANDIL......22"):

        MATURITY   NEW RATE    OLD RATE  MATURITY
        5-14 days  5.65 pct    5.60 pct     5-14 days

A row alone says nothing of which figure is the old rate. Read with the header above it, each cell under its
column's label ("MATURITY 5-14 days, NEW RATE 5.65 pct, OLD RATE 5.60 pct, MATURITY 5-14 days"), the row names
what it states, so it can be matched with a question ("What was the old rate?") and its figure picked by label.
"""

from __future__ import annotations

import re

_CELL = re.compile(r"\S+(?: \S+)*")  # a cell: words apart by single spaces; columns: two spaces or more
_NUMERAL = re.compile(r"\b[IVX]+\b")  # a roman numeral labels a column ("I  II  III"); search terms drop it
_WORDS_ONLY = re.compile(r"^[A-Za-z][A-Za-z./&'-]*(?: [A-Za-z][A-Za-z./&'-]*)*$")
_FIGURE = re.compile(r"[\d.,/-]*\d[\d.,/-]*|--|nil|n\.?a\.?", re.IGNORECASE)
_DOT_LEADER = re.compile(r"\.{2,}")  # "BUENOS AIRES.......24.......12": dots lead the eye along a row as spaces do
_LOOKS_BACK = 12  # header lines are found within this many lines above a row


def cells(line: str) -> list[tuple[int, int, str]]:
    """The cells of one line of a table: (first column, column after the last, text). Two figures one space apart
    are two cells ("   4.1 1,231.9"), a figure and its unit one ("5.65 pct")."""
    line = _DOT_LEADER.sub(lambda m: " " * len(m.group(0)), line)
    out = []
    for m in _CELL.finditer(line):
        start = m.start()
        for piece in _split_figures(m.group(0)):
            out.append((start, start + len(piece), piece))
            start += len(piece) + 1
    return out


def _split_figures(cell: str) -> list[str]:
    words = cell.split(" ")
    pieces, current = [], [words[0]]
    for word in words[1:]:
        if _FIGURE.fullmatch(word) and _FIGURE.fullmatch(current[-1]):
            pieces.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    return pieces + [" ".join(current)]


def _is_row(line: str) -> bool:
    return len(cells(line)) >= 2 and any(ch.isdigit() for ch in line)


def _is_header(line: str) -> bool:
    """Two labels or more, words or roman numerals, no figure: "MATURITY   NEW RATE", "I    II  III"."""
    found = cells(line)
    return len(found) >= 2 and all((_WORDS_ONLY.match(text) or _NUMERAL.fullmatch(text)) and not _FIGURE.fullmatch(text)
                                   for _, _, text in found) and not line.rstrip().endswith(".")


def _header_above(text: str, line_start: int) -> str | None:
    """The header line above the row that starts at `line_start`, over any rows between; None when prose, a blank
    line or the text's start comes first."""
    end = line_start - 1
    for _ in range(_LOOKS_BACK):
        if end < 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if not line.strip():
            return None
        if _is_header(line):
            return line
        if not _is_row(line):
            return None
        end = start - 1
    return None


def _column(cell: tuple[int, int, str], header: list[tuple[int, int, str]]) -> str:
    """The label of the header column the cell stands under: the one it overlaps most, else the nearest; "" for
    the row's own name, left of every column ("Wheat" before "I  II  III")."""
    a, b, _ = cell
    if b <= header[0][0]:
        return ""

    def fit(label: tuple[int, int, str]) -> tuple[int, float]:
        overlap = min(b, label[1]) - max(a, label[0])
        return overlap, -abs((a + b) / 2 - (label[0] + label[1]) / 2)

    return max(header, key=fit)[2]


def read_row(text: str, start: int, end: int) -> str | None:
    """The table row that text[start:end] is, each cell after its column's label ("OLD RATE 5.60 pct"); None when
    that is no row of a table with a header line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start: len(text) if line_end < 0 else line_end]
    if "\n" in text[start:end] or ("  " not in line.strip() and ".." not in line) or not _is_row(line):
        return None  # (most sentences: prose, no columns)
    header = _header_above(text, line_start)
    if header is None:
        return None
    labels = cells(header)
    return ", ".join(f"{_column(cell, labels)} {cell[2]}".strip() for cell in cells(line))


def column_label(reading: str, span: tuple[int, int]) -> str:
    """The label a row's reading gives the cell at `span` ("OLD RATE" for "5.60 pct" in "..., OLD RATE 5.60 pct")."""
    return reading[reading.rfind(", ", 0, span[0]) + 2: span[0]] if ", " in reading[:span[0]] else reading[:span[0]]


_LABELLED_FIGURE = re.compile(r"(?:^|, )[A-Za-z][^,]*? (\d[\d,]*(?:\.\d+)?)(?=,|$)")


def bare_figures(reading: str) -> list[tuple[int, int]]:
    """The figures a row's reading gives alone under a label ("V 1,231.9", "MAX TEMP 24"): in a table the column
    says what they measure, which a sentence would say with a unit."""
    return [m.span(1) for m in _LABELLED_FIGURE.finditer(reading)]


def numerals_in(text: str) -> set[str]:
    """Roman numerals written as labels ("reserve number V"), which search terms drop as single letters."""
    return set(_NUMERAL.findall(text))
