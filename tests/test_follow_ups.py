"""Follow-up questions: what `condense` takes from the conversation, through its public function."""

from assistant.follow_ups import condense

CATTLE = "For how many head of dairy cattle to Kuwait did the CCC accept an export bonus bid?"


def test_a_definite_phrase_naming_what_the_earlier_question_introduced_is_a_follow_up():
    turn = condense("Who was awarded the bonus?", [CATTLE])
    assert "Kuwait" in turn.query and "cattle" in turn.context


def test_then_at_the_end_points_back_to_the_earlier_time():
    turn = condense("How many people were jobless then?", ["What was Taiwan's unemployment rate in March 1987?"])
    assert "Taiwan" in turn.query


def test_a_question_that_stands_alone_keeps_its_own_words_and_entities_first():
    turn = condense("What is Japan's reciprocal rate?", ["When do the Japan-U.S. talks open?"])
    assert turn.asked == "What is Japan's reciprocal rate?"
    assert turn.query.startswith("What is Japan's reciprocal rate?")
    assert turn.entities == ["Japan"]
    assert not turn.resolved  # nothing was rewritten


def test_a_question_without_history_is_its_own_query():
    turn = condense("How many people were jobless then?")
    assert turn.query == "How many people were jobless then?" and turn.context == ""
