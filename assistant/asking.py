"""The `Assistant`: the one code path that answers, whether the question comes from the CLI, the web app or the
evaluation. composition.py builds it with the other parts of the app.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Protocol

from assistant.casing import restore_case, typed_in_lower_case
from assistant.chunk_table import ChunkTable
from assistant.answering import TYPED_ANSWERS, ExtractiveAnswerer
from assistant.follow_ups import Turn, condense
from assistant.spelling import corrected, corrections, unknown_words
from assistant.embedding import MiniLMEmbedding
from assistant.questions import looks_non_english
from assistant.documents import file_fingerprint, load_document
from assistant.errors import DocumentError, DocumentNotFoundError, QuestionError
from assistant.answers import Answer
from assistant.retrieval import Retriever
from assistant.settings import Settings
from assistant.store import IndexStore

MAX_QUESTION_CHARS = 2000
ENGLISH_NOTE = "The documents are searched in English; a question in English finds more."


def _noted(question: str, turn: Turn, answer: Answer) -> Answer:
    """The answer with the turn's notes (a spelling read otherwise), and ENGLISH_NOTE when the question is not in
    English: the index and the question rules are English, so such a question is often abstained on, and the user
    should learn why."""
    answer.notes = [*turn.notes, *(n for n in answer.notes if n not in turn.notes)]
    if looks_non_english(question) and ENGLISH_NOTE not in answer.notes:
        answer.notes = [*answer.notes, ENGLISH_NOTE]
    return answer


class Answerer(Protocol):
    """Answers a condensed turn from the documents (all of them, or the listed doc_ids)."""

    def answer(self, turn: Turn, documents: list[str] | None = None) -> Answer: ...


class StreamingAnswerer(Answerer, Protocol):
    """An answerer whose text arrives in pieces (an LLM's): deltas first, then the checked `Answer`, always last."""

    def stream(self, turn: Turn, documents: list[str] | None = None) -> Iterator[str | Answer]: ...


class Assistant:
    """The single code path that answers: CLI, API and evaluation call `ask`; the chat page calls `ask_stream`,
    the same answer preceded by an LLM's text as it arrives."""

    def __init__(self, settings: Settings, store: IndexStore | None = None, embedder: MiniLMEmbedding | None = None):
        self.settings = settings
        self.store = store or IndexStore.open_built(settings.index)
        self.embedder = embedder or MiniLMEmbedding(embed_batch_size=settings.index.embed_batch_size,
                                                    device=settings.index.device)
        self.retriever = Retriever(self.store, self.embedder, settings.retrieval)
        self.extractive = ExtractiveAnswerer(self.retriever, settings.answer)
        self.writer: StreamingAnswerer | None = None  # the optional LLM; the extractive answer is its fallback
        if settings.llm.mode != "none":
            from assistant.llm import build_llm
            from assistant.llm_answering import LLMAnswerer

            self.writer = LLMAnswerer(self.extractive, build_llm(settings.llm), settings.llm)
        self.answerer: Answerer = self.writer or self.extractive
        self._earlier_cached = functools.lru_cache(maxsize=256)(self._earlier_in)  # this instance's, freed with it
        self._recased_cached = functools.lru_cache(maxsize=256)(self._recased_in)
        self._spelling_cached = functools.lru_cache(maxsize=256)(self._spelling_in)

    def ask(self, question: str, history: list[str] | tuple[str, ...] = (),
            documents: list[str] | None = None, since: str | None = None, until: str | None = None) -> Answer:
        """Answer one question (earlier user turns in `history`, oldest first), optionally only from the
        listed documents and from documents dated between `since` and `until` (YYYY-MM-DD, inclusive)."""
        started = time.perf_counter()
        turn, documents = self._turn(question, history, documents, since, until)
        answer = self.answerer.answer(turn, documents)
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return _noted(question, turn, answer)

    def ask_stream(self, question: str, history: list[str] | tuple[str, ...] = (),
                   documents: list[str] | None = None, since: str | None = None,
                   until: str | None = None) -> Iterator[str | Answer]:
        """`ask` for a chat window: an LLM's text deltas as they arrive, then the checked `Answer` (always last).

        The extractive answerer has no deltas: its Answer is the only item. Bad input raises at the first `next`.
        """
        started = time.perf_counter()
        turn, documents = self._turn(question, history, documents, since, until)
        events = self.writer.stream(turn, documents) if self.writer else [self.extractive.answer(turn, documents)]
        for event in events:
            if isinstance(event, Answer):
                event.latency_ms = (time.perf_counter() - started) * 1000
                event = _noted(question, turn, event)
            yield event

    def _turn(self, question, history, documents, since, until) -> tuple[Turn, list[str] | None]:
        """The checked question with its history condensed, and the document filter (None: every document)."""
        question = (question or "").strip()
        if not question:
            raise QuestionError("the question is empty: type a question about the documents")
        if len(question) > MAX_QUESTION_CHARS:
            raise QuestionError(
                f"the question is {len(question):,} characters long; keep it under {MAX_QUESTION_CHARS:,}")
        table = self.retriever.table()  # read once for the turn (each read syncs with the store)
        history = [self._cased(h[:MAX_QUESTION_CHARS], table.generation) for h in history if h and h.strip()]
        history = [corrected(h, self._spelling(h, table)) for h in history]  # as they were read when asked
        question = self._cased(question, table.generation)
        fixes = self._spelling(question, table)
        question = corrected(question, fixes)

        def recall(asked: str, before: list[str]) -> str:
            """The name the answer to an earlier question gave ("Akazawa" for "Who is Japan's chief negotiator?"),
            so a follow-up's "he" can mean it; "" when that answer gave no name."""
            asks_name = condense(asked, before).answer_type in ("person", "name")
            return self._earlier_answer(asked, tuple(before), table.generation)[0] if asks_name else ""

        turn = condense(question, history, recall=recall)
        turn.notes = [f"Read '{typed}' as '{fix}', as the documents spell it." for typed, fix in fixes.items()]
        if turn.follows:
            value, turn.earlier_document = self._earlier_answer(history[-1], tuple(history[:-1]), table.generation)
            if turn.asks_another and turn.answer_type in TYPED_ANSWERS:
                turn.earlier_value = value.lower()
        return turn, self._within(documents, since, until) or None

    def _cased(self, question: str, generation: str) -> str:
        """The question as the answerer reads questions: ending in a question mark ("what was the rate" is asked as
        "what was the rate?"), and, typed all in lower case, with the capitals the documents give its names
        (`casing`: one more search, for such questions only)."""
        question = question.strip()
        if question and question[-1] not in "?.!":
            question += "?"
        if not typed_in_lower_case(question):
            return question
        # per index generation: a chat's earlier questions come back with every turn
        return self._recased_cached(question, generation)

    def _spelling(self, question: str, table: ChunkTable) -> dict[str, str]:
        """The question's misspelt words and their spelling in the documents (`spelling`): one more search, only for a
        question with a word no document of `table` holds."""
        unknown = unknown_words(question, table.doc_freq.__contains__)
        return self._spelling_cached(question, tuple(unknown), table.generation) if unknown else {}

    def _spelling_in(self, question: str, unknown: tuple[str, ...], generation: str) -> dict[str, str]:
        return corrections(list(unknown), [p.text for p in self.retriever.retrieve(question)])

    def _recased_in(self, question: str, generation: str) -> str:
        passages = self.retriever.retrieve(question)
        return restore_case(question, [p.text for p in passages])  # (titles are in title case: no evidence)

    def _earlier_answer(self, question: str, history: tuple[str, ...], generation: str) -> tuple[str, str]:
        """The value the extractive answer to an earlier question led with and the document it quoted; "" for
        either when it abstained or gave none. Kept per index generation: in a chat the earlier question was just
        asked, and its follow-ups should not pay for it again."""
        return self._earlier_cached(question, history, generation)

    def _earlier_in(self, question: str, history: tuple[str, ...], generation: str) -> tuple[str, str]:
        answer = self.extractive.answer(condense(question, list(history)))
        if answer.abstained:
            return "", ""
        return answer.subject, answer.citations[0].doc_id if answer.citations else ""

    def _within(self, documents: list[str] | None, since: str | None, until: str | None) -> list[str] | None:
        """The document filter, its doc_ids checked, with the date range applied; undated documents drop out of a
        date filter. The manifest is read once for both."""
        if not documents and not since and not until:
            return documents
        records = self.store.documents()
        unknown = [d for d in documents or [] if d not in records]
        if unknown:
            raise QuestionError(f"unknown document{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)} "
                                "(use doc_ids as the documents list and citations give them)")
        if not since and not until:
            return documents
        try:
            low = date.fromisoformat(since).isoformat() if since else "0000-01-01"
            high = date.fromisoformat(until).isoformat() if until else "9999-12-31"
        except ValueError as exc:
            raise QuestionError(f"dates must look like 2025-04-16 (got since={since!r}, until={until!r})") from exc
        dated = [r.doc_id for r in records.values() if r.date and low <= r.date <= high]
        chosen = [d for d in dated if not documents or d in documents]
        if not chosen:
            raise QuestionError(f"no indexed document is dated between {since or 'the start'} and {until or 'now'}"
                                " (dates come from the metadata sidecar's \"date\")")
        return chosen

    def documents(self) -> list[dict]:
        """The indexed documents, for the UI's list and filter."""
        records = self.store.documents().values()
        return [dict(vars(r)) for r in sorted(records, key=lambda r: r.doc_id)]

    def document(self, doc_id: str) -> dict:
        """`{"doc_id", "title", "date", "text"}` of an indexed document: `text` is what the indexer extracted, so a
        citation's `start`/`end` index into it. DocumentNotFoundError for a doc_id that is not indexed, whose file
        is gone or would lie outside the corpus folder; DocumentError when the file changed since it was indexed
        (the offsets would point into another text) or can no longer be read."""
        record = self.store.documents().get(doc_id)
        corpus = Path(self.settings.index.corpus_dir)
        root, path = os.path.abspath(corpus), os.path.abspath(corpus / doc_id)
        if record is None or "\x00" in doc_id or not path.startswith(root + os.sep):
            raise DocumentNotFoundError(f"no indexed document {doc_id!r}")
        try:
            if file_fingerprint(Path(path))[0] != record.content_hash:
                raise DocumentError(f"{doc_id} changed since it was indexed: rebuild the index to read it")
            document = load_document(Path(path), corpus, max_file_mb=self.settings.index.max_file_mb)
        except FileNotFoundError:
            raise DocumentNotFoundError(f"{doc_id} is no longer in the corpus folder") from None
        except OSError as exc:
            raise DocumentError(f"{doc_id}: cannot read the file ({exc.strerror or type(exc).__name__})") from None
        return {"doc_id": doc_id, "title": record.title, "date": record.date or None, "text": document.text}

    def health(self) -> dict:
        records = self.store.documents()
        return {"status": "ok", "documents": len(records), "chunks": sum(r.chunks for r in records.values())}
