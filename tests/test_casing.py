"""A question typed in lower case gets the capitals the documents give its names (assistant.casing)."""

from __future__ import annotations

from assistant.casing import restore_case, typed_in_lower_case

TEXTS = ["OMNICOM GROUP INC <OMCM> 4TH QTR NET\n\nShr profit 27 cts vs profit 51 cts",
         "Omnicom Group Inc said its net profit fell. Output at OPEC may fall, the U.S. said in New York. They may "
         "march on. A new plan at Standard Oil Co, the Commonwealth Bank said."]


def test_names_get_the_capitals_the_texts_write_them_with():
    question = ("what was omnicom group's net profit on march 18, and what may opec do in new york, the u.s., "
                "standard oil and the commonwealth bank")
    assert restore_case(question, TEXTS) == (
        "What was Omnicom Group's net profit on March 18, and what may OPEC do in New York, the U.S., "
        "Standard Oil and the Commonwealth Bank")


def test_words_the_texts_also_write_in_lower_case_keep_it():
    assert restore_case("will they march on the new plan", TEXTS) == "Will they march on the new plan"


def test_only_a_question_with_no_capital_at_all_is_taken_as_typed_in_lower_case():
    assert typed_in_lower_case("what did opec decide?")
    assert not typed_in_lower_case("What department ran the plan?"), "a capital first letter: written as meant"


def test_us_before_a_noun_is_the_us_where_the_texts_write_it_so_but_not_after_tell():
    texts = ["Japan will open talks with the U.S. on April 16."]
    assert restore_case("what are us tariffs on steel", texts) == "What are U.S. tariffs on steel"
    assert restore_case("can you tell us the rate", texts) == "Can you tell us the rate"
    assert restore_case("what are us tariffs on steel", ["We asked them."]) == "What are us tariffs on steel"
