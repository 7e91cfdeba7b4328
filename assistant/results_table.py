"""Which row of a company's results table a question asks for.

The wire prints a company's results as a table under its headline, one item a row, each period a section:

    CITIZENS AND SOUTHERN CORP <CSOU.O> 3RD QTR NET
        Shr 75 cts vs 67 cts
        Qtly div 28 cts vs 25 cts prior
        Net 46.8 mln vs 39.8 mln
        Nine mths
        Net 108.3 mln vs 114.7 mln

A row shares almost no words with the question that asks for it ("What was Citizens and Southern's net income for
the nine months?"), so word overlap ranks it low. Read as a table, it is the answer: the row whose label is the
asked item ("Net" for net income, "Revs" for revenues), in the section of the asked period. This module reads the
item a question asks for and whether a row's label gives it; the period is read by `questions.reporting_period`.
"""

from __future__ import annotations

import re

# What a question may ask of a results table, and the labels of the rows that give it. Per-share figures are read
# first ("net income per share" asks the share's), then dividends, average shares, and last the company's totals.
_ITEMS = (
    ("share", re.compile(r"\b(?:per|a)\s+share\b|\bshr\b|\beps\b", re.IGNORECASE),
     re.compile(r"^\s*shr\b", re.IGNORECASE)),
    ("dividend", re.compile(r"\bdiv(?:idend)?s?\b", re.IGNORECASE),
     re.compile(r"^\s*(?:(?:qtly|quarterly|semi-?annual|annual|regular)\s+)?div(?:idend)?s?\b", re.IGNORECASE)),
    ("average shares", re.compile(r"\baverage\s+(?:number\s+of\s+)?shares\b|\bshares\s+outstanding\b", re.IGNORECASE),
     re.compile(r"^\s*avg\s+shrs\b", re.IGNORECASE)),
    ("revenues", re.compile(r"\b(?:revenues?|revs|sales|turnover)\b", re.IGNORECASE),
     re.compile(r"^\s*(?:total\s+|net\s+)?(?:revs|revenues?|sales|turnover)\b", re.IGNORECASE)),
    ("net", re.compile(r"\bnet\b|\b(?:profit|earnings|income|loss)\b", re.IGNORECASE),
     re.compile(r"^\s*net\s*(?:(?:income|profit|earnings|loss)\s*)?(?=[\d$(]|vs\b|loss\b|profit\b)", re.IGNORECASE)),
)
# Items a table row does not tell apart from the plain one: an operating or pre-tax result, a per-share loss of a
# continuing business, a figure "excluding" something. A question naming one is left to the sentence scorer.
_QUALIFIED = re.compile(r"\b(?:operating|oper|pre-?tax|before\s+tax(?:es)?|continuing|extraordinary|gross|"
                        r"excluding|backlog|orders)\b", re.IGNORECASE)


def asked_item(question: str) -> str | None:
    """The results-table item a question asks for ("revenues", "net", "share", "dividend", "average shares"), or
    None when it names none, or one qualified in a way a row's label cannot show ("operating profit")."""
    if _QUALIFIED.search(question):
        return None
    return next((item for item, asked, _ in _ITEMS if asked.search(question)), None)


def gives_item(row: str, item: str) -> bool:
    """Does a results-table row ("Revs 27.3 mln vs 23.7 mln") give the item by its label?"""
    label = next(pattern for name, _, pattern in _ITEMS if name == item)
    return bool(label.match(row))
