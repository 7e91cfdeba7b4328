"""Plain data passed between the parts: passages found, citations given, answers returned.

Kept free of Chroma and LlamaIndex types so the CLI, the UI and the evaluation share one vocabulary.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Passage:
    """One indexed chunk as retrieval returns it; `start`/`end` locate it in the document's extracted text."""

    chunk_id: str
    doc_id: str
    title: str
    text: str
    start: int
    end: int
    page: int | None = None
    score: float = 0.0
    date: str = ""  # the document's date (YYYY-MM-DD) from its metadata, "" when unknown
    # One unit vector per sentence of `text` (in `sentence_spans` order), read in context at index time; or None.
    sentence_vectors: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Citation:
    """What an answer's marker `[n]` points at: the passage, and the offsets of the quoted sentence.

    `score` is the retrieval score of the cited passage (`Passage.score`), whichever answerer cites it: the one
    number every answerer has, so a card or a client reads it the same way for extractive, LLM and baseline
    answers. Higher ranks higher; compare it only within one answer (the assistant's is a fused rank score,
    about 0.01-0.1; the evaluation baseline's is a cosine). Build citations with `cite`.
    """

    n: int
    doc_id: str
    title: str
    text: str
    start: int
    end: int
    page: int | None
    score: float
    quote: str = ""  # the quoted sentence itself (text of start:end), for highlighting; not in the JSON contract
    date: str = ""  # the document's date, YYYY-MM-DD ("" when unknown; null in the JSON)

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("quote")
        data["date"] = self.date or None
        return data


def cite(n: int, passage: Passage, span: tuple[int, int] | None = None) -> Citation:
    """Citation `n` of `passage`, quoting `span` (offsets in `passage.text`; the whole passage when None).

    The one place citations are made, so that every answerer carries the passage's date and gives `score`
    the same meaning (the passage's retrieval score, see `Citation`).
    """
    a, b = span if span is not None else (0, len(passage.text))
    score = float(passage.score) if math.isfinite(passage.score) else 0.0
    return Citation(n=n, doc_id=passage.doc_id, title=passage.title, text=passage.text, start=passage.start + a,
                    end=passage.start + b, page=passage.page, score=round(score, 6), quote=passage.text[a:b],
                    date=passage.date)


@dataclass
class Answer:
    """The one result type of `Assistant.ask`; `to_dict` is the `ask --json` contract of docs/contract.md."""

    question: str
    answer: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    latency_ms: float = 0.0
    # Ranked passages behind the answer (for hit@k in the evaluation); not part of the JSON contract.
    retrieved: list[Passage] = field(default_factory=list, repr=False)
    # Visible remarks, e.g. "the LLM timed out; extractive answer shown".
    notes: list[str] = field(default_factory=list)
    # The span the answer leads with (a name, a date, a figure), "" when none; a later "he" or "it" may mean it.
    subject: str = ""
    # The extractive decision model's probability that the quoted sentence answers (None when no model decided,
    # e.g. an LLM answer); not in the JSON contract, whose keys are fixed.
    confidence: float | None = None
    # How sure the answer is, in words a reader takes in at a glance ("weak match — check the source"); "" on an
    # abstention. The answerer sets it, since only it knows what its score means.
    sureness: str = ""

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "latency_ms": round(self.latency_ms, 2),
        }
