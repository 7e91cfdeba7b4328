"""The text normalization of the scoring rules (docs/contract.md, "Scoring"): citation markers stripped, NFKC, lower
case, "per cent" read as "%", punctuation as spaces. The scorer compares answers in it, and the answerer keeps its
answers within the word limit however they are counted (assistant/answering.py): one definition for both, in a
module light enough for the answerer to import.
"""

from __future__ import annotations

import re
import string
import unicodedata

_MARKER = re.compile(r"\[\d+(?:\s*,\s*\d+)*\]")
_PERCENT = re.compile(r"(?<![a-z])per\s*cent\b")
_SPACES = re.compile(r"\s+")
_ASCII_SYMBOLS = frozenset(string.punctuation) - {"%"}


def strip_markers(text: str) -> str:
    """Remove citation markers such as `[1]` or `[1, 2]`."""
    return _MARKER.sub(" ", text)


def _is_punctuation(ch: str) -> bool:
    return ch != "%" and (ch in _ASCII_SYMBOLS or unicodedata.category(ch).startswith("P"))


def normalize(text: str) -> str:
    """Markers stripped, NFKC, lower case, per cent -> %, punctuation -> spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKC", strip_markers(text)).lower()
    text = _PERCENT.sub("%", text)
    text = "".join(" " if _is_punctuation(ch) else ch for ch in text)
    text = _SPACES.sub(" ", text).strip()
    return text.replace(" %", "%")
