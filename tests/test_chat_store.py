"""Conversations and feedback of the web chat (issue 10 items 8, 9): the SQLite store, the Markdown export and
feedback turned into evaluation items. Real SQLite files in tmp_path; no model needed."""

from __future__ import annotations

import json

import pytest

from assistant.answers import Answer, Citation
from assistant.chat_store import (ANONYMOUS, MAX_QUESTION_CHARS, ChatStore, answer_record, feedback_item,
                                  suggested_item)
from assistant.errors import ConfigError, SuiteError
from assistant.evaluation.suite import append_item, load_suite
from assistant.settings import EvaluationSettings, load_settings
from assistant.web.conversations import chat_messages, conversation_markdown
from assistant.web.rendering import render_answer

PASSAGE = "Japan hopes to reduce the 24% reciprocal tariff rate announced on April 2. Talks open in Washington."
QUOTE = "Japan hopes to reduce the 24% reciprocal tariff rate announced on April 2."


def an_answer(question="What is Japan's reciprocal rate?") -> Answer:
    citation = Citation(n=1, doc_id="briefings/japan.txt", title="Japan <talks>", text=PASSAGE, start=100,
                        end=100 + len(QUOTE), page=None, score=0.032, quote=QUOTE, date="2025-04-14")
    return Answer(question=question, answer="**24%** — Japan hopes to reduce the 24% reciprocal tariff rate [1]",
                  abstained=False, citations=[citation], latency_ms=12.5, notes=["a note"],
                  sureness="quoted from one document")


@pytest.fixture
def store(tmp_path) -> ChatStore:
    return ChatStore(tmp_path / "data" / "chats.sqlite3")


def test_a_conversation_survives_reopening_the_database_and_renders_the_same_card(tmp_path, store):
    answer = an_answer()
    conversation_id, n = store.add_turn("alice", None, answer.question, answer_record(answer))
    assert n == 0
    assert store.add_turn("alice", conversation_id, "When do the talks open?", {"error": "the index is busy"}) \
        == (conversation_id, 1)

    reopened = ChatStore(tmp_path / "data" / "chats.sqlite3").conversation("alice", conversation_id)
    assert reopened.title == "What is Japan's reciprocal rate?"
    assert [t.question for t in reopened.turns] == [answer.question, "When do the talks open?"]
    assert reopened.questions == [answer.question], "a refused question is not history"
    messages = chat_messages(reopened)
    assert messages[1]["content"] == render_answer(answer), "a reloaded answer card must read as it did"
    assert "the index is busy" in messages[3]["content"] and "answer error" in messages[3]["content"]


def test_users_see_only_their_own_conversations(store):
    mine, _ = store.add_turn("alice", None, "What is Japan's reciprocal rate?", answer_record(an_answer()))
    assert [c.id for c in store.conversations("alice")] == [mine]
    assert store.conversations("bob") == [] and store.conversations(ANONYMOUS) == []
    assert store.conversation("bob", mine) is None
    assert not store.rename("bob", mine, "stolen") and not store.delete("bob", mine)
    theirs, _ = store.add_turn("bob", mine, "Who negotiates for Japan?", answer_record(an_answer()))
    assert theirs != mine, "a turn added to someone else's conversation starts the user's own"
    assert [t.question for t in store.conversation("alice", mine).turns] == ["What is Japan's reciprocal rate?"]
    assert store.conversation("alice", mine).title == "What is Japan's reciprocal rate?"


def test_rename_delete_and_most_recent_first(store):
    first, _ = store.add_turn("alice", None, "First question?", {"error": "x"})
    second, _ = store.add_turn("alice", None, "Second question?", {"error": "x"})
    assert [c.id for c in store.conversations("alice")] == [second, first]
    store.add_turn("alice", first, "Again?", {"error": "x"})
    assert [c.id for c in store.conversations("alice")] == [first, second], "the one just used comes first"
    assert store.rename("alice", first, "  Tariffs\n'); DROP TABLE conversations; --  ")
    assert store.conversation("alice", first).title == "Tariffs '); DROP TABLE conversations; --"
    assert store.delete("alice", second)
    assert [c.id for c in store.conversations("alice")] == [first] and store.conversation("alice", second) is None


def test_texts_are_cut_to_size(store):
    conversation_id, _ = store.add_turn("alice", None, "why " * 2000, {"error": "x"})
    conversation = store.conversation("alice", conversation_id)
    assert len(conversation.turns[0].question) == MAX_QUESTION_CHARS and len(conversation.title) <= 80
    store.rename("alice", conversation_id, "t" * 1000)
    assert len(store.conversation("alice", conversation_id).title) == 120


def test_export_is_markdown_with_the_citations(store):
    answer = an_answer()
    conversation_id, _ = store.add_turn("alice", None, answer.question, answer_record(answer))
    text = conversation_markdown(store.conversation("alice", conversation_id))
    assert text.startswith("# What is Japan's reciprocal rate?\n")
    assert "## What is Japan's reciprocal rate?\n\n**24%** — Japan hopes" in text
    assert ("- [1] Japan <talks> (2025-04-14, briefings/japan.txt): \u201cJapan hopes to reduce the 24% reciprocal "
            "tariff rate announced on April 2.\u201d") in text, text


def test_feedback_keeps_the_question_history_answer_and_citations(store):
    answer = an_answer("And the rate?")
    conversation_id, n = store.add_turn("alice", None, answer.question, answer_record(answer))
    record = answer_record(answer)
    feedback_id = store.add_feedback("alice", question=answer.question, history=["Who negotiates?"],
                                     answer=answer.answer, rating="down", citations=record["citations"],
                                     conversation_id=conversation_id, turn=n)
    again = store.add_feedback("alice", question=answer.question, history=["Who negotiates?"], answer=answer.answer,
                               rating="up", citations=record["citations"], conversation_id=conversation_id, turn=n)
    assert again == feedback_id, "a second thumb on the same answer replaces the first"
    assert not store.correct("bob", feedback_id, "25%"), "only its author may add the right answer"
    assert store.correct("alice", feedback_id, "  24 percent ")
    [stored] = store.feedback()
    assert (stored.user, stored.question, stored.history, stored.rating, stored.correct_answer) == \
        ("alice", "And the rate?", ["Who negotiates?"], "up", "24 percent")
    assert stored.answer == answer.answer and stored.citations[0]["doc_id"] == "briefings/japan.txt"
    assert "quote" not in stored.citations[0]
    with pytest.raises(ValueError):
        store.add_feedback("alice", question="q", history=[], answer="a", rating="meh")
    store.delete("alice", conversation_id)
    assert store.feedback(feedback_id)[0].conversation_id is None, "feedback outlives the conversation"


def test_feedback_becomes_lines_of_the_suite_that_the_evaluation_reads(tmp_path, store):
    up = store.feedback(store.add_feedback("alice", question="What is Japan's reciprocal rate?", history=[],
                                           answer=an_answer().answer, rating="up",
                                           citations=answer_record(an_answer())["citations"]))[0]
    assert suggested_item(up) == {"expected": "24%", "answerable": True, "sources": ["briefings/japan.txt"]}
    down = store.feedback(store.add_feedback("bob", question="When will he meet Bessent?", history=["Who is it?"],
                                             answer="Not found in the documents.", rating="down",
                                             correct_answer="April 17"))[0]
    assert suggested_item(down) == {"expected": "April 17", "answerable": True, "sources": []}
    not_there = store.feedback(store.add_feedback("bob", question="Brazil?", history=[], rating="up",
                                                  answer="Not found in the documents: they do not mention Brazil."))[0]
    assert suggested_item(not_there)["answerable"] is False

    suite = tmp_path / "eval" / "feedback.jsonl"
    suite.parent.mkdir()
    append_item(suite, feedback_item(up, "24%", True, ["briefings/japan.txt"]))
    append_item(suite, feedback_item(down, "April 17", True, []))
    append_item(suite, feedback_item(not_there, "", False, ["ignored.txt"]))
    items = load_suite(suite)
    assert [i.id for i in items] == [f"feedback-{up.id}", f"feedback-{down.id}", f"feedback-{not_there.id}"]
    assert items[1].history == ("Who is it?",) and items[1].answers == ("April 17",) and items[1].category == "feedback"
    assert items[2].answerable is False and items[2].answers == () and items[2].sources == ()
    assert json.loads(suite.read_text().splitlines()[0])["sources"] == ["briefings/japan.txt"]
    with pytest.raises(SuiteError, match="already has"):
        append_item(suite, feedback_item(up, "24%", True, []))
    with pytest.raises(ValueError, match="expected answer"):
        feedback_item(down, "  ", True, [])
    assert len(suite.read_text().splitlines()) == 3


def test_the_locations_are_settings_inside_their_folders(tmp_path, monkeypatch):
    settings = load_settings(tmp_path / "corpus", tmp_path / "index")
    assert settings.chats.db_for(settings.index) == tmp_path / "index" / "chats.sqlite3"
    monkeypatch.setenv("ASSISTANT_CHATS_DB", str(tmp_path / "elsewhere.db"))
    monkeypatch.setenv("ASSISTANT_SUITES_DIR", str(tmp_path / "eval"))
    settings = load_settings(tmp_path / "corpus", tmp_path / "index")
    assert settings.chats.db_for(settings.index) == tmp_path / "elsewhere.db"
    assert settings.evaluation.feedback_suite_path() == tmp_path / "eval" / "feedback.jsonl"
    for bad in ("../suite.jsonl", "/etc/x.jsonl", "sub/x.jsonl", "x.txt"):
        with pytest.raises((ConfigError, ValueError)):
            EvaluationSettings(feedback_suite=bad)
