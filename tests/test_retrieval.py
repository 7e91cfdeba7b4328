"""Retrieval through the public `Retriever.search` on a real index (MiniLM, Chroma, BM25) of tiny corpora."""

from __future__ import annotations

from tests.test_answering import indexed_assistant


def test_a_report_whose_headline_names_another_month_ranks_below_the_asked_months_report(tmp_path):
    # The wire retells a monthly figure in one report a month; the February report also names January and
    # shares more of the question's words, but its headline says what period it is about.
    assistant = indexed_assistant(tmp_path, {
        "feb.txt": "HONG KONG M3 MONEY SUPPLY RISES 1.4 PCT IN FEBRUARY\n\n"
                   "Hong Kong's broad M3 money supply rose 1.4 pct to 615.8 billion dlrs in February after rising "
                   "2.2 pct in January, the government said. Hong Kong's broad money supply growth was led by "
                   "foreign currency deposits, Hong Kong bankers said.\n",
        "jan.txt": "HONG KONG M3 RISES 2.2 PCT IN JANUARY\n\n"
                   "The broadly defined M3 rose 2.2 pct to 607.2 billion dlrs in January, after a 3.1 pct rise in "
                   "December, the government said in a statement.\n",
    })
    question = "What was Hong Kong's broad M3 money supply in January?"
    assert assistant.retriever.search(question).passages[0].doc_id == "jan.txt"
    # Without a month asked, the headlines' months change nothing: the report sharing more words leads.
    assert assistant.retriever.search("What was Hong Kong's broad M3 money supply?").passages[0].doc_id == "feb.txt"
