"""HTML the web pages draw (answers and citations, the document viewer, progress bars), without a browser."""

from __future__ import annotations

import re

from assistant.answers import Answer, Citation
from assistant.web.rendering import answer_markdown, render_answer


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


def test_an_answer_copies_as_markdown_with_its_citations_listed():
    """Issue 10.1: the copy button copied the card's HTML; the answer carries its Markdown for the page's script."""
    import html

    cited = Citation(n=1, doc_id="talks/japan.txt", title="Japan talks", text="Before. Japan faces a 24% rate. After.",
                     start=8, end=31, page=3, score=0.9, quote="Japan faces a 24% rate.", date="2025-04-14")
    answer = Answer(question="What is Japan's rate?", answer="**24%** — Japan faces a 24% rate. [1]",
                    abstained=False, citations=[cited])
    markdown = answer_markdown(answer)
    assert markdown == ("**24%** — Japan faces a 24% rate. [1]\n\nSources:\n"
                        "- [1] Japan talks (2025-04-14, talks/japan.txt, page 3): \u201cJapan faces a 24% rate.\u201d")
    rendered = render_answer(answer)
    assert "\n" not in rendered, "a line break in the attribute could end the message's HTML block"
    copied = re.search(r'data-copy="([^"]*)"', rendered).group(1)
    assert html.unescape(copied) == markdown


def test_an_answer_card_says_how_sure_it_is_in_words_with_the_documents_title_and_date_not_offsets_and_scores():
    """Issue 10.4: the card showed "characters 3,917–4,108 · retrieval score 0.5980", which readers cannot weigh."""
    cited = Citation(n=1, doc_id="talks/japan.txt", title="Japan talks", text="Japan faces a 24% rate.", start=3917,
                     end=4108, page=None, score=0.598, quote="Japan faces a 24% rate.", date="2025-04-14")
    answer = Answer(question="What is Japan's rate?", answer="**24%** — Japan faces a 24% rate. [1]", abstained=False,
                    citations=[cited], confidence=0.8, sureness="strong match, quoted from one document")
    shown = _plain(render_answer(answer))
    assert "strong match, quoted from one document · Japan talks, 2025-04-14" in shown, shown
    assert "characters" not in shown and "3,917" not in shown and "score" not in shown and "0.598" not in shown, shown
    assert cited.to_dict()["start"] == 3917 and cited.to_dict()["score"] == 0.598, "the JSON keeps them"
    assert "confidence" not in answer.to_dict() and "sureness" not in answer.to_dict(), "the contract's keys are fixed"


def _links(rendered: str) -> list[dict]:
    """The viewer references of an answer's links (`#open-doc?doc=...&start=...`), in order."""
    import html
    from urllib.parse import parse_qs

    refs = re.findall(r'href="#open-doc\?([^"]*)"', rendered)
    return [{k: v[0] for k, v in parse_qs(html.unescape(r)).items()} for r in refs]


def test_markers_and_card_titles_link_to_the_cited_sentence_in_its_document():
    """Issue 10.6: clicking [1] opens the cited document at the quoted sentence (viewer.py reads the link)."""
    first = Citation(n=1, doc_id="talks/japan & co.pdf", title="Japan talks", text="Japan faces a 24% rate.",
                     start=3917, end=3940, page=3, score=0.9, quote="Japan faces a 24% rate.")
    second = Citation(n=2, doc_id="memo.txt", title="Memo", text="Talks open April 16.", start=10, end=30, page=None,
                      score=0.5, quote="Talks open April 16.")
    answer = Answer(question="?", answer="**24%** — Japan faces a 24% rate [1, 2]. See also [3].", abstained=False,
                    citations=[first, second])
    rendered = render_answer(answer)
    body = rendered.split('<div class="sources">')[0]
    assert _plain(body).startswith("24% — Japan faces a 24% rate [ 1 , 2 ]. See also [3]."), _plain(body)
    japan = {"doc": "talks/japan & co.pdf", "start": "3917", "end": "3940", "page": "3"}
    memo = {"doc": "memo.txt", "start": "10", "end": "30"}
    assert _links(body) == [japan, memo], "each marker of a cited passage links to it; [3] cites nothing"
    assert _links(rendered.split('<div class="sources">')[1]) == [japan, memo], "the cards' titles link too"
    assert "[1, 2]" in answer_markdown(answer), "the copied Markdown keeps the plain markers"


def test_the_viewer_shows_the_document_with_the_cited_sentence_highlighted():
    from assistant.web.viewer import MAX_SHOWN_CHARS, render_document

    text = "Intro line.\n\nJapan faces a <24%> rate. More text."
    doc = {"doc_id": "talks/japan.pdf", "title": "Japan talks", "date": "2025-04-14", "text": text}
    start = text.index("Japan")
    shown = render_document(doc, start, text.index(" More"), page=2)
    assert '<mark id="doc-quote">Japan faces a &lt;24%&gt; rate.</mark>' in shown, shown
    assert "Japan talks" in shown and "2025-04-14 · talks/japan.pdf · page 2" in shown, shown
    assert "<mark" not in render_document(doc), "opened from the Documents table: nothing highlighted"
    assert "<mark" not in render_document(doc, 5, len(text) + 10), "offsets outside the text highlight nothing"
    assert "undated" in render_document(dict(doc, date=None))

    long_text = "x" * (2 * MAX_SHOWN_CHARS) + "The quoted sentence." + "y" * MAX_SHOWN_CHARS
    at = long_text.index("The quoted")
    window = render_document(dict(doc, text=long_text), at, at + 20)
    assert "<mark" in window and len(window) < MAX_SHOWN_CHARS + 1000, "a long document shows a window around the quote"
    assert f"of {len(long_text):,}" in window


def test_the_rebuild_bar_says_how_far_a_rebuild_is_in_documents_chunks_and_time_left():
    from assistant.rebuilds import RebuildStatus
    from assistant.web.progress import rebuild_progress

    scanning = rebuild_progress(RebuildStatus(state="running", started_at=0.0))
    assert "aria-valuenow" not in scanning and "scanning the corpus" in scanning, "size not known yet"
    running = RebuildStatus(state="running", planned=True, total=300, read=120, chunks_read=240, chunks_embedded=120,
                            done=40, started_at=0.0, planned_at=__import__("time").time() - 20)
    assert running.fraction == 0.2, "120 documents read, half of their chunks embedded: 60 of 300"
    shown = rebuild_progress(running)
    assert 'aria-valuenow="20.0"' in shown and "40 of 300 documents indexed" in shown, shown
    assert "120 of 240 chunks read so far embedded" in shown and re.search(r"about 1 min 2\d s left", shown), shown
    nothing = RebuildStatus(state="done", planned=True, started_at=0.0, finished_at=0.4)
    assert "no new or changed document to index" in rebuild_progress(nothing) and "100%" in rebuild_progress(nothing)
