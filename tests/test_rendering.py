"""The chat's HTML of an answer (assistant/web/rendering.py), without a browser."""

from __future__ import annotations

import re

from assistant.answers import Answer, Citation
from assistant.web.rendering import render_answer


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _related(n: int, score: float) -> Citation:
    return Citation(n=n, doc_id="memo.txt", title="Memo", text="Brazil was not discussed.", start=0, end=25,
                    page=None, score=score, quote="Brazil was not discussed.")


def test_an_abstention_reads_as_one_sentence_above_its_related_passages():
    """Issue 10.5: "Not found in the documents. they do not mention Brazil." was two sentences, one lowercase."""
    answer = Answer(question="What did Brazil say?", answer="Not found in the documents: they do not mention Brazil.",
                    abstained=True, citations=[_related(1, 0.4), _related(2, 0.2)])
    first_line = _plain(render_answer(answer).split('<div class="sources">')[0])
    assert first_line == "Not found in the documents: they do not mention Brazil.", first_line
    assert "Related passages" in render_answer(answer)


def test_an_llm_abstention_without_a_reason_is_one_sentence_too():
    answer = Answer(question="What did Brazil say?", answer="Not found in the documents.", abstained=True)
    assert _plain(render_answer(answer)) == "Not found in the documents.", render_answer(answer)
