"""The scoring rules of docs/contract.md ("Scoring"), in one place so the eval command, the UI and checks agree.

Choices the contract leaves open, fixed here:
- Punctuation is every character of Unicode category P* plus the ASCII symbols of `string.punctuation`,
  except `%`. Spaces before a `%` are dropped, so "24 percent", "24 %" and "24%" all read "24%".
- Containment is plain substring containment of the normalized texts, as the contract words it.
- Words (for the 60-word limit) are the whitespace-separated tokens of the answer after citation markers
  are stripped and NFKC is applied, counting only tokens with a letter or digit: "U.S." is one word and
  a lone dash is none.
- A metric whose denominator is 0 (e.g. abstention_accuracy of a suite without unanswerable items) is
  None: "not measured" is not the same as 0.
- Percentiles interpolate linearly between the nearest ranks (numpy's default).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import numpy as np

from assistant.answers import Answer, Passage
from assistant.scoring_text import normalize, strip_markers

if TYPE_CHECKING:
    from assistant.evaluation.suite import SuiteItem

MAX_WORDS = 60
RANK_CUTOFF = 10
SUMMARY_KEYS = (
    "n", "answer_accuracy", "abstention_accuracy", "overall_accuracy", "hit_at_1", "hit_at_5",
    "mrr", "citation_precision", "p50_ms", "p95_ms",
)
ITEM_KEYS = ("id", "question", "answer", "abstained", "correct", "gold_rank", "latency_ms")


def word_count(text: str) -> int:
    """Words of an answer as the 60-word rule counts them (see the module docstring)."""
    tokens = unicodedata.normalize("NFKC", strip_markers(text)).split()
    return sum(1 for t in tokens if any(ch.isalnum() for ch in t))


def source_matches(source: str, doc_id: str) -> bool:
    """True when `doc_id` is the suite's `source`; a source without extension matches any extension."""
    source, doc_id = _clean_path(source), _clean_path(doc_id)
    return doc_id == source or str(PurePosixPath(doc_id).with_suffix("")) == source


def _clean_path(path: str) -> str:
    path = path.strip().replace("\\", "/")
    return path[2:] if path.startswith("./") else path


def is_gold(doc_id: str, sources: Iterable[str]) -> bool:
    return any(source_matches(s, doc_id) for s in sources)


def is_correct(item: SuiteItem, answer: Answer) -> bool:
    """The contract's correctness: abstaining is right exactly when the item is unanswerable."""
    if not item.answerable:
        return answer.abstained
    if answer.abstained:
        return False
    text = normalize(answer.answer)
    if item.answers and not any(normalize(a) in text for a in item.answers):
        return False
    if not all(normalize(m) in text for m in item.must_include):
        return False
    return word_count(answer.answer) <= MAX_WORDS


def gold_rank(item: SuiteItem, retrieved: Sequence[Passage], cutoff: int = RANK_CUTOFF) -> int | None:
    """1-based rank of the first passage from a gold source within the first `cutoff`; None if none."""
    for rank, passage in enumerate(retrieved[:cutoff], start=1):
        if is_gold(passage.doc_id, item.sources):
            return rank
    return None


def citation_correct(item: SuiteItem, answer: Answer) -> bool | None:
    """Whether the first citation is right; None when the item does not count (unanswerable, or abstained)."""
    if not item.answerable or answer.abstained:
        return None
    if not answer.citations:
        return False
    first = answer.citations[0]
    if item.sources:
        return is_gold(first.doc_id, item.sources)
    cited = normalize(first.text)
    if item.answers:
        return any(normalize(a) in cited for a in item.answers)
    return bool(item.must_include) and all(normalize(m) in cited for m in item.must_include)


@dataclass
class ItemResult:
    """One scored question: the contract's item record plus what the human reports show beside it."""

    id: str
    question: str
    answer: str
    abstained: bool
    correct: bool
    gold_rank: int | None
    latency_ms: float
    answerable: bool = True
    category: str | None = None
    expected: tuple[str, ...] = ()
    must_include: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    history: tuple[str, ...] = ()
    cited_doc: str | None = None
    citation_correct: bool | None = None
    error: str | None = None

    def to_contract(self) -> dict:
        """Exactly the keys of the contract's `items[]` (docs/contract.md)."""
        return {
            "id": self.id, "question": self.question, "answer": self.answer, "abstained": self.abstained,
            "correct": self.correct, "gold_rank": self.gold_rank, "latency_ms": round(self.latency_ms, 2),
        }


def score_item(item: SuiteItem, answer: Answer, latency_ms: float) -> ItemResult:
    """Apply every rule to one answer."""
    return ItemResult(
        id=item.id, question=item.question, answer=answer.answer, abstained=answer.abstained,
        correct=is_correct(item, answer), gold_rank=gold_rank(item, answer.retrieved), latency_ms=latency_ms,
        answerable=item.answerable, category=item.category, expected=item.answers,
        must_include=item.must_include, sources=item.sources, history=item.history,
        cited_doc=answer.citations[0].doc_id if answer.citations else None,
        citation_correct=citation_correct(item, answer),
    )


def failed_item(item: SuiteItem, error: str, latency_ms: float) -> ItemResult:
    """The record of a question whose `ask` raised: wrong, and the error kept for the report."""
    return ItemResult(
        id=item.id, question=item.question, answer="", abstained=False, correct=False, gold_rank=None,
        latency_ms=latency_ms, answerable=item.answerable, category=item.category, expected=item.answers,
        must_include=item.must_include, sources=item.sources, history=item.history,
        citation_correct=False if item.answerable else None, error=error,
    )


def _ratio(hits: int | float, total: int) -> float | None:
    return hits / total if total else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default method), q in [0, 100]; None for no values."""
    if not values:
        return None
    return float(np.percentile(values, q))


def summarize(results: Sequence[ItemResult]) -> dict:
    """The contract's `summary`: exactly SUMMARY_KEYS; None where the denominator is 0."""
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    ranked = [r for r in answerable if r.sources]
    answered = [r for r in answerable if not r.abstained]
    latencies = [r.latency_ms for r in results]
    return {
        "n": len(results),
        "answer_accuracy": _ratio(sum(r.correct for r in answerable), len(answerable)),
        "abstention_accuracy": _ratio(sum(r.correct for r in unanswerable), len(unanswerable)),
        "overall_accuracy": _ratio(sum(r.correct for r in results), len(results)),
        "hit_at_1": _ratio(sum(r.gold_rank == 1 for r in ranked), len(ranked)),
        "hit_at_5": _ratio(sum(r.gold_rank is not None and r.gold_rank <= 5 for r in ranked), len(ranked)),
        "mrr": _ratio(sum(1 / r.gold_rank for r in ranked if r.gold_rank), len(ranked)),
        "citation_precision": _ratio(sum(bool(r.citation_correct) for r in answered), len(answered)),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
    }


UNCATEGORIZED = "uncategorized"


def summarize_by_category(results: Sequence[ItemResult]) -> dict[str, dict]:
    """`summarize` per item category (items without one under "uncategorized"), categories sorted."""
    groups: dict[str, list[ItemResult]] = {}
    for r in results:
        groups.setdefault(r.category or UNCATEGORIZED, []).append(r)
    return {name: summarize(groups[name]) for name in sorted(groups)}
