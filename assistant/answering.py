"""Passages -> a short answer quoting the one sentence that answers, with citations, or an abstention.

Every sentence of the top passages is scored on what the question asks: its words (IDF-weighted), the
words borrowed from the conversation, a span of the asked type (a date for "when", a rate for "what
rate"), and the passage's dense similarity. Before answering, the evidence must cover the question's
entities: "What rate does China face?" is not answered from a sentence about Japan, however similar.
Deterministic: ties break on retrieval rank and position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.chat import Turn
from assistant.chunking import sentence_spans
from assistant.models import Answer, Citation, Passage
from assistant.questions import spans as typed_spans
from assistant.retrieval import Retriever, stopwords, terms
from assistant.settings import AnswerSettings

TYPED_KINDS = {"date", "percent", "count", "amount", "person", "name"}
_WORDS = re.compile(r"\S+")


@dataclass
class Candidate:
    passage: Passage
    rank: int
    start: int  # offsets in the document's extracted text
    end: int
    text: str
    window: str  # the sentence with its neighbours in the passage
    spans: list[tuple[int, int]]
    score: float = 0.0
    term_share: float = 0.0


class ExtractiveAnswerer:
    """The default answerer: no LLM, offline, deterministic."""

    def __init__(self, retriever: Retriever, settings: AnswerSettings | None = None):
        self.retriever = retriever
        self.settings = settings or AnswerSettings()

    def answer(self, turn: Turn, documents: list[str] | None = None) -> Answer:
        result = self.retriever.search(turn.query, documents)
        passages = result.passages
        candidates = self._candidates(turn, passages[: self.settings.passages])
        self._score(turn, candidates, result.dense_similarity)
        covered = [c for c in candidates if covers_entities(c.passage.text, turn.entities)]
        if turn.kind in TYPED_KINDS:
            covered = [c for c in covered if c.spans]
        best = max(covered, key=lambda c: (c.score, -c.rank, -c.start), default=None)
        if best is None or best.score < self.settings.min_confidence:
            return self._abstain(turn, passages, candidates, best)
        return Answer(question=turn.question, answer=self._compose(turn, best), abstained=False,
                      citations=[_cite(1, best)], retrieved=passages)

    # -- scoring ---------------------------------------------------------------------------
    def _candidates(self, turn: Turn, passages: list[Passage]) -> list[Candidate]:
        seen, out = set(), []
        asked = f"{turn.question} {turn.context}"
        for rank, passage in enumerate(passages):
            sentences = sentence_spans(passage.text)
            for i, (a, b) in enumerate(sentences):
                key = (passage.doc_id, passage.start + a)
                if key in seen:
                    continue
                seen.add(key)
                lo, hi = sentences[max(i - 1, 0)][0], sentences[min(i + 1, len(sentences) - 1)][1]
                text = passage.text[a:b]
                found = [s for s in typed_spans(turn.kind, text, asked) if text[s[0]:s[1]].lower() not in stopwords()]
                out.append(Candidate(passage, rank, passage.start + a, passage.start + b, text,
                                     passage.text[lo:hi], found))
        return out

    def _score(self, turn: Turn, candidates: list[Candidate], dense: dict[str, float]) -> None:
        s = self.settings
        own = set(terms(turn.question))
        borrowed = set(terms(turn.context)) - own
        idf = {t: self.retriever.idf(t) for t in own | borrowed}
        own_total = sum(idf[t] for t in own) or 1.0
        borrowed_total = sum(idf[t] for t in borrowed) or 1.0
        for c in candidates:
            sentence_terms, window_terms = set(terms(c.text)), set(terms(c.window))
            c.term_share = sum(idf[t] for t in own & sentence_terms) / own_total
            context_share = sum(idf[t] for t in own & window_terms) / own_total
            history_share = sum(idf[t] for t in borrowed & sentence_terms) / borrowed_total if borrowed else 0.0
            type_ok = 1.0 if (c.spans or turn.kind not in TYPED_KINDS) else 0.0
            c.score = (s.weight_sentence_terms * c.term_share + s.weight_context_terms * context_share
                       + s.weight_history_terms * history_share + s.weight_type * type_ok
                       + s.weight_dense * max(dense.get(c.passage.chunk_id, 0.0), 0.0))
            if not borrowed:  # keep scores comparable with and without a conversation
                c.score /= 1.0 - s.weight_history_terms

    # -- output ----------------------------------------------------------------------------
    def _compose(self, turn: Turn, best: Candidate) -> str:
        lead = ""
        if best.spans:
            a, b = _closest_span(best, turn)
            lead = f"**{best.text[a:b]}** — "
        budget = self.settings.max_words - len(_WORDS.findall(lead)) - 1
        return f"{lead}{_trim(best, budget)} [1]"

    def _abstain(self, turn: Turn, passages, candidates: list[Candidate], best: Candidate | None) -> Answer:
        missing = [e for e in turn.entities if not any(covers_entities(p.text, [e]) for p in passages)]
        if missing:
            reason = f"the documents do not mention {', '.join(missing)}"
        elif turn.kind in TYPED_KINDS and best is None:
            reason = f"no passage states the {_KIND_WORDS[turn.kind]} asked for"
        else:
            reason = "no passage answers this question"
        related, seen_docs = [], set()
        by_passage = {}
        for c in sorted(candidates, key=lambda c: (-c.score, c.rank, c.start)):
            by_passage.setdefault(c.passage.chunk_id, c)
        for c in sorted(by_passage.values(), key=lambda c: (c.rank, c.start))[:3]:
            related.append(_cite(len(related) + 1, c))
            seen_docs.add(c.passage.doc_id)
        text = f"Not found in the documents: {reason}."
        if related:
            text += " The closest passages are listed as related reading."
        return Answer(question=turn.question, answer=text, abstained=True, citations=related, retrieved=passages)


_KIND_WORDS = {"date": "date", "percent": "rate", "count": "number", "amount": "amount", "person": "person",
               "name": "name"}


def covers_entities(text: str, entities: list[str]) -> bool:
    """Every entity appears in the text: a word may differ in its ending ("Korean" ~ "Korea"), and a
    multi-word name may appear as its initials ("United States" ~ "U.S.", "European Union" ~ "EU")."""
    lower = text.lower().replace("’", "'")
    for entity in entities:
        parts = [p.strip(".,'") for p in re.split(r"[\s-]+", entity.lower().replace("’", "'"))]
        parts = [p for p in parts if p]
        if all(re.search(r"(?<!\w)" + re.escape(p[: max(4, len(p) - 3)] if len(p) > 5 else p), lower) for p in parts):
            continue
        initials = "".join(p[0] for p in parts)
        if len(parts) > 1 and re.search(rf"(?<!\w)(?:{initials}|{'[.]'.join(initials)}[.]?)(?!\w)", lower):
            continue
        return False
    return True


def _closest_span(c: Candidate, turn: Turn) -> tuple[int, int]:
    """The typed span nearest the question's own words in the sentence (the rate next to "reciprocal")."""
    own = set(terms(turn.question))
    anchors = [m.start() for m in re.finditer(r"\w+", c.text) if set(terms(m.group())) & own]
    if not anchors:
        return c.spans[0]
    return min(c.spans, key=lambda s: (min(abs(s[0] - x) for x in anchors), s[0]))


def _trim(c: Candidate, budget: int) -> str:
    """The sentence, cut to `budget` words around its answer span when too long."""
    words = list(_WORDS.finditer(c.text))
    if len(words) <= budget:
        return c.text
    focus = c.spans[0][0] if c.spans else 0
    centre = next((i for i, w in enumerate(words) if w.end() > focus), 0)
    first = max(0, min(centre - budget // 3, len(words) - budget))
    chosen = words[first : first + budget]
    text = c.text[chosen[0].start() : chosen[-1].end()]
    return ("… " if first > 0 else "") + text + (" …" if first + budget < len(words) else "")


def _cite(n: int, c: Candidate) -> Citation:
    p = c.passage
    return Citation(n=n, doc_id=p.doc_id, title=p.title, text=p.text, start=c.start, end=c.end, page=p.page,
                    score=round(float(c.score), 4), quote=c.text)
