"""A question's misspelt word is read as the documents spell it (assistant.spelling), and said so in the answer."""

from __future__ import annotations

import pytest

from assistant.spelling import corrected, corrections, unknown_words

TEXTS = ["They performed together on seven occasions; Liszt later wrote of it. In September Liszt left Paris.",
         "The Commission said in Brussels that the talks begin on May 5."]


def test_a_word_one_slip_away_from_the_documents_word_is_read_as_it():
    fixes = corrections(["Liszy", "Septermber", "Bruseels"], TEXTS)
    assert fixes == {"Liszy": "Liszt", "Septermber": "September", "Bruseels": "Brussels"}
    assert corrected("Did Liszy leave in Septermber?", fixes) == "Did Liszt leave in September?"


def test_two_words_typed_as_one_are_read_as_the_documents_write_them():
    texts = ["She performed alongside the band at Super Bowl 50 in February."]
    assert corrections(["Superbowl", "Superbowls"], texts) == {"Superbowl": "Super Bowl"}


@pytest.mark.parametrize("word", ["Bolivia", "Kiszt", "Lisztomania"])
def test_a_word_with_no_near_spelling_in_the_passages_is_left_as_typed(word):
    # another word entirely, a slip in the first letter, and more than one slip away
    assert corrections([word], TEXTS) == {}


def test_only_words_no_document_holds_are_candidates():
    known = {"often", "liszt", "perform", "togeth"}.__contains__
    assert unknown_words("How often did Liszt and Chopin perform together?", known) == ["Chopin"]
    assert unknown_words("Did Liszt go?", lambda term: False) == ["Liszt"]
    assert unknown_words("Who was he?", lambda term: False) == [], "short words and stopwords are never corrected"


def test_the_assistant_answers_a_misspelt_name_and_says_how_it_read_it(tmp_path):
    from test_answering import indexed_assistant

    assistant = indexed_assistant(tmp_path, {"eu-steel.txt": (
        "The European Commission will hold steel safeguard consultations in Brussels on May 5.\n\n"
        "Trade Commissioner Maros Sefcovic said the EU wants a negotiated outcome before any countermeasures.")})
    answer = assistant.ask("When will the Commission hold steel consultations in Brusels?")
    assert not answer.abstained and "May 5" in answer.answer
    assert answer.notes == ["Read 'Brusels' as 'Brussels', as the documents spell it."]
    spelt = assistant.ask("When will the Commission hold steel consultations in Brussels?")
    assert spelt.notes == [] and spelt.answer == answer.answer


def test_a_follow_up_reads_the_earlier_question_as_it_was_read_when_asked(tmp_path):
    from test_answering import indexed_assistant

    assistant = indexed_assistant(tmp_path, {"eu-steel.txt": (
        "The European Commission will hold steel safeguard consultations in Brussels on May 5.\n\n"
        "Trade Commissioner Maros Sefcovic said the EU wants a negotiated outcome before any countermeasures.\n\n"
        "Talks on aluminium will be held in Geneva on June 9.")})
    first = "Where will the Comission hold steel consultations?"
    assert "Brussels" in assistant.ask(first).answer
    follow_up = assistant.ask("And when?", history=[first])
    assert not follow_up.abstained and "May 5" in follow_up.answer
    assert follow_up.notes == [], "the note is for the question that was misspelt"
