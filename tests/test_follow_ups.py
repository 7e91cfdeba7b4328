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


def test_a_new_phrase_takes_the_place_of_what_the_earlier_question_asked_for():
    turn = condense("And its current account surplus?", ["What were Switzerland's net capital exports last year?"])
    assert turn.asked == "What were Switzerland's current account surplus last year?"
    assert "capital" not in turn.context, "the replaced phrase is not rewarded in the answer"
    turn = condense("And the world group's?", ["What was Linde's domestic group net profit in 1986?"])
    assert turn.asked == "What was Linde's world group net profit in 1986?"
    turn = condense("And what about the minimum lending rate?", ["What maximum lending rate did the bank set?"])
    assert turn.asked == "What minimum lending rate did the bank set?"
    turn = condense("And its trade surplus that year?", ["What current account surplus did Sweden run in 1986?"])
    assert turn.asked == "What trade surplus did Sweden run in 1986?"


def test_a_year_before_that_is_the_year_before_the_one_asked():
    assert condense("And a year before that?", ["What was RTZ's gearing at the end of 1986?"]).asked == \
        "What was RTZ's gearing at the end of 1985?"
    assert condense("What about the previous year?", ["What deficit does Keating expect for 1986/87?"]).asked == \
        "What deficit does Keating expect for 1985/86?"
    turn = condense("And in the previous year?", ["How much did USX spend on capital investment in 1986?"])
    assert turn.asked == "How much did USX spend on capital investment in 1985?"
    assert turn.put_in == frozenset(), "a year moved by words puts no word in that the sentence must name"


def test_the_following_year_is_the_year_after_the_one_asked():
    assert condense("And for the following year?", ["What export growth does the institute expect for 1987?"]).asked \
        == "What export growth does the institute expect for 1988?"
    assert condense("And a year later?", ["What was the 1986/87 crop?"]).asked == "What was the 1987/88 crop?"


def test_a_quarter_month_or_week_moved_by_words_is_the_one_before_or_after_the_one_asked():
    turn = condense("And in the quarter before that?", ["How much did Canada's GDP rise in the final quarter of 1986?"])
    assert turn.asked == "How much did Canada's GDP rise in the third quarter of 1986?"
    assert condense("And the previous quarter?", ["What did GM earn in the first quarter of 1987?"]).asked == \
        "What did GM earn in the fourth quarter of 1986?", "the quarter before the first is the last year's fourth"
    assert condense("And a month later?", ["What was the U.S. trade deficit in December 1986?"]).asked == \
        "What was the U.S. trade deficit in January 1987?"
    turn = condense("And in the week before that?", ["How much quota sugar did the U.S. import in the week ended March 6?"])
    assert turn.asked == "How much quota sugar did the U.S. import in the week ended February 27?"
    assert turn.put_in == frozenset(), "the time evidence reads the week: no word the sentence must name"


def test_what_was_it_a_year_before_asks_the_earlier_quantity_of_that_year():
    turn = condense("And what was it the year before?",
                    ["What net non-consolidated profit did Societe Generale de Belgique announce for 1986?"])
    assert turn.asked == "What net non-consolidated profit did Societe Generale de Belgique announce for 1985?"
    assert condense("And what was it the previous week?", ["What price did SAMA set in the week of April 13?"]).asked \
        == "What price did SAMA set in the week of April 6?"


def test_the_whole_year_after_a_part_of_it_asks_that_year():
    turn = condense("And in the whole of that year?", ["How much did J.P. Morgan earn in the first quarter of 1986?"])
    assert turn.asked == "How much did J.P. Morgan earn in 1986?"
    assert turn.put_in == frozenset()
    assert condense("And for the full year?", ["What did Ford earn in the first half of 1987?"]).asked == \
        "What did Ford earn in 1987?"


def test_a_time_narrowing_a_range_replaces_the_whole_range():
    turn = condense("And for September alone?", ["What was South Korea's January-September current account surplus?"])
    assert turn.asked == "What was South Korea's September current account surplus?"


def test_a_follow_up_to_a_follow_up_continues_the_question_both_stand_for():
    turn = condense("What about 1984-1985?", ["How much paddy did Burma produce in fiscal 1986-1987?", "And in 1985-1986?"])
    assert turn.asked == "How much paddy did Burma produce in fiscal 1984-1985?"


def test_he_is_what_the_latest_question_asking_who_was_answered_with():
    asked = []

    def recall(question, history):
        asked.append(question)
        return "Lo Yun-chi"

    turn = condense("What does he expect its repair income to be?",
                    ["Who chairs China Shipbuilding Corp?", "How much has the company lost since 1975?"], recall=recall)
    assert asked == ["Who chairs China Shipbuilding Corp?"], "the amount question gave no name"
    assert turn.resolved == "'he' as Lo Yun-chi"


def test_an_ellipsis_says_what_it_put_aside_and_what_it_put_in_its_place():
    turn = condense("And the world group's?", ["What was Linde's domestic group net profit in 1986?"])
    assert (turn.put_aside, turn.put_in) == ({"domest"}, {"world"})
    assert not condense("And in 1985?", ["What was Linde's net profit in 1986?"]).put_aside, \
        "a year put aside is weighed by the time evidence, not dropped"



def test_figures_in_an_ellipsis_replace_the_earlier_figures_before_the_same_word():
    turn = condense("And on its 350-360 day notes?",
                    ["What rate did the Federal Home Loan Bank Board set on its 124-150 day discount notes?"])
    assert turn.asked == "What rate did the Federal Home Loan Bank Board set on its 350-360 day discount notes?"
    assert turn.put_in == {"350", "360"}, "the sentence that answers gives the new maturity"
    turn = condense("And the 30-day bills?", ["What rate did the Treasury set on its 90-day bills?"])
    assert turn.asked == "What rate did the Treasury set on its 30-day bills?"


def test_the_year_before_closing_a_question_is_the_year_before_the_earlier_one():
    turn = condense("And how much was crushed the year before?", ["How much sugar cane did Australia crush in 1986?"])
    assert turn.asked == "And how much was crushed in 1985?"
    assert condense("How much did it rise from the year before?", ["What was the profit in 1986?"]).asked == \
        "How much did it rise from the year before?", "a base of comparison is no time asked"


def test_a_new_time_replaces_a_time_the_earlier_question_gave_relative_to_its_report():
    turn = condense("And what was it in calendar 1986?",
                    ["What inflation rate does the Prime Minister predict for the coming year?"])
    assert turn.asked == "What inflation rate does the Prime Minister predict in 1986?"


def test_a_place_takes_the_place_of_a_place_not_of_the_first_name():
    turn = condense("What about Ghana?", ["How much STABEX compensation did Senegal receive from the EC?"])
    assert turn.asked == "How much STABEX compensation did Ghana receive from the EC?"


def test_a_phrase_after_a_preposition_replaces_the_word_before_the_noun_it_shares():
    turn = condense("And for processing workers?", ["What pay cut did IBP offer slaughter workers at Dakota City?"])
    assert turn.asked == "What pay cut did IBP offer processing workers at Dakota City?"


def test_a_pronoun_is_not_guessed_from_a_part_an_older_question_or_a_place_for_them():
    assert condense("How much of it did PASAR export?", ["What was Philippine copper production in 1986?"]).asked \
        == "How much of it did PASAR export?", "'of it' is a part of the copper, not the Philippines"
    older = ["What does Malaysia's central bank expect GDP growth to be?", "What oil price does its forecast assume?"]
    assert condense("What palm oil price does it assume?", older).asked == "What palm oil price does it assume?"
    seamen = condense("What has Petrobras offered them?", ["What pay rise are Brazil's striking seamen holding out for?"])
    assert seamen.asked == "What has Petrobras offered them?" and not seamen.resolved
    assert condense("How much did it export?", ["What did Zambia's copper output reach?"]).resolved == "'it' as Zambia"


def test_he_after_a_question_asking_who_is_not_a_name_that_question_gives():
    turn = condense("What net income does he project for 1992?", ["Who is chairman of Caesars World?"],
                    recall=lambda question, history: "")
    assert turn.asked == "What net income does he project for 1992?" and not turn.resolved


def test_an_ellipsis_naming_m_2_or_the_g_5_replaces_the_earlier_name_whole():
    turn = condense("And M-2?", ["By how much did Canada's narrowly defined M-1 money supply fall in the week ended June 10?"])
    assert turn.asked == "By how much did Canada's narrowly defined M-2 money supply fall in the week ended June 10?"
    assert condense("And the G-5?", ["What did the G-7 say about the dollar?"]).asked == "What did the G-5 say about the dollar?"
    assert (turn.put_aside, turn.put_in) == ({"m-1"}, {"m-2"}), "a name with a number in it is one word, kept whole"


def test_a_phrase_opening_with_a_preposition_replaces_the_earlier_phrase_with_the_same_preposition():
    turn = condense("And against the mark?",
                    ["Where did the dollar finish against the yen in New York ahead of the G-5 and G-7 meetings?"])
    assert turn.asked == "Where did the dollar finish against the mark in New York ahead of the G-5 and G-7 meetings?"
    assert turn.put_aside == {"yen"}
    assert condense("And by road?", ["What did it cost to ship wheat by rail to Egypt?"]).asked \
        == "What did it cost to ship wheat by road to Egypt?"


def test_he_is_the_titled_person_of_the_earlier_question_not_the_committee_or_strait_it_names():
    turn = condense("Where did he expect the dollar's decline to show up?",
                    ["What did Trade Representative Clayton Yeutter tell the Senate Finance Committee?"])
    assert turn.resolved == "'he' as Clayton Yeutter", turn.resolved
    turn = condense("Around what level did he expect spot prices to hover?",
                    ["What did Indonesian Energy Minister Subroto say would happen if the Strait of Hormuz were closed?"])
    assert turn.asked == "Around what level did Subroto expect spot prices to hover?", turn.asked


def test_it_is_not_the_source_the_earlier_question_cites():
    turn = condense("And what discount did it give on May liftings?",
                    ["Which liftings did the discounts Oman granted cover, as reported by MEES in June 1987?"])
    assert turn.resolved == "'it' as Oman", turn.resolved
    assert condense("How much did it export?", ["How much coffee did Thailand grow, according to the USDA?"]).resolved \
        == "'it' as Thailand"


def test_they_without_a_name_is_the_plural_thing_the_earlier_question_asked_about():
    turn = condense("How far below their year-earlier level were they?",
                    ["By how much did U.S. gasoline prices rise in March?"])
    assert turn.resolved == "'their' as gasoline prices", turn.resolved
    assert turn.asked.startswith("How far below gasoline prices' year-earlier level"), turn.asked


def test_what_an_ellipsis_names_is_put_in_though_the_earlier_question_named_it_too():
    """"And Japan?" after a question on the United States that cited Japan's minister: Japan is what it asks about."""
    turn = condense("And Japan?", ["How much does the United States spend a year on farm support, according to "
                                   "Japan's agriculture minister?"])
    assert turn.put_in == {"japan"}, turn.put_in
    assert {"unit", "state"} <= turn.put_aside, turn.put_aside


def test_an_ellipsis_that_fills_in_a_pronoun_puts_in_what_it_names():
    """"And Unocal Norge's?" after "What share does it hold?": no earlier subject is replaced (the earlier question
    said "it"), yet Unocal Norge is what the answer must name."""
    from assistant.follow_ups import content_stems

    turn = condense("And Unocal Norge's?", ["Which company operates Norway's Veslefrikk oil field?",
                                            "What share does it hold?"])
    assert turn.put_in == content_stems("Unocal Norge"), turn.put_in


def test_it_is_not_the_owner_named_before_the_thing_the_earlier_question_asked_about():
    turn = condense("How often could it be reviewed under the revised plan?",
                    ["At what level is the EC Commission's proposed tax on oils and fats expected to start?"])
    assert "EC Commission" not in turn.resolved, turn.resolved
    owner = condense("And what are its imports?", ["How much did Japan's exports rise in March?"])
    assert owner.resolved == "'its' as Japan", "'its' may still be the owner's"


def test_it_is_never_a_person_the_earlier_question_or_answer_names():
    turn = condense("And how much coffee did it export in the 1985/86 coffee year?",
                    ["What does Colombian finance minister Cesar Gaviria expect the country to earn from coffee exports?"])
    assert turn.resolved == "'it' as Colombian", turn.resolved
    answered = condense("And how far did it fall against the mark?", ["Where did sterling end against the dollar?"],
                        recall=lambda question, history: "U.K. Chancellor of the Exchequer Nigel Lawson")
    assert "Lawson" not in answered.asked, answered.asked
    from assistant.questions import name_after_title
    assert name_after_title("Chancellor of the Exchequer Nigel Lawson") == "Nigel Lawson", "the office is no name"
    assert name_after_title("Minister of Heavy Industries") is None, "an office with nobody named"


def test_a_scope_word_widens_the_place_or_swaps_the_scope_the_earlier_question_gave():
    turn = condense("And worldwide?", ["What was the Gulf of Mexico rig utilization rate last week according to "
                                       "Offshore Data Services?"])
    assert turn.asked == "What was the worldwide rig utilization rate last week according to Offshore Data Services?"
    assert turn.put_aside == {"gulf", "mexico"}, turn.put_aside
    assert condense("And abroad?", ["How much did Japan invest at home in 1986?"]).asked \
        == "How much did Japan invest abroad in 1986?"
    assert "Japan" in condense("And worldwide?", ["How many cars did Japan export to the U.S. in 1986?"]).asked, \
        "two places: which one widens is not clear, so neither is replaced"


def test_it_is_the_subject_of_the_earlier_question_not_a_name_describing_something():
    turn = condense("And what was its existing quota?",
                    ["What ICO coffee export quota was Uganda seeking at the failed London coffee talks?"])
    assert "Uganda's existing quota" in turn.asked and turn.resolved == "'its' as Uganda"


def test_a_single_new_word_replaces_the_word_of_its_kind_not_the_whole_phrase_asked_about():
    turn = condense("What about sorghum?",
                    ["How much were U.S. soybean export sales in the week ended April 2, 1987, according to the USDA?"])
    assert "U.S. sorghum export sales in the week ended April 2, 1987" in turn.asked


def test_what_was_it_in_another_year_asks_the_earlier_quantity_of_that_year():
    turn = condense("And what was it in 1985/86?",
                    ["What oil output does the association expect from Australia's existing fields in fiscal 1992/93?"])
    assert turn.asked == "What oil output does the association expect from Australia's existing fields in fiscal 1985/86?"


def test_over_the_same_period_keeps_the_earlier_time():
    turn = condense("And for Indonesia over the same period?",
                    ["What total Malaysian palm oil output did Oil World forecast for January-September 1987?"])
    assert "over" not in turn.asked and "Indonesia" in turn.asked and "January-September 1987" in turn.asked


def test_a_possessive_fragment_names_a_place_for_the_earlier_place():
    turn = condense("And Qatar's?", ["What is Iraq's OPEC production quota for the second half of 1987?"])
    assert turn.asked == "What is Qatar's OPEC production quota for the second half of 1987?"


def test_it_that_rises_or_falls_or_is_done_to_is_no_name_of_the_earlier_question():
    """"And how much did it fall?" after "... West German chemical industry production": the quantity; "How often
    could it be reviewed?" after "the EC Commission's proposed tax": the tax, not "EC". Neither is said as a name."""
    fall = condense("And how much did it fall in 1986?",
                    ["What does the Ifo institute forecast for West German chemical industry production in 1987?"])
    assert fall.resolved == "" and "chemical industry production" in fall.query
    review = condense("How often could it be reviewed under the revised plan?",
                      ["At what level is the EC Commission's proposed tax on oils and fats expected to start?"])
    assert review.resolved == ""
    assert condense("How much did it export?", ["What was Zambia's copper output in 1986?"]).resolved == "'it' as Zambia"
    expanded = condense("And to what can it be expanded?",
                        ["What is the new normal daily trading limit for CSCE Coffee C futures?"])
    assert expanded.resolved == "", "the limit is expanded, not CSCE Coffee C"


def test_what_about_a_phrase_of_its_own_keeps_its_words_and_reads_its_owner():
    turn = condense("What about its recent purchases of West European and Polish rapeseed?",
                    ["How much additional U.S. corn did the Soviet Union buy recently, according to Oil World?"])
    assert turn.resolved == "'its' as Soviet Union" and turn.answer_type == "amount"
    assert "rapeseed" in turn.asked and "corn" not in turn.asked


def test_it_is_the_earlier_questions_subject_not_the_name_it_acts_on():
    """"What did it say it would use it for?" after "Which supercomputer model did India want to buy from the United
    States?": India wants and will use it, not the United States it buys from."""
    turn = condense("What did it say it would use it for?",
                    ["Which supercomputer model did India want to buy from the United States?"])
    assert turn.resolved == "'it' as India", turn.resolved
    assert "India" in turn.entities and "United States" not in turn.entities


def test_its_is_the_owner_the_earlier_question_names():
    """"And its production capacity?" after "What is Kuwait's OPEC crude production quota?": Kuwait's, whose quota
    was asked, not OPEC's."""
    turn = condense("And its production capacity, as cited by its oil minister?",
                    ["What is Kuwait's OPEC crude production quota?"])
    assert turn.resolved == "'its' as Kuwait", turn.resolved


def test_it_is_the_subject_named_after_its_description():
    """"And how much did it lose in 1986?" after "How much does the Singapore coffee trader Teck Hock owe ...?": the
    trader, whose name follows its description, not Singapore, a word of that description."""
    turn = condense("And how much did it lose in 1986?",
                    ["How much does the Singapore coffee trader Teck Hock owe its creditor banks?"])
    assert turn.resolved == "'it' as Teck Hock", turn.resolved


def test_that_day_is_the_day_the_earlier_question_asked_so_another_days_report_speaks_of_another_time():
    """"And what was the total so far that day?" after a question on April 8, 1987: the question now names the day,
    so a report of April 2 giving "today"'s total contradicts it; a time shifted from it stays as written."""
    earlier = "How much further assistance did the Bank of England give the money market on April 8, 1987?"
    turn = condense("And what was the total so far that day?", [earlier])
    assert "April 8, 1987" in turn.asked, turn.asked
    assert "April 8, 1987" in condense("How many people were jobless then?", [earlier]).asked
    shifted = condense("And what was the total on the same day a year earlier?", [earlier])
    assert "April 8, 1987" not in shifted.asked, shifted.asked


def test_its_owner_is_a_possessive_before_what_it_owns_not_a_name_ending_in_s():
    """"according to Standard and Poor's in March 1987" ends a name; "Wainoco Oil's proposed offering" is whose."""
    turn = condense("And what is its implied senior debt rating?", [
        "How much would Wainoco Oil's proposed offering raise, according to Standard and Poor's in March 1987?"])
    assert turn.resolved == "'its' as Wainoco Oil", turn.resolved


def test_how_much_of_another_thing_takes_the_place_of_the_thing_asked_before():
    turn = condense("And how much barley?", ["How much U.K. wheat did the Soviet Union take in 1986/87?"])
    assert turn.asked.startswith("How much U.K. barley did the Soviet Union take"), turn.asked
    assert "wheat" in turn.put_aside


def test_the_day_before_is_the_day_before_the_one_the_earlier_question_asked():
    turn = condense("And how many were registered the day before?", [
        "How many bags of coffee did the Brazilian Coffee Institute register on April 3, 1987?"])
    assert turn.asked == "And how many were registered on April 2, 1987?", turn.asked


def test_it_is_not_a_peoples_name_describing_the_thing_the_earlier_question_asked_about():
    turn = condense("How much was it up from a year before?",
                    ["What was Dutch seasonally adjusted M1 money supply in December 1986?"])
    assert turn.resolved == "'it' as M1", turn.resolved
    alone = condense("And how much coffee did it export?", ["How much does the Colombian coffee crop total?"])
    assert alone.resolved == "'it' as Colombian", "with no other name, the people's name stands for its country"


def test_a_name_with_words_restating_the_earlier_question_takes_the_place_of_a_name_of_its_kind():
    """"And what about Argentina's crop for that season?": Argentina for Brazil (a place for a place), and "crop for
    that season" only restates the earlier question, so it does not replace the forecaster, USDA."""
    turn = condense("And what about Argentina's crop for that season?",
                    ["What is USDA's April 1987 forecast for Brazil's 1986/87 soybean crop?"])
    assert turn.asked == "What is USDA's April 1987 forecast for Argentina's 1986/87 soybean crop?"
    assert "argentina" in turn.put_in and "brazil" in turn.put_aside
