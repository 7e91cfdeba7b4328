"""Whole-document ranking in retrieval: an article that uses the question's words throughout is the story asked
about, over a sister article whose single chunk reads alike (two real wire stories of the development set)."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REUTERS = ROOT / "tests" / "data" / "reuters-dev" / "corpus"
ASKED = "21570.txt"  # Thai rice exports in the week to October 13
SISTER = "16079.txt"  # the same weekly story, week to April 7
QUESTION = "How much rice did Thailand export in the week ended October 13, 1987?"


def test_the_article_that_names_the_asked_week_throughout_ranks_first(tmp_path):
    from assistant.composition import build
    from assistant.settings import load_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc in (ASKED, SISTER):
        for path in REUTERS.glob(f"{doc}*"):
            shutil.copyfile(path, corpus / path.name)
    app = build(load_settings(corpus, tmp_path / "index"), create_index=True)
    app.indexer().run()
    retriever = app.assistant.answerer.retriever
    assert retriever.settings.document_keyword_weight == 3.0, "the shipped default"
    assert retriever.search(QUESTION).passages[0].doc_id == ASKED
    answer = app.assistant.ask(QUESTION)
    assert answer.answer.startswith("**72,987 tonnes**") and answer.citations[0].doc_id == ASKED, answer.answer
    retriever.settings.document_keyword_weight = 1.0  # the keyword ranking of whole documents weighed as a chunk's
    assert retriever.search(QUESTION).passages[0].doc_id == SISTER, "the case no longer tells the weights apart"


DOLLAR_STORIES = ("9129.txt", "8621.txt", "4633.txt", "16068.txt", "12470.txt", "21573.txt", "14779.txt", "14710.txt")
DAY_QUESTION = "At what level did the dollar close against the yen in New York on March 24, 1987?"


def test_the_story_dated_as_the_asked_days_report_joins_the_pool_though_its_words_rank_it_low(tmp_path):
    """Eight real dollar/yen stories of different days. The one of March 25 gives New York's close "yesterday"; with
    a pool of three passages per ranking (a large collection's pool is as small beside its size), the word match
    leaves it out, and only the keyword ranking among documents dated as the asked day's report brings it in."""
    from assistant.composition import build
    from assistant.settings import load_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc in DOLLAR_STORIES:
        for path in REUTERS.glob(f"{doc}*"):
            shutil.copyfile(path, corpus / path.name)
    app = build(load_settings(corpus, tmp_path / "index"), create_index=True)
    app.indexer().run()
    retriever = app.assistant.answerer.retriever
    retriever.settings.candidates = 3
    retriever.settings.document_weight = 0.0  # (whole documents would bring it in by another way)
    plain = retriever.search(DAY_QUESTION)
    assert "9129.txt" not in {p.doc_id for p in plain.passages}, "the case no longer needs the dated ranking"
    answer = app.assistant.ask(DAY_QUESTION)
    assert answer.answer.startswith("**149.05/10 yen**") and answer.citations[0].doc_id == "9129.txt", answer.answer
