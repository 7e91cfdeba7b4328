"""Evidence on wire copy: times asked against the document's date, numbers in words, name variants,
country conflicts, question entities and the answer spans of wire figures ("2.6 pct", "57.1 mln dlrs")."""

from __future__ import annotations

import pytest

from assistant import questions
from assistant.answers import Passage
from assistant.contradictions import exclusive_conflict, number_conflict
from assistant.evidence import (TimeRef, absent_entities, affiliations, asked_times, base_years, company_conflict, comparison_years,
                                entity_share, mentions, months_in, named_kind_conflict, numbers_in, place_conflict, split_years,
                                time_evidence)

DEPOSITS = ("New Zealand's trading bank seasonally adjusted deposit growth rose 2.6 pct in January compared "
            "with a rise of 9.4 pct in December, the Reserve Bank said.")


def span_texts(kind: str, sentence: str, question: str = "") -> list[str]:
    return [sentence[a:b] for a, b in questions.spans(kind, sentence, question)]


# --- asked_times -------------------------------------------------------------------------------------------

def test_asked_times_reads_a_month_with_its_year():
    assert asked_times("What was deposit growth in January 1987?") == [TimeRef(1987, 1)], \
        "'in January 1987' is one time: January of 1987"


def test_asked_times_reads_a_crop_year_as_both_years():
    assert asked_times("What is the 1986/87 current account deficit?") == [TimeRef(1986), TimeRef(1987)], \
        "'1986/87' asks about 1986 and 1987"


def test_asked_times_reads_a_full_date_with_its_day():
    assert asked_times("What did the Fed say on April 14, 1987?") == [TimeRef(1987, 4, 14)], \
        "'April 14, 1987' is a year, a month and a day"
    assert asked_times("What were bank borrowings in the week ended April 14?") == [TimeRef(None, 4, 14)], \
        "'April 14' without a year keeps the day"
    assert asked_times("What was output in Jan. 1987?") == [TimeRef(1987, 1)], "'Jan.' is January"


def test_asked_times_ignores_may_the_verb_but_reads_may_the_month():
    assert asked_times("Which banks may raise rates in 1987?") == [TimeRef(1987)], "'may' the verb is no month"
    assert asked_times("What did Japan export in May 1987?") == [TimeRef(1987, 5)], "'May 1987' is the month"
    assert asked_times("Which banks may raise rates?") == [], "no time asked"


# --- time_evidence -----------------------------------------------------------------------------------------

def test_in_january_in_an_article_of_late_february_is_consistent_with_january_1987():
    evidence = time_evidence(asked_times("What was deposit growth in January 1987?"), DEPOSITS, DEPOSITS,
                             "1987-02-26")
    assert evidence.asked, "a time was asked"
    assert evidence.dated == 1.0, f"January reported in a 1987-02-26 article is January 1987: {evidence}"
    assert evidence.conflict == 0.0, f"no conflict: {evidence}"
    undated = time_evidence(asked_times("What was deposit growth in January 1987?"), DEPOSITS, DEPOSITS, None)
    assert undated.dated == 0.0, f"without the document's date the year cannot be known: {undated}"


def test_a_year_long_before_the_report_that_its_context_never_names_is_not_vouched_for_by_the_date():
    sentence = ("Last week there were rumours in European markets that Indonesia had issued licences to import "
                "around 135,000 tonnes of palm oil for deliveries commencing April.")
    asked = asked_times("How much palm oil were Indonesia's licences rumoured in March 1984 to cover, from April?")
    assert time_evidence(asked, sentence, sentence, "1987-03-11").dated == 0.0, "a 1987 report does not date 1984"
    named = "Indonesia issued licences in March 1984. " + sentence
    assert time_evidence(asked, sentence, named, "1987-03-11").dated == 1.0, "the context names 1984"
    recent = asked_times("How much palm oil were Indonesia's licences rumoured in March 1987 to cover, from April?")
    assert time_evidence(recent, sentence, sentence, "1987-03-11").dated == 1.0, "the report's own March"


def test_a_month_outside_the_part_of_the_year_the_sentence_names_is_another_time():
    sentence = "South Africa recorded annualised real growth in GDP of 3.25 pct in the first quarter of this year."
    june = asked_times("What was South Africa's growth in June 1987?")
    assert time_evidence(june, sentence, sentence, "1987-06-18").conflict == 1.0, "June is not in the first quarter"
    quarter = asked_times("What was South Africa's growth in the first quarter of 1987?")
    assert time_evidence(quarter, sentence, sentence, "1987-06-18").conflict == 0.0
    second_half = "Growth slowed to two pct in June and is forecast to pick up in the second half."
    assert time_evidence(june, second_half, second_half, "1987-07-02").conflict == 0.0, "June named by itself"

def test_a_years_figure_does_not_answer_for_a_part_of_that_year():
    from assistant.evidence import whole_year_for_part

    quarter = "How much did Canada's gross domestic product grow in the second quarter of 1986?"
    year = "Statistics Canada reported that gross domestic product grew 3.1 pct in 1986, down from 1985's four pct."
    assert whole_year_for_part(quarter, year, asked_times(quarter), "1987-03-03"), "the year's growth, not Q2's"
    months = "How much copper did the Philippines produce in the first two months of 1985?"
    annual = "Philippine copper production amounted to 222,644 tonnes in 1986, down from 226,157 tonnes in 1985."
    assert whole_year_for_part(months, annual, asked_times(months), "1987-03-20")
    # the part named, or a period the sentence speaks of without naming it, or the whole year asked: no conflict
    assert not whole_year_for_part(quarter, "GDP grew 1.1 pct in the second quarter of 1986.", asked_times(quarter), None)
    assert not whole_year_for_part(quarter, "GDP grew 0.2 pct in the quarter, against 1986's average.",
                                   asked_times(quarter), "1986-08-30")
    whole = "How much did Canada's gross domestic product grow in 1986?"
    assert not whole_year_for_part(whole, year, asked_times(whole), "1987-03-03")


def test_the_year_a_record_is_measured_since_is_no_time_of_the_sentence():
    record = "Exports rose 5 pct to their highest level since 1979."
    assert time_evidence(asked_times("How much did exports rise in 1986?"), record, record, "1987-01-20").conflict == 0.0
    worst = "The jobless rate rose to 3.0 pct in January, the worst since the Government started counting in 1953."
    assert time_evidence(asked_times("What was the jobless rate in January 1986?"), worst, worst, "1987-03-02"
                         ).conflict == 1.0, "January in a report of March 1987 is January 1987's"
    assert time_evidence(asked_times("What was the jobless rate in January 1987?"), worst, worst, "1987-03-02"
                         ).stated == 1.0


def test_a_months_figure_does_not_answer_for_a_whole_year():
    from assistant.evidence import part_for_whole_year

    year = "How much did France's M-3 money supply grow in 1986?"
    months = "French M-3 rose a provisional one pct in January after falling 0.7 pct in December, the Bank said."
    assert part_for_whole_year(year, months, asked_times(year), "1987-02-26")
    assert not part_for_whole_year(year, "M-3 grew 4.6 pct in the year to December.", asked_times(year), "1987-02-26")
    assert not part_for_whole_year(year, "M-3 grew 4.6 pct in 1986 after 0.7 pct in December.", asked_times(year),
                                   "1987-02-26"), "the asked year named"
    season = "To what level is the bank raising the ratio under its 1987/88 credit policy?"
    assert not part_for_whole_year(season, "The ratio rises to 37.5 pct, effective April 25.", asked_times(season),
                                   "1987-04-10"), "a split year is a season its months fall in"


def test_an_index_base_year_is_no_time_asked_or_stated():
    from assistant.evidence import years_in

    assert asked_times("What was Portugal's consumer price index (base 1976) in February 1987?") == [TimeRef(1987, 2)]
    assert years_in("The index (1980=100) rose to 120.4 in 1986.", None) == {1986}

def test_last_year_in_an_article_dated_march_1987_states_1986():
    sentence = "Canadian oil exports rose 20 pct last year to 33.96 mln cubic meters, Statistics Canada said."
    asked = asked_times("How much did Canadian oil exports rise in 1986?")
    evidence = time_evidence(asked, sentence, sentence, "1987-03-02")
    assert evidence.stated == 1.0, f"'last year' in a 1987-03-02 article states 1986: {evidence}"
    assert evidence.conflict == 0.0, f"no conflict: {evidence}"
    assert time_evidence(asked, sentence, sentence, None).stated == 0.0, "undated, 'last year' states no year"
    later = time_evidence(asked, sentence, sentence, "1988-03-02")
    assert later.stated == 0.0, f"'last year' in a 1988 article is 1987, not 1986: {later}"


def test_this_calendar_year_in_a_1987_article_conflicts_with_a_question_about_1984():
    sentence = "Kampuchea planned to boost rice paddy output to 2.5 mln tonnes this calendar year."
    asked = asked_times("How much rice paddy did Kampuchea harvest in 1984?")
    assert time_evidence(asked, sentence, sentence, "1987-03-05").conflict == 1.0
    assert time_evidence(asked_times("What output is planned for 1987?"), sentence, sentence, "1987-03-05").stated == 1.0


def test_a_report_dated_weeks_after_the_asked_day_does_not_vouch_for_it_but_a_period_bound_is_left_alone():
    sentence = "The maximum rebate was 46.496 Ecus per 100 kilos for 118,350 tonnes of sugar."
    asked = asked_times("What maximum rebate was granted at the EC sugar tender held on March 18, 1987?")
    assert time_evidence(asked, sentence, sentence, "1987-03-19").dated == 1.0, "the next day's report: yesterday's"
    assert time_evidence(asked, sentence, sentence, "1987-04-09").dated == 0.0, "three weeks later: another tender"
    stocks = "Distillate stocks fell 4.4 mln barrels to 127.10 mln."
    week = asked_times("How much did distillate stocks fall in the four weeks ended March 6?")
    assert time_evidence(week, stocks, stocks, "1987-03-20").dated == 1.0, "a period's end, reported later"
    event = asked_times("How much did distillate stocks fall on March 6?")
    assert time_evidence(event, stocks, stocks, "1987-03-20").dated == 0.0


def test_months_without_a_year_are_the_documents_year_and_conflict_with_another_asked_year():
    sentence = "Gold holdings rose to 5.51 mln ounces in March from 5.26 mln ounces in February."
    asked = asked_times("How many ounces of gold did South Africa hold at the end of 1986?")
    assert time_evidence(asked, sentence, sentence, "1987-04-08").conflict == 1.0, "March and February of 1987"
    assert time_evidence(asked, "Holdings were 4.9 mln ounces in December.", "", "1987-01-08").conflict == 0.0, \
        "December in a January report is the year before's"


def test_parts_of_a_year_name_their_months_and_a_base_last_year_does_not_hide_this_years():
    assert months_in("Profit rose in the fourth quarter.", None) == {10, 11, 12}
    assert months_in("CIRCUS CIRCUS ENTERPRISES <CIR> 4TH QTR NET", None) == {10, 11, 12}, "wire copy's QTR"
    assert months_in("in the first half", None) == set(range(1, 7))
    sentence = ("The surplus widened in the first two months of the year to 2.35 billion dlrs from 1.87 billion "
                "in the same period last year.")
    asked = asked_times("What was Taiwan's trade surplus with the United States in January-February 1987?")
    assert time_evidence(asked, sentence, sentence, "1987-03-10").stated == 1.0
    assert time_evidence(asked_times("What was the surplus in December?"), sentence, sentence,
                         "1987-03-10").conflict == 1.0, "the first two months are not December"


def test_the_week_ended_april_7_conflicts_with_a_question_about_april_14():
    sentence = "Bank borrowings averaged 500 mln dlrs a day in the week ended April 7, the Fed said."
    wrong = time_evidence(asked_times("What were bank borrowings in the week ended April 14?"), sentence, sentence,
                          "1987-04-10")
    assert wrong.conflict == 1.0, f"April 7 is another day than the asked April 14: {wrong}"
    right = time_evidence(asked_times("What were bank borrowings in the week ended April 7?"), sentence, sentence,
                          "1987-04-10")
    assert right.conflict == 0.0 and right.stated == 1.0, f"April 7 is the asked day: {right}"


def test_a_sentence_naming_only_1985_conflicts_with_a_question_about_1986():
    asked = asked_times("How much did the company earn in 1986?")
    only_1985 = "The company earned 12.5 mln dlrs in 1985 and paid no dividend."
    evidence = time_evidence(asked, only_1985, only_1985, "1987-03-02")
    assert evidence.conflict == 1.0 and evidence.stated == 0.0, f"1985 is not the asked 1986: {evidence}"
    right = "The company earned 12.5 mln dlrs in 1986 and paid no dividend."
    evidence = time_evidence(asked, right, right, "1987-03-02")
    assert evidence.conflict == 0.0 and evidence.stated == 1.0, f"a sentence naming 1986 states it: {evidence}"



def test_a_year_followed_by_a_comma_in_the_sentence_is_read():
    """Regression: a year followed by a comma was no year, so the sentence stating the asked 1986 was a conflict."""
    asked = asked_times("How much did the company earn in 1986?")
    both = "The company earned 12.5 mln dlrs in 1986, against 10 mln dlrs in 1985."
    evidence = time_evidence(asked, both, both, "1987-03-02")
    assert evidence.conflict == 0.0 and evidence.stated == 1.0, f"the sentence states 1986: {evidence}"


def test_a_year_followed_by_a_comma_in_the_question_is_read():
    """Regression: a year followed by a comma was no year, so a question opening 'In 1986, ...' asked no time."""
    assert asked_times("In 1986, how much did the company earn?") == [TimeRef(1986)]


def test_another_month_conflicts_and_no_time_asked_gives_no_evidence():
    sentence = "Deposit growth rose 2.6 pct in March, the bank said."
    evidence = time_evidence(asked_times("What was deposit growth in January 1987?"), sentence, "", "1987-04-10")
    assert evidence.conflict == 1.0, f"March is not the asked January: {evidence}"
    none = time_evidence([], sentence, sentence, "1987-04-10")
    assert not none.asked and none.conflict == 0.0 and none.stated == 0.0, f"nothing asked: {none}"


def test_a_part_of_the_year_is_no_figure_for_one_month_of_it():
    february = asked_times("By how much did residual fuel deliveries fall in February 1987?")
    quarter = "In the first three months of 1987, residual fuel demand fell by an average of 55,000 barrels per day."
    assert time_evidence(february, quarter, quarter, "1987-03-13").conflict == 1.0
    named = "Demand fell 4 pct in February and 2 pct in the first three months."
    assert time_evidence(february, named, named, "1987-03-13").conflict == 0.0, "the month named beside its quarter"
    asked_quarter = asked_times("How much did output rise in the first quarter of 1987?")
    said = "Output rose 3 pct in the first quarter of 1987."
    assert time_evidence(asked_quarter, said, said, "1987-04-20").conflict == 0.0


def test_the_asked_year_written_with_another_month_does_not_excuse_that_month():
    asked = asked_times("By how much did West German industrial production change in March 1987 compared with February?")
    february = "In February 1986 the index stood at 103.7, giving a year-on-year rise for February 1987 of 0.4 pct."
    assert time_evidence(asked, february, february, "1987-04-08").conflict == 1.0, "February's figure, not March's"
    both = "Production rose 0.5 pct in March 1987 after falling in February."
    assert time_evidence(asked, both, both, "1987-04-08").conflict == 0.0
    in_the_year = "In 1987 industrial production is expected to grow, after a weak January."
    assert time_evidence(asked_times("What did production do in March 1987?"), in_the_year, in_the_year,
                         "1987-04-08").conflict == 0.0, "the asked year named on its own still vouches for it"


def test_the_document_date_does_not_speak_for_a_month_the_sentence_names_otherwise():
    asked = asked_times("What was Singapore's jobless rate in June 1986?")
    other_month = "Singapore's jobless rate rose to 3.1 pct in May from 2.9 pct in April, the ministry said."
    evidence = time_evidence(asked, other_month, other_month, "1986-06-10")
    assert evidence.conflict == 1.0, f"May is not the asked June: {evidence}"
    assert evidence.dated == 0.0, f"a June article reporting May does not give June's rate: {evidence}"
    open_month = "Singapore's jobless rate rose to 3.1 pct, the ministry said."
    left_open = time_evidence(asked, open_month, open_month, "1986-06-10")
    assert left_open.dated == 1.0 and left_open.conflict == 0.0, f"no month named: the date speaks: {left_open}"


def test_in_january_in_an_article_of_february_1988_is_not_january_1987():
    """Regression: time_evidence accepts the year before the document's for any asked month: 'in January' in an article dated 1988-02-10 (January 1988) is judged consistent with January 1987"""
    evidence = time_evidence(asked_times("What was deposit growth in January 1987?"), DEPOSITS, DEPOSITS,
                             "1988-02-10")
    assert evidence.dated == 0.0, f"'in January' in a 1988-02-10 article is January 1988: {evidence}"


def test_a_year_that_is_only_the_base_of_a_comparison_does_not_contradict_a_later_asked_year():
    sentence = ("The same factors produced a balance of payments surplus and inflation fell to 5.6 pct from 10.7 pct in\n"
                "1985, he added.")
    assert comparison_years(sentence) == {1985}
    window = "Moi said cheap oil in 1986 led to economic growth of five pct. " + sentence
    later = time_evidence(asked_times("What was Kenya's inflation rate in 1986?"), sentence, window, "1987-02-24")
    assert later.conflict == 0.0 and later.dated == 1.0, f"5.6 pct is the rate after 1985's, 1986 in context: {later}"
    earlier = time_evidence(asked_times("What was Kenya's inflation rate in 1984?"), sentence, window, "1987-02-24")
    assert earlier.conflict == 1.0, f"a year before the base is not what the sentence reports: {earlier}"
    assert comparison_years("Output rose to 2,720 tonnes, up from 2,400 in 1986.") == {1986}
    assert comparison_years("The company earned 12.5 mln dlrs in 1986.") == set()


# --- number_conflict, negation_conflict --------------------------------------------------------------------

@pytest.mark.parametrize("question, sentence", [
    ("How much did Japan pay for the 25,000 tonnes of wheat?", "Japan paid 3 mln dlrs for 30,000 tonnes of wheat."),
    ("James Bond kills four men in a mission in which city?", "In Mexico City, Bond kills three men plotting a bombing."),
    ("What mechanic allows two buttons to serve many functions?", "The mechanic allows one button to serve a variety of functions."),
    ("What did Japan pay for 25,000 tonnes of wheat?", "Japan bought 20,000 tonnes of wheat, traders said."),
])
def test_a_sentence_counting_the_asked_thing_with_another_number_conflicts(question, sentence):
    assert number_conflict(question, sentence)


def test_a_sentence_ordering_the_asked_thing_otherwise_conflicts():
    assert number_conflict("Who shot the film on Kodak 45 mm film stock?", "He shot it on Kodak 35 mm film stock."), \
        "a two-letter unit ('mm') says what the number measures"
    sentence = "Daniel Craig returned for his fourth appearance as James Bond."
    assert number_conflict("Who returned for his eighth appearance as James Bond?", sentence)
    assert not number_conflict("Who returned for his fourth appearance as James Bond?", sentence)
    assert number_conflict("What became the second Bond theme to reach number one?",
                           "It became the first Bond theme to reach number one in the UK Singles Chart.")
    # an ordinal with no noun after it places what the word before it tells of
    assert number_conflict("What finished second at the box office?", "The film finished first at the box office.")
    assert not number_conflict("What finished second at the box office?", "Spectre finished second at the box office.")
    # the same words ordered where a pair has them all, a hyphened word being one (and a capital no missing word)
    vogue = ("Beyonce was the cover star, becoming the first African-American artist and third African-American woman "
             "to cover the September issue.")
    assert number_conflict("Who was the first African-American woman to cover the September issue of Vogue?", vogue)
    assert not number_conflict("Who was the first African-American artist to cover the September issue?", vogue)
    assert not number_conflict("When is the second round?", "The first round is on Sunday, the second on April 26.")


def test_a_season_is_a_time_not_a_count():
    # "1986/87" and "1985/86" name seasons: their halves (87, 86) count no harvest
    question = "By what percentage is Peru's 1986/87 sugar harvest expected to fall short of the 1985/86 crop?"
    sentence = ("Sugar production in Peru for the 1986/87 season has been revised to 593,000 tonnes, down 10 pct "
                "from the previous forecast and 21 pct below the 1985/86 harvest, the department said.")
    assert not number_conflict(question, sentence)
    assert number_conflict("How much did Peru harvest on its 12 estates?", "Peru harvested 90 tonnes on its 10 estates.")

def test_what_was_done_to_a_thing_or_by_an_owner_named_otherwise_is_no_other_party():
    # a passive names what was done to, not who did it; initials and a body's short name are the same party
    assert not exclusive_conflict("To what price did Arco raise Light Louisiana Sweet crude?",
                                  "Light Louisiana Sweet was raised to 19.35 dlrs.")
    assert not exclusive_conflict("How much does the Philippines' Asset Privatisation Trust hope to recoup?",
                                  "SyCip said last month the APT hoped to recover about 24 billion pesos.")
    assert not exclusive_conflict("What was the Bank of England's total money market assistance on March 31?",
                                  "This takes the Bank's total help so far today to 1.88 billion stg.")
    assert exclusive_conflict("What did Union Pacific pay to acquire Champlin?",
                              "PDVSA will pay 30 mln dlrs for the half interest."), "another party acting still conflicts"


def test_an_ing_word_after_an_auxiliary_is_no_verb_of_the_asked_party():
    assert not exclusive_conflict("What levy had Singapore broking houses been paying into the scheme?",
                                  "Local broking houses have been contributing a 0.125 pct levy to the scheme.")


def test_a_sale_to_the_asked_buyer_is_its_purchase():
    assert not exclusive_conflict("How much U.S. wheat has China bought for delivery in the 1987/88 season?",
                                  "Outstanding wheat sales to China for the 1987/88 season amount to 910,000 tonnes.")
    assert exclusive_conflict("How much wheat has China bought this season?", "The U.S. sold 90,000 tonnes of wheat "
                                                                              "to Japan this season.")
    # the buyer asked for: any sale to someone names a purchase by them; the seller asked for still conflicts
    sale = "Gencorp said its RKO General unit agreed to sell KHJ-TV in Los Angeles to Walt Disney Co for 217 mln dlrs."
    assert not exclusive_conflict("Who is buying the Los Angeles station KHJ-TV?", sale)
    assert not exclusive_conflict("Which U.S. company bought KHJ-TV?", sale)
    assert exclusive_conflict("How much did Gencorp buy in Los Angeles?", sale)


@pytest.mark.parametrize("question, sentence", [
    # the sentence denies without "not"
    ("Where did Julian Fontana fail to get established?", "Fontana had tried unsuccessfully to establish himself in England."),
    ("Who created a law that did not allow Han Chinese to learn Tibetan Buddhism?",
     "The early Ming government enacted a law which forbade Han Chinese to learn the tenets of Tibetan Buddhism."),
    ("What has the Polish government not allowed?", "Permission for DNA testing has been denied by the Polish government."),
    ("What file format is not supported by Nokia phones?", "Phones from Nokia play AAC files rather than WMA."),
    ("Which generation of iPod Nano no longer has FireWire charging?",
     "As of the fourth-generation iPod Nano, FireWire charging ability has been removed."),
    # the negation denies nothing asked
    ("When did Hou Xian return to Nanjing?", "Hou Xian did not return to Nanjing until 1407."),
    ("How many Grammys has she won with and without Destiny's Child?", "She has won 20 Grammy Awards."),
    ("Poles not only sought solace in the music but also fought for what?",
     "Others found them a source of strength in their continuing struggle for freedom."),
])
def test_a_denial_in_other_words_or_a_negation_denying_nothing_is_no_conflict(question, sentence):
    assert not exclusive_conflict(question, sentence)


def test_a_plain_sentence_still_conflicts_with_a_denied_deed():
    assert exclusive_conflict("Which faction did the Ming court refuse to grant titles to?",
                              "The Ming court granted titles to lamas regardless of their sectarian affiliations.")
    assert exclusive_conflict("Who would not be reprising his role?", "Christensen would be reprising his role.")


def test_a_count_in_words_with_its_scale_and_a_count_left_bare_are_read():
    assert not number_conflict("Who ended up with the 200 letters from Sand?",
                               "She also took a collection of two hundred letters from Sand to Chopin.")
    assert number_conflict("Over one hundred extras were hired for what?",
                           "In February 2015 over fifteen hundred extras were hired for the pre-title sequence.")
    assert not number_conflict("Who provided the other 30 helicopters?", "Wen ordered 90 helicopters, of which 60 were "
                               "to be provided by the PLAAF, and 30 were to be provided by the army.")
    assert not number_conflict("Which two national newspapers are located in New York?",
                               "Two of the three national daily newspapers in the United States are New York papers.")
    # (a number before a unit counts nothing: "by one pct" is no one-year deposit)
    assert number_conflict("What rate will the policy set for one-year bank deposits?",
                           "It cut the lending rate by one pct and raised rates on deposits of two years to nine pct.")


def test_purchases_asked_with_no_buyer_are_the_sellers_sales():
    assert not exclusive_conflict("From what year did iPod purchases begin to decline?",
                                  "Since 2009, the company's iPod sales have continually decreased.")
    assert not exclusive_conflict("How many units of the Wii version had been purchased by the end of March 2011?",
                                  "The game had sold 5.82 million copies on the Wii as of March 31, 2011.")
    # (a buyer or seller named still takes a side)
    assert exclusive_conflict("What were Japan's purchases of U.S. wheat?", "Japan's sales of wheat rose.")
    assert exclusive_conflict("How much wheat has China bought this season?", "The U.S. sold 90,000 tonnes of wheat "
                              "to the Soviet Union this season.")


def test_a_year_before_a_comma_or_a_day_of_a_month_counts_nothing():
    assert not number_conflict("In 2007, which airlines made deals to include iPod connections?",
                               "Beginning in mid-2007, four major airlines reached agreements to install connections.")
    assert not number_conflict("What did the report dated March 20 say imports would be?",
                               "The report, dated March 25, said imports are projected at 8.0 mln tonnes.")


@pytest.mark.parametrize("question, sentence", [
    ("How much wheat did Egypt export in 1986?", "Egypt imported 7.2 mln tonnes of wheat in 1986."),
    ("Who was the youngest actress to be cast as a Bond girl?", "At fifty, she was the oldest actress to be cast as a Bond girl."),
    ("How much did the film gross from its Tuesday screenings?", "The film grossed 4.1 mln stg from its Monday screenings."),
    ("What was Brazil's trade surplus in March?", "Brazil's trade deficit narrowed to 200 mln dlrs in March."),
    ("Craig underwent major surgery in what city?", "Craig was flown to New York to undergo minor surgery."),
    ("Principal photography began on what date?", "Principal photography concluded on 5 July 2015."),
    ("What is a reference to the long story?", "It is a reference to the short story 'The Hildebrand Rarity'."),
    ("How much natural gas did Egypt produce in 1986?", "Egypt produced 40.3 mln tonnes of crude in 1986."),
    ("How much silver did the Cobriza mine produce?", "Cobriza produced around 40,600 fine tonnes of copper."),
    ("How much sugar did Peru export in the 1986/87 season?", "Sugar production in Peru was revised to 593,000 tonnes."),
    ("Who would not be reprising his role as Mr. White?", "Christensen revealed he would be reprising his role."),
    ("The unofficial car of the film was what?", "Aston Martin unveiled the DB10 as the official car for the film."),
    ("Who wanted an experienced actor for the role?", "An inexperienced actor was cast as Swann."),
    ("What is Madagascar's estimated coffee production for 1987?", "This year's exports are estimated at 2,400 tonnes."),
    ("What was Linde's world group net profit in 1986?", "World group turnover rose to 3.88 billion marks in 1986."),
    ("By how much did Venezuela's oil dividend drop in 1986?", "It cited a 40 pct drop in oil revenues last year."),
    ("Which airline did Truman Capote work for?", "In 1950, Lee moved to New York City, where she worked as a "
                                                  "reservation clerk for British Overseas Airways Corporation."),
    ("In what year was construction of the Erie Canal begun?", "The 1825 completion of the Erie Canal connected the "
                                                               "port to the interior."),
    ("Which political machine supported by Italian immigrants dominated local politics?",
     "Local politics became dominated by Tammany Hall, a political machine supported by Irish and German immigrants."),
    ("What quarterly dividend did Omnicom declare?", "Omnicom said its net profit was 6.6 mln dlrs."),
    ("What profit did the Gulf Investment Corporation make in 1986?", "The corporation's assets rose to 1.31 billion."),
    ("How much crude oil did Dune Resources produce in 1986?", "Its proven oil reserves were put at 605,682 barrels."),
    ("By how much did Caltex raise its gasoline posting?", "Caltex said its naphtha posting is up four cts a gallon."),
    ("What net income did ARCO's chemical unit earn last year?", "The unit had operating earnings of 132 mln dlrs."),
    ("What net profit did Bayer make in 1986?", "Bayer said world group pre-tax profit rose to 3.30 billion marks."),
    ("What was U.S. jet fuel demand in February?", "Gasoline demand was 6.60 mln bpd in the four weeks."),
    ("How much natural gas did Canada import in 1986?", "Canadian oil imports soared 25.2 pct to 20.58 mln cubic meters."),
    ("What palm oil imports did Oil World forecast for Malaysia?", "Opening stocks in West Malaysia were put at 565,000 tonnes."),
    ("How much help did the Bank of England give in the morning?", "It gave a further 152 mln stg in the afternoon."),
    ("How much sugar did India produce in 1986?", "India's sugar stocks stood at 1.2 mln tonnes at the end of 1986."),
    ("What oilseed production target has India set?", "India's foodgrain target has been fixed at 160 mln tonnes."),
    ("What grossed about $20 million more than its debut?", "It grossed $70 million, $20 million less than its debut."),
    ("How large was Malaysia's budget deficit in 1986?", "The current account deficit was 1.2 billion ringgit in 1986."),
    ("What was Japan's trade surplus in March?", "Japan's current account surplus rose to 9.1 billion dlrs in March."),
    ("Who will return to direct the next 007 film?", "Sam Mendes has stated he will not return to direct the next film."),
    ("Which country signed the accord?", "Brazil has never signed the accord, officials said."),
    ("Who was cast as a hero for scenes set in Austria?", "Detlef Bothe was cast as a villain for scenes shot in Austria."),
    ("Who got partial film rights to the concept?", "MGM acquired the full copyright film rights to the concept."),
    ("In which moments was Harper Lee directly involved?", "She had no direct involvement in any of them."),
    # what is asked is said not to be told
    ("When will the human tests of the vaccine begin?", "Officials were not immediately available to comment on when "
                                                        "the tests would begin."),
    ("How many dollars did the bank buy?", "He declined to say how many dollars the bank bought."),
    ("Which company cancelled the cargo?", "He declined to identify the company."),
])
def test_a_sentence_with_a_word_excluding_the_questions_conflicts(question, sentence):
    assert exclusive_conflict(question, sentence)


@pytest.mark.parametrize("question, sentence", [
    ("How much wheat did Egypt export in 1986?", "Egypt exported 1.1 mln tonnes and imported 7.2 mln tonnes."),
    ("What is Japan's reciprocal rate?", "Japan faces a 24% reciprocal rate."),
    ("When did filming end?", "Filming began in December 2014 and ended in July 2015."),
    ("What price will Japanese steel mills pay for Soviet coal?", "Prices were set at 44 dlrs a tonne for the coal."),
    ("How much sugar did Thailand produce in February?", "Its output was 961,000 tonnes and exports 32,800 tonnes."),
    ("Which country has not signed the accord?", "Brazil has not signed the accord, officials said."),
    ("Where are performances offered at no cost?", "Summerstage offers free performances in the park."),
    ("What discount did the bank offer?", "The bank cut the count of its branches."),
    ("What net profit did Linde make in 1986?", "Net profit rose to 105 mln marks on sales of 3.88 billion."),
    # a negation in what someone said denies the report's content, which the sentence may say in other words
    ("Which analyst said she did not see the dollar above 142 yen?", "The dollar will stay near these levels, "
                                                                      "said analyst Anne Parker Mills."),
    ("What was Citizens and Southern's quarterly dividend?", "Qtly div 28 cts vs 25 cts prior"),
    ("How much did Japanese exports rise?", "Japanese exports rose 5 pct while Korean exports fell."),
    ("When did construction of the Erie Canal begin?", "Construction began in 1817 and was completed in 1825."),
    ("Which airline did Truman Capote work for?", "In 1950, he moved to New York City, where he worked for BOAC."),
    ("Which airline did Harper Lee work for?", "In 1950, Lee moved to New York City, where she worked for BOAC."),
    ("What did Brazilian coffee exports reach?", "Coffee exports reached 1.2 mln bags, Brazilian officials said."),
    ("What net profit did Bayer make in 1986?", "Net profit rose to 1.5 billion marks, pre-tax profit to 3.3 billion."),
    ("How many more tonnes did Japan buy?", "Japan bought 20,000 more tonnes, but less than it wanted."),
    ("How much natural gas did Canada import in 1986?", "Canada's oil and gas imports rose 12 pct."),
    ("How large are Indonesia's coffee stocks?", "He said stocks, at 90,000 tonnes, were about average."),
    ("What was Japan's trade surplus in March?", "The trade surplus, part of the current account, was 8 billion dlrs."),
    # words sharing a stem with a measure but naming something else: goods, consumer prices, market trading
    ("Which products does the 1986 pact cover?", "The pact governs Japanese exports of semiconductors."),
    ("How much are consumer prices forecast to rise?", "Production is forecast to rise two pct."),
    ("How much did trading volume rise in March?", "The budget deficit rose to 2.1 billion dlrs in March."),
    # a negation of something the question does not ask about
    ("Which country signed the accord?", "Brazil signed the accord, though talks did not resume."),
    ("Which pipeline stopped providing open access?", "Transco said it would no longer provide open access."),
    ("How much did prices change?", "Prices showed no change, with no sign of a rise in March."),
    ("When will the tests begin?", "He declined to say how much the tests cost; they begin on May 1."),
    ("How much did Exxon pay for the stake?", "Exxon paid 20 mln dlrs but did not say when the deal would close."),
    ("What price did the U.S. pay for the cargo?", "Officials would not say what the decision was on the tanker."),
])
def test_the_questions_own_word_beside_its_opposite_is_no_exclusive_conflict(question, sentence):
    assert not exclusive_conflict(question, sentence)


def test_a_day_written_before_its_month_is_read():
    asked = asked_times("Where did the film open despite the 11 November Paris attacks?")
    assert asked == [TimeRef(None, 11, 11)]
    other_day = "Despite the 13 November Paris attacks, the film opened with 14.6 mln dlrs in France."
    assert time_evidence(asked, other_day, other_day, None).conflict == 1.0, "the 13th is not the asked 11th"
    assert asked_times("What did 12 analysts expect in March?") == [TimeRef(None, 3)], "a count is no day"


@pytest.mark.parametrize("question, sentence", [
    ("What did Japan pay for 25,000 tonnes of wheat?", "Japan bought 25,000 tonnes of wheat and 10,000 tonnes of corn."),
    ("How many men did Bond kill?", "Bond kills three men."),  # the question gives no number
    # the question's figure of what it measures is its context: "how much more wheat flour" after 25,000 tonnes
    ("After the sale of 25,000 tonnes of wheat flour to Iraq, how much more wheat flour remains available?",
     "An additional 175,000 tonnes of wheat flour are still available to Iraq."),
    ("Who won the 1987 election?", "He won the 1983 election."),  # years are times, not counts
    ("How many homes collapsed in the May 27th aftershocks?", "On May 27, two aftershocks razed 420,000 homes."),  # a day
])
def test_the_asked_number_or_no_number_is_no_number_conflict(question, sentence):
    assert not number_conflict(question, sentence)


# --- numbers_in --------------------------------------------------------------------------------------------

def test_the_base_of_a_comparison_is_not_the_asked_time():
    assert asked_times("How much did industrial production rise in March 1987 from February?") == [TimeRef(1987, 3)], \
        "'from February' is what March is compared with, not the month asked about"
    assert asked_times("What was output in 1986 compared with 1985?") == [TimeRef(1986)]
    assert asked_times("What margin will the exchange require from March 2?") == [TimeRef(None, 3, 2)], \
        "a time after 'from' is kept when the question names no other"


def test_a_month_stated_in_an_article_of_that_year_states_the_asked_month_and_year():
    question = asked_times("By how much did industrial production rise in March 1987?")
    dated = time_evidence(question, "The index rose 0.7 pct in March from the previous month.", "", "1987-04-28")
    assert dated.stated == 1.0 and dated.conflict == 0.0, "the article of April 1987 says March: March 1987"
    older = time_evidence(question, "The index rose 0.7 pct in March from the previous month.", "", "1988-04-28")
    assert older.stated == 0.0, "in an article of April 1988, March is March 1988"


def test_numbers_in_reads_number_words_and_thousands_separators():
    found = numbers_in("Consumer prices rose seven pct while output reached 1,353 tonnes, or 2.5 pct more.")
    assert 7.0 in found, f"'seven pct' is 7: {found}"
    assert 1353.0 in found, f"'1,353' is 1353: {found}"
    assert 2.5 in found, f"'2.5' is 2.5: {found}"
    assert 1.0 not in found and 353.0 not in found, f"'1,353' is one number, not two: {found}"
    assert {3.5, 3_500_000.0} <= numbers_in("It sold 3.5 mln shares."), "a scaled number is also its full value"
    assert questions.entities("When does the offering of 3.5 mln shares expire?") == ["3.5 mln"]
    assert not mentions("it offered 3,600,000 shares.", "3.5 mln")
    # every scale word a question keeps is read at its value ("billions" too: one list in questions.SCALES)
    assert questions.entities("Who lent 2 billions to the fund?") == ["2 billions"]
    assert mentions("the bank lent 2,000,000,000 dlrs.", "2 billions")


# --- mentions / entity_share -------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence,entity", [
    ("Japanese exporters cut prices sharply in February.", "Japan"),
    ("Tokyo said it would not intervene.", "Japan"),
    ("Moscow bought one mln tonnes of sugar.", "Soviet Union"),
    ("Soviet grain imports rose last year.", "Soviet Union"),
    ("The USSR bought U.S. corn.", "Soviet Union"),
    ("The U.S. trade deficit narrowed in January.", "United States"),
    ("American officials said the talks would resume.", "United States"),
    ("Korean exports of steel rose 12 pct.", "South Korea"),
    ("EC farm ministers met in Brussels on Monday.", "European Community"),
    ("E.C. farm ministers met on Monday.", "European Community"),
    ("Brazilian coffee exports rose 4.5 pct.", "Brazil"),
    ("Italy's budget deficit widened.", "Italy"),
    ("Output reached 1,353 tonnes.", "1353"),
    ("German growth will average 2.2 pct to 1991.", "West German"),
    ("The Italian treasury cut coupon rates.", "Italy"),
    ("The U.S. Agriculture Department accepted the bids.", "USDA"),
    ("Moscow bought more grain.", "Soviet"),
    ("Dealers waited for the Group of Seven meeting.", "G-7"),
    ("The Group of 10 central banks met.", "G-10"),
    ("It started a subscription offering of 3,500,000 shares.", "3.5 mln"),
    ("It offered 3.5 mln shares.", "3.5 mln"),
])
def test_mentions_knows_demonyms_capitals_initials_and_number_forms(sentence, entity):
    assert mentions(sentence.lower(), entity), f"{sentence!r} names {entity!r}"


@pytest.mark.parametrize("sentence,entity", [
    ("Chinese exporters cut prices sharply.", "Japan"),
    ("Austrian exports rose.", "Australia"),
    ("Indonesian rubber output fell.", "India"),
    ("Iraqi oil exports rose.", "Iran"),
    ("Output reached 1,354 tonnes.", "1353"),
    ("Dealers waited for the Group of Five meeting.", "G-7"),
])
def test_mentions_does_not_confuse_neighbouring_names(sentence, entity):
    assert not mentions(sentence.lower(), entity), f"{sentence!r} does not name {entity!r}"


def test_absent_entities_are_those_no_passage_names_in_its_title_or_text():
    def passage(title: str, text: str) -> Passage:
        return Passage(chunk_id=title, doc_id=title, title=title, text=text, start=0, end=len(text))

    passages = [passage("Japan to open tariff talks", "The minister said talks would start soon."),
                passage("Note", "Mr O’Neill left the rate unchanged.")]
    assert absent_entities(["Japan", "O'Neill", "China"], passages) == ["China"], \
        "a name in a title counts, and a curly apostrophe reads as a straight one"
    assert absent_entities([], passages) == [] and absent_entities(["Japan"], []) == ["Japan"]


def test_an_acronym_is_named_by_its_spelled_out_form_in_capitals():
    text = "The Philippines agreed the target with the International Monetary Fund in February."
    assert entity_share(text, ["IMF"]) == 1.0, "'International Monetary Fund' names the IMF"
    assert absent_entities(["IMF"], [Passage("p1", "d.txt", "memo", text, 0, len(text))]) == []
    assert entity_share("Officials said in many fields prices fell.", ["IMF"]) == 0.0, \
        "lower-case words with the same initials are no spelled-out acronym"
    assert entity_share("The Inter-American Development Bank signed four loans.", ["IADB"]) == 1.0


def test_entity_share_is_the_share_of_entities_the_text_names():
    text = "Japanese exporters sold more cars in Moscow."
    assert entity_share(text, ["Japan", "Soviet Union", "Brazil"]) == pytest.approx(2 / 3), \
        "Japan (Japanese) and the Soviet Union (Moscow) are named, Brazil is not"
    assert entity_share(text, []) == 1.0, "no entities asked: nothing missing"
    assert entity_share("Japan’s exports rose.", ["Japan"]) == 1.0, "a curly possessive still names Japan"


def test_the_pronoun_us_does_not_name_the_united_states():
    """Regression: the text is lower-cased before matching, so the pronoun 'us' matches the 'us' variant and the initials of United States"""
    assert entity_share("It is up to us to decide, the Japanese minister told reporters.", ["United States"]) == 0.0


def test_ussr_does_not_name_the_united_states():
    """Regression: the 'u.s.' variant pattern has no right boundary: 'U.S.S.R.' names the United States"""
    assert not mentions("the u.s.s.r. bought 1.5 mln tonnes of grain.", "United States")


def test_a_question_about_the_us_is_answered_by_a_sentence_naming_the_united_states():
    """Regression: questions.entities gives 'U.S' (the final dot stripped) and entity_variants strips it too, but the variant table lists 'u.s.', so 'U.S.' never finds 'United States' or 'American'"""
    found = questions.entities("What did the U.S. say about Japan's tariffs?")
    assert entity_share("The United States told Japan it would act on tariffs.", found) == 1.0, found


# --- questions.entities ------------------------------------------------------------------------------------

def test_a_sentence_initial_adverb_is_no_entity():
    assert questions.entities("Roughly how many tonnes of wheat did Japan import?") == ["Japan"], \
        "'Roughly' opens the question, it is no name"
    assert questions.entities("Approximately how many workers did Chrysler Corp. lay off?") == ["Chrysler Corp"]


def test_a_capitalised_conjunction_opening_the_question_is_no_part_of_the_name_after_it():
    assert questions.entities("Because of Beyonce's shape, what term has been used to describe her?") == ["Beyonce"]
    assert questions.entities("Unlike Brazil, which country cut its coffee quota?") == ["Brazil"]
    assert questions.entities("Although Japan agreed, what did Korea say?") == ["Japan", "Korea"]


def test_times_are_not_entities_but_a_possessive_country_is():
    assert questions.entities("How much did Italy's deficit grow in March 1987?") == ["Italy"], \
        "'in March 1987' is a time, 'Italy's' is Italy"
    assert questions.entities("What was the 1986/87 deficit of Brazil?") == ["Brazil"], "'1986/87' is a time"
    assert questions.entities("What did the Fed say on April 14, 1987?") == ["Fed"], "'April 14, 1987' is a time"


def test_an_ordinal_in_a_question_is_an_entity_named_in_figures_or_words():
    found = questions.entities("How many awards did Beyonce win at the 57th Grammy Awards?")
    assert "57th" in found, found
    assert entity_share("At the 57th Annual Grammy Awards Beyonce won three.", found) == 1.0
    assert entity_share("Beyonce has won 20 Grammy Awards.", found) < 1.0, "the sentence names no 57th"
    assert mentions("profit in the fourth quarter rose.", "4th") and not mentions("in the 14th week", "4th")


def test_a_name_runs_through_of_the_but_not_through_the_alone():
    assert questions.entities("How much did Guillaume tell the FNSEA the French government would pay?") \
        == ["Guillaume", "FNSEA", "French"]
    assert questions.entities("What did the Bank of the Philippines say?") == ["Bank Philippines"]
    assert questions.entities("Twice the energy of Earth comes from what?") == ["Earth"], "'Twice' opens, names nothing"


def test_a_people_before_a_one_word_proper_name_is_where_it_is_from_not_part_of_the_name():
    assert questions.entities("What price will mills pay for Soviet Neryungrinsky coal?") == ["Soviet", "Neryungrinsky"]
    assert questions.entities("When did the Canadian-run Sedren mine shut down?") == ["Canadian", "Sedren"]
    assert questions.entities("What did the Japanese Finance Ministry say?") == ["Japanese Finance Ministry"]
    assert questions.entities("How much does Saudi Arabia supply?") == ["Saudi Arabia"]


def test_an_acronym_of_three_letters_or_more_is_named_by_its_words_in_lower_case():
    assert entity_share("Japan's consumer price index fell 1.1 pct in January.", ["CPI"]) == 1.0
    assert entity_share("Crude oil and liquefied natural gas output fell.", ["LNG"]) == 1.0
    assert entity_share("Officials said in many fields prices fell.", ["IMF"]) == 0.0, "'in' is too short a word"


def test_early_opening_a_question_is_no_entity():
    """Regression: 'Early' (five letters, not in the openers) is kept as an entity of 'Early in 1987, what did the EC decide?', so evidence must say 'early'"""
    assert questions.entities("Early in 1987, what did the EC decide?") == ["EC"]


# --- place_conflict ----------------------------------------------------------------------------------------

def test_a_question_about_china_conflicts_with_a_sentence_about_japan():
    sentence = "Japan faces a 24 pct reciprocal tariff, the Finance Ministry said."
    china = questions.entities("What rate does China face?")
    assert china == ["China"], china
    assert place_conflict(china, sentence), "the sentence names Japan, not the asked China"
    assert not place_conflict(questions.entities("What rate does Japan face?"), sentence), "Japan is the asked place"
    assert not place_conflict(["China"], "Chinese exporters face a 24 pct rate."), "'Chinese' names China"
    assert not place_conflict(["China"], "Exporters face a 24 pct rate."), "no other country named: no conflict"
    assert not place_conflict(["Fed"], sentence), "no place asked: no conflict"


def test_a_us_state_is_no_conflicting_country():
    """Regression: places_in matches country names by prefix only, so 'Indiana' names India and a US state's sentence conflicts with a question about the United States"""
    assert not place_conflict(["United States"], "Indiana farmers sold 2.1 mln bushels of corn last week.")


# --- questions.spans ---------------------------------------------------------------------------------------

def test_percent_spans_find_wire_percentages():
    assert span_texts("percent", DEPOSITS) == ["2.6 pct", "9.4 pct"], "digits with pct"
    assert span_texts("percent", "Consumer prices rose six pct last year.") == ["six pct"], "a number word"
    assert span_texts("percent", "Growth is forecast at 6.5 to 9.5 pct this year.") == ["6.5 to 9.5 pct"], \
        "a range is one span"
    assert span_texts("percent", DEPOSITS, "Did deposit growth rise 2.6 pct in January?") == ["9.4 pct"], \
        "a figure the question already says is not its answer"


def test_amount_spans_find_wire_amounts():
    assert span_texts("amount", "Net profit rose to 57.1 mln dlrs in the year.") == ["57.1 mln dlrs"]
    assert span_texts("amount", "Raw sugar closed at 64.5 cents a lb, down 0.3 cent.") == ["64.5 cents a lb",
                                                                                          "0.3 cent"]
    assert "90,000 yen" in span_texts("amount", "Rice sold at 90,000 yen, the agency said."), "yen amount"
    assert span_texts("amount", "Japan's trade surplus widened to 3.2 mln dlrs in 1987, it said.") == ["3.2 mln dlrs"]


def test_a_year_followed_by_a_word_is_not_an_amount():
    found = span_texts("amount", "Output in the 1987 season was forecast at 7.6 mln bales, up from 7.1 mln.")
    assert not any("1987" in s for s in found), f"'1987 season' is a year: {found}"
    assert "7.6 mln bales" in found, f"the real amount is found: {found}"
    assert span_texts("amount", "In 1987 exports rose sharply.") == [], "a year alone is no amount"


def test_an_amount_at_the_end_of_a_sentence_leaves_the_full_stop_out():
    """Regression: the unit after a scale ('mln dlrs') may contain dots (for 'N.Z.'), so an amount ending a sentence takes the full stop: '40.2 mln dlrs.'"""
    assert span_texts("amount", "Net profit rose to 57.1 mln dlrs from 40.2 mln dlrs.") == ["57.1 mln dlrs",
                                                                                          "40.2 mln dlrs"]


def test_a_month_abbreviated_before_a_day_as_wire_headlines_write_it_is_read_and_a_verb_is_not():
    from assistant.evidence import asked_times, months_in, time_evidence

    assert months_in("<SULPETRO LTD> YEAR OCT 31 LOSS", None) == {10}
    assert months_in("Prices in Mar 1987 rose", None) == {3}
    assert months_in("The strikes mar the harbour's record", None) == set()
    assert months_in("Indonesian output during Jan/Sept is forecast to rise", None) == {1, 9}
    assert months_in("in the January/Sept period and again in Oct-Dec", None) == {1, 9, 10, 12}
    assert months_in("the Hong-Jun talks", None) == set()
    asked = asked_times("What palm oil output did Oil World forecast for Indonesia in January-September 1987?")
    sentence = "Overall Indonesian output during Jan/Sept is forecast to rise three pct to 933,000 tonnes."
    assert time_evidence(asked, sentence, sentence, "1987-03-20").stated == 1.0
    asked = asked_times("How large a writedown is included in Sulpetro's loss for the year to October 31?")
    evidence = time_evidence(asked, "Current loss includes a 125 mln dlr writedown of oil and gas properties.",
                             "<SULPETRO LTD> YEAR OCT 31 LOSS Current loss includes", "1987-03-10")
    assert evidence.dated == 1.0 and evidence.conflict == 0.0


def test_a_time_borrowed_from_the_earlier_question_places_the_story_but_another_date_does_not_contradict_it():
    from assistant.evidence import asked_times, time_evidence

    june = asked_times("Which company won the Taiwan soybean contract in June 1987?")
    sentence = "The cargo, priced at 249.10 U.S. Dlrs per tonne, is set for delivery before July 7, he said."
    context = f"TAIWAN BUYS 32,000 TONNES OF U.S. SOYBEANS {sentence}"
    asked_now = time_evidence(june, sentence, context, "1987-06-04")
    borrowed = time_evidence(june, sentence, context, "1987-06-04", borrowed=True)
    assert asked_now.conflict == 1.0 and asked_now.dated == 0.0  # asked in this question: July is another month
    assert borrowed.conflict == 0.0 and borrowed.dated == 1.0


def test_a_context_given_as_its_sentences_reads_as_the_same_context_joined():
    sentence = "Inflation fell to 5.6 pct, the central bank said."
    parts = ("KENYA ECONOMY GREW IN 1986", "Moi said cheap oil last year led to growth of five pct.", sentence)
    asked = asked_times("What was Kenya's inflation rate in 1986?")
    joined = time_evidence(asked, sentence, " ".join(parts), "1987-02-24")
    assert time_evidence(asked, sentence, parts, "1987-02-24") == joined
    assert joined.dated == 1.0, f"1986 is in the title and 'last year' of a 1987 article: {joined}"
    assert time_evidence(asked, sentence, parts[2:], "1988-02-24").dated == 0.0, "without them 1986 is not the context"


def test_dotted_initials_of_a_country_name_a_place():
    from assistant.evidence import is_place

    assert is_place("U.S.") and is_place("the U.K.") and is_place("Japan")
    assert not is_place("CBFC") and not is_place("Bond")


def test_a_split_year_asked_is_one_period_not_two_years_that_other_periods_name():
    question = "What was Australia's current account deficit in fiscal 1984/85?"
    sentence = ("The forecast compares with a record shortfall of 14.40 billion dlrs in 1985/86, nearly double the "
                "7.29 billion deficit of 1983/84.")
    times, periods = asked_times(question), split_years(question)
    other = time_evidence(times, sentence, sentence, "1987-04-20", periods=periods)
    assert (other.stated, other.conflict) == (0.0, 1.0), "1983/84 and 1985/86 do not state 1984/85"
    same = "The deficit was 8.9 billion dlrs in 1984/85."
    assert time_evidence(times, same, same, "1987-04-20", periods=periods).stated == 1.0


def test_a_period_named_as_the_base_of_a_comparison_is_no_other_period_than_a_later_one_asked():
    question = "What was the value of Pakistan's exports in financial year 1986/87?"
    sentence = "Alimullah said exports rose 18 pct to 3.5 billion dlrs from 2.9 billion dlrs in 1985/86."
    times, periods = asked_times(question), split_years(question)
    assert time_evidence(times, sentence, sentence, "1987-06-10", periods=periods).conflict == 0.0
    earlier = asked_times("What were Pakistan's exports in 1984/85?")
    assert time_evidence(earlier, sentence, sentence, "1987-06-10", periods=frozenset({(1984, 1985)})).conflict == 1.0


def test_a_decade_asked_is_stated_by_any_year_of_it_and_contradicted_by_another_decade():
    times = asked_times("What resurrected the design in the 1950s?")
    assert time_evidence(times, "It was revived in 1954 by Smith.", "", None).conflict == 0.0
    assert time_evidence(times, "It was revived in 1954 by Smith.", "", None).stated == 1.0
    assert time_evidence(times, "It was revived in the 1980s by Smith.", "", None).conflict == 1.0


def test_a_month_named_only_with_another_year_contradicts_the_asked_one():
    times = asked_times("What net income did Caesars World report for its fiscal year ended July 31, 1986?")
    later = "Net income for the fiscal year ended July 31, 1988 is expected to be about 28.7 mln dlrs."
    assert time_evidence(times, later, later, "1987-04-20").conflict == 1.0
    same = "Net income for the fiscal year ended July 31 was 20 mln dlrs, against 18 mln in July 1985."
    assert time_evidence(times, same, same, "1986-09-20").conflict == 0.0, "July without a year is this July"


def test_a_month_range_takes_its_year_and_a_yearless_month_is_the_reports_own():
    times = asked_times("How much soymeal did the Soviet Union import in January-March 1986?")
    assert times == [TimeRef(1986, 1), TimeRef(1986, 3)]
    coming = "At least 500,000 tonnes may be shipped in the January/March quarter."
    assert time_evidence(times, coming, coming, "1987-03-03").conflict == 1.0, "a report of March 1987: 1987's"
    assert time_evidence(times, coming, coming, "1986-03-03").conflict == 0.0


def test_a_dotted_name_joined_by_a_hyphen_is_named_with_a_space_as_well():
    text = "The percentage of food aid carried on U.S. flag vessels was to rise to 75 pct."
    assert mentions(text.lower(), "U.S.-flag", text)
    assert mentions("u.s.-flag ships", "U.S.-flag") and not mentions("the flag of us", "U.S.-flag")


def test_last_year_in_a_question_is_the_year_before_the_reports_date():
    from assistant.evidence import relative_times

    assert relative_times("What did Scott Paper earn per share last year?", "1987-04-01") == [TimeRef(1986)]
    assert relative_times("What does it expect this year?", "1987-04-01") == [TimeRef(1987)]
    assert relative_times("What did it earn in 1986?", "1987-04-01") == [] and relative_times("last year", None) == []


def test_a_two_word_name_is_named_only_by_its_words_together_in_its_order_or_through_of():
    text = "Following filming in Mexico, and during a scheduled break, Craig was flown to New York for surgery."
    assert not mentions(text.lower(), "New Mexico", text)
    assert mentions(text.lower(), "New York", text)
    assert mentions("japan's central bank raised its discount rate", "Bank Japan")
    assert mentions("the bank of japan raised its discount rate", "Bank Japan")
    assert mentions("the department of commerce said", "Commerce Department")
    assert not mentions("the film casino royale", "Royale Casino")
    # A longer name a question builds from a title and a place is still looked for word by word.
    assert mentions("u.s. officials said. agriculture secretary richard lyng told the panel", "U.S. Agriculture Secretary")


def test_a_figure_compared_with_and_given_no_time_is_the_year_befores():
    text = "RTZ cut its gearing to 35 pct at the end of 1986 from 61 pct."
    assert base_years(text, frozenset({1986}), frozenset()) == {1985}
    evidence = time_evidence([TimeRef(1985, None)], text, "", "1987-04-01")
    assert (evidence.stated, evidence.dated, evidence.conflict) == (1.0, 1.0, 0.0)
    # a month named, the base may be the month before; a year given to the base, that year is the base
    assert not base_years("It rose to 5 pct in March 1986 from 4 pct.", frozenset({1986}), frozenset({3}))
    assert not base_years("It rose to 5 pct in 1986 from 4 pct in 1984.", frozenset({1984, 1986}), frozenset())


def test_a_parent_companys_result_is_not_its_groups():
    assert exclusive_conflict("What parent-company net profit did C. Itoh report?",
                              "The company earlier reported group net profit of 20.07 billion yen.")
    assert exclusive_conflict("What group net profit did Linde report?", "Parent company net profit rose to 100 mln marks.")
    assert not exclusive_conflict("What net profit did Linde report?", "The group said net profit rose to 100 mln marks.")


def test_a_comparison_with_last_year_or_a_year_earlier_names_its_base_year_relatively():
    deficits = "The study said the combined GCC budget deficits would rise to 23.2 billion dlrs from 17.9 billion last year."
    assert comparison_years(deficits, "1987-03-20") == {1986}
    # "last year" as a base does not contradict this year's figure the sentence gives
    assert time_evidence([TimeRef(1987, None)], deficits, "", "1987-03-20").conflict == 0.0
    gearing = "RTZ cut its gearing to 35 pct at the end of 1986 from 61 pct a year earlier, its finance director said."
    assert comparison_years(gearing, "1987-04-08") == {1985}  # a year before the one the sentence names
    assert time_evidence([TimeRef(1985, None)], gearing, "", "1987-04-08").stated == 1.0


def test_a_month_is_reported_in_it_or_the_three_months_after_and_a_day_within_a_week():
    from assistant.evidence import reports_on

    january = TimeRef(1987, 1)
    assert [reports_on(january, d) for d in ("1987-01-30", "1987-04-28", "1987-05-20", "1986-12-30")] == \
        [True, True, False, False]
    assert reports_on(TimeRef(None, 12), "1987-02-10"), "December without a year is the one before February 1987"
    assert reports_on(TimeRef(1987, 3, 18), "1987-03-20") and not reports_on(TimeRef(1987, 3, 18), "1987-04-20")
    assert reports_on(january, None) is None and reports_on(TimeRef(1987), "1987-02-10") is None


def test_today_and_yesterday_in_a_report_are_its_day_and_the_day_before():
    asked = asked_times("What rebate was granted at the EC sugar tender held on March 18, 1987?")
    today = "Sugar received export rebates of a maximum 44.819 Ecus at today's EC tender."
    assert time_evidence(asked, today, today, "1987-03-18").stated == 1.0
    later = time_evidence(asked, today, today, "1987-03-25")
    assert later.conflict == 1.0 and later.dated == 0.0, "the report of March 25 speaks of the tender of March 25"
    yesterday = "The rebate granted at yesterday's EC sugar tender was a concession."
    assert time_evidence(asked, yesterday, yesterday, "1987-03-19").conflict == 0.0
    assert time_evidence(asked, yesterday, yesterday, "1987-03-26").conflict == 1.0


def test_names_for_things_that_are_no_places_have_their_variants_too():
    from assistant.evidence import is_place

    assert entity_share("In 1940 the city's population was 92% white.", ["Caucasian"]) == 1.0
    assert entity_share("Laptops made up 21% of revenue in the first quarter of 2008.", ["Q1"]) == 1.0
    assert entity_share("The average surface temperature is about 14 °C.", ["Celsius"]) == 1.0
    assert entity_share("The oldest public-access television channel is in the city.", ["TV"]) == 1.0
    assert entity_share("It lies halfway between Washington, D.C., and Boston.", ["DC"]) == 1.0
    assert entity_share("Ten DB10 cars were built for the film.", ["DB10s"]) == 1.0, "a code's plural names the code"
    assert entity_share("Ten DB1 cars were built for the film.", ["DB10s"]) == 0.0
    assert not is_place("Caucasian"), "a variant of a people's name, not a place"


def test_a_name_is_found_whatever_its_accents_and_us_in_capitals_is_the_united_states():
    text = "In 2004 she and her mother started House of Deréon; two stadiums were shown on U.S. postage stamps."
    passage = Passage("p1", "d.txt", "Beyoncé", text, 0, len(text))
    assert absent_entities(["Dereon", "US", "Beyonce"], [passage]) == []
    assert absent_entities(["Tina Knowles"], [passage]) == ["Tina Knowles"], "a name it does not give stays absent"
    pronoun = "Let us see what the stadiums cost."
    assert absent_entities(["US"], [Passage("p2", "e.txt", "memo", pronoun, 0, len(pronoun))]) == ["US"], \
        "the pronoun 'us' is not the United States"
    assert entity_share("José Cuervo was named.", ["Jose Cuervo"]) == 1.0


def test_money_counts_nothing_so_an_issue_named_by_its_size_does_not_conflict_with_a_price():
    question = "What premium does the conversion price on CBS's 400 mln dlr convertible issue represent?"
    sentence = "The securities are convertible at a price of 200 dlrs per share, a premium of 26.2 pct."
    assert not number_conflict(question, sentence)
    assert number_conflict("How many ships did the four tankers escort?", "Three tankers escorted 12 ships.")


def test_an_ordinal_is_among_a_count_of_the_same_thing_but_a_time_is_no_length_of_time():
    assert not number_conflict("What is the second busiest airport?",
                               "The three busiest airports are Kennedy, Newark and LaGuardia.")
    assert number_conflict("Which was the second Bond theme to top the chart?", "It was the first Bond theme to do so.")
    assert number_conflict("How much must it repay in the first year of its agreement?",
                           "South Africa will repay 1.42 billion dlrs over the next three years.")


def test_an_agency_is_named_by_its_department_and_an_acronym_spelled_out_with_on():
    text = ("Agriculture Undersecretary Daniel Amstutz wrote to the Commodity Futures Trading Commission under the "
            "General Agreement on Tariffs and Trade.")
    passage = Passage("p1", "d.txt", "memo", text, 0, len(text))
    assert absent_entities(["USDA", "CFTC", "GATT"], [passage]) == []
    assert absent_entities(["IMF"], [passage]) == ["IMF"]


def test_a_sentence_opening_with_another_country_is_about_it_though_its_neighbour_names_the_asked_one():
    window = "Japan named Akazawa its negotiator. South Korea, meanwhile, has formed a team under Han Duck-soo."
    assert place_conflict(["Japan"], window, "South Korea, meanwhile, has formed a team under Han Duck-soo.")
    assert not place_conflict(["Japan"], window, "Japan named Akazawa its negotiator.")
    assert not place_conflict(["Japan"], "Exports to China rose, Japan said.", "Exports to China rose."), \
        "another country further in, with the asked one nearby: the window decides"
    assert not place_conflict(["Japan"], "The Soviet Union said Japan would buy.", "The Soviet Union said Japan would buy.")


@pytest.mark.parametrize("text,entity,named", [
    ("During a break, Craig was flown to New York for minor surgery.", "Daniel Craig", True),
    ("Mr. Craig said the film was on schedule.", "Daniel Craig", True),
    ("Ben Craig said filming went on. Craig was flown home.", "Daniel Craig", False),  # another Craig
    ("Filming in Mexico ended as the crew flew to New York.", "New Mexico", False),  # "New" stands apart
    ("Twilight Princess came out for the GameCube and the Wii in 2006. Enemies react to arrows.", "Twilight Enemies", False),
    ("The scene was set on the Day of the Dead.", "Night Dead", False),  # "the Dead" is no surname
    ("The film was a work of art. When Peck eventually met her, he was moved.", "Gregory Peck", True),  # "When": no name
])
def test_a_person_named_in_full_is_named_by_the_surname_alone(text, entity, named):
    assert mentions(text.lower(), entity, text) is named


@pytest.mark.parametrize("question,sentence,conflict", [
    ("Which company bought the hotel?", "The group purchased the hotel, the most expensive ever sold.", False),
    ("Which company bought the hotel?", "The group sold the hotel to investors.", True),
])
def test_a_word_of_the_same_meaning_as_the_questions_is_no_opposite(question, sentence, conflict):
    from assistant.contradictions import exclusive_conflict
    assert exclusive_conflict(question, sentence) is conflict


def test_a_peoples_name_and_a_place_a_body_is_based_in_are_names_the_evidence_must_give():
    from assistant.questions import entities
    assert entities("Which Japanese insurance group purchased the Waldorf Astoria in 2014?") \
        == ["Japanese", "Waldorf Astoria"]
    assert entities("Which China-based company bought the Waldorf Astoria in 2014?") == ["China", "Waldorf Astoria"]
    assert entities("What did the Hamburg-based Unimar say?") == ["Hamburg", "Unimar"]


@pytest.mark.parametrize("question,sentence,swapped", [
    ("Which of Scout's arms is broken in the struggle?", "One of Jem's arms is broken in the struggle.", True),
    ("How much did Japan's exports rise?", "South Korea's exports rose 5 pct in March.", True),
    ("How much did J.C. Penney's overall March sales rise?",
     "Penney's store and catalog sales fell 1.3 pct and Dayton Hudson's overall sales rose 4.8 pct.", False),
    ("What did Wilson forecast in Canada's budget?", "Wilson predicted 3.3 pct in February's budget.", False),
])
def test_another_owners_thing_conflicts_with_the_owner_asked(question, sentence, swapped):
    from assistant.contradictions import exclusive_conflict
    assert exclusive_conflict(question, sentence) is swapped


@pytest.mark.parametrize("text,entity,named", [
    ("Lac said its forward contracts at May 29 were 220,000 ounces.", "Lac Minerals", True),
    ("First Interstate has 42 franchise banks in ten states.", "First Interstate Bancorp", True),  # two words
    ("Scott said the mill would close.", "Scott Paper", True),
    ("Big Lac Courte Oreilles band said the mine was closed.", "Lac Minerals", False),  # inside another name
    ("Minerals prices rose in May.", "Lac Minerals", False),
])
def test_a_company_named_in_full_is_named_by_its_first_word_alone(text, entity, named):
    assert mentions(text.lower(), entity, text) is named


def test_a_word_whose_prefix_the_sentence_turns_round_is_an_opposite():
    from assistant.contradictions import exclusive_conflict
    assert exclusive_conflict("Which aspect do some argue is overrepresented in scholarship?",
                              "Others argue that the religious nature is underrepresented in scholarship.")
    assert not exclusive_conflict("Which aspect is overrepresented?", "It is overrepresented, not underrepresented.")


@pytest.mark.parametrize("question, sentence", [
    ("What was Khubilai able to have himself accepted as?", "Khubilai was unable to have himself accepted as the Great Khan."),
    ("Which three games were removed in later revisions of the iPod?", "Later revisions of the iPod added three games."),
    ("In what year did Altan Khan make war with the Ming dynasty?", "Altan Khan made peace with the Ming dynasty in 1571."),
    ("Who is the most nominated man in Grammy history?", "Beyonce is the most nominated woman in Grammy history."),
])
def test_common_opposites_exclude_each_other(question, sentence):
    from assistant.contradictions import exclusive_conflict
    assert exclusive_conflict(question, sentence)
    assert not exclusive_conflict(question, f"{sentence} {question}"), "the question's own word named: no conflict"


def test_a_month_or_year_the_question_also_asks_of_is_no_other_time():
    licences = ("Last week there were rumours that Indonesia had issued licences to import around 135,000 tonnes of "
                "palm oil for deliveries commencing April.")
    asked = asked_times("How much palm oil were the licences issued in March 1987 to cover, for deliveries from April?")
    assert time_evidence(asked, licences, licences, "1987-03-16").conflict == 0.0
    # ("from" is still the base of a change: April's rise is not March's)
    assert time_evidence(asked_times("How much did output rise in March from April?"), licences, licences,
                         "1987-03-16").conflict > 0
    cuts = "Credit was eased by the five discount rate cuts since the beginning of last year."
    asked = asked_times("How many rate cuts were made since the beginning of 1986, according to the governor in March 1987?")
    assert time_evidence(asked, cuts, cuts, "1987-03-29").conflict == 0.0
    assert time_evidence(asked_times("How many rate cuts were made in March 1987?"), cuts, cuts, "1987-03-29").conflict > 0


def test_a_season_written_with_a_hyphen_is_one_split_year():
    assert split_years("recovery in the 1986-87 season") == {(1986, 1987)}
    assert questions.entities("Which analyst said grain trade could recover in 1986-87?") == []


@pytest.mark.parametrize("question,sentence,swapped", [
    ("What did Union Pacific originally pay to acquire Champlin Petroleum?",
     "The state oil company said PDVSA will pay on the order of 30 mln dlrs for the half interest in Champlin.", True),
    ("Whom does Calpurnia lock in the church basement?", "When Atticus is out of town, Jem locks a classmate in the "
     "church basement.", True),
    ("How much did Union Pacific pay for Champlin?", "Union Pacific paid 500 mln dlrs, and PDVSA will pay 30 mln.", False),
    ("How much did Japan export in 1986?", "It exported 3 mln tonnes.", False),  # no other party named
    ("How much did Japan export in 1986?", "The Japanese exported 3 mln tonnes.", False),
])
def test_another_party_doing_what_the_question_asks_of_one_conflicts(question, sentence, swapped):
    assert exclusive_conflict(question, sentence) is swapped


def test_a_split_year_asked_is_one_period_that_a_time_of_either_year_fits():
    question = "To what level is the Reserve Bank of India raising the ratio under its 1987/88 credit policy package?"
    raised = "The package will raise statutory liquidity ratios to 37.5 pct from 37 pct, effective April 25."
    evidence = time_evidence(asked_times(question), raised, raised, "1987-04-04", periods=split_years(question))
    assert evidence.conflict == 0.0
    earlier = "The ratio was raised to 37 pct in 1986."
    assert time_evidence(asked_times(question), earlier, earlier, "1987-04-04", periods=split_years(question)).conflict == 1.0


def test_a_range_of_days_is_a_time_not_a_number_the_evidence_must_give():
    assert questions.entities("Where did barley exported through Rouen go during February 1-25, 1987?") == ["Rouen"]
    assert questions.entities("What did the rate rise to on March 3 to 5.5 pct?") == ["5.5"]


def test_the_owner_of_the_questions_subject_is_no_party_doing_something():
    assert not exclusive_conflict(
        "On what date does the USDA's quarterly rice outlook expect U.S. rice stocks to fall to about 67 mln cwt?",
        "In its quarterly rice outlook, the department said U.S. rice use may surpass production, causing stocks to "
        "fall to an estimated 67 mln cwt on July 31.")


def test_a_month_named_only_as_the_base_of_a_comparison_dates_the_sentence_a_month_later():
    imports = "Imports of palm oil totaled 44.0 mln lbs compared with 51.3 mln lbs in December and 85.2 mln a year earlier."
    evidence = time_evidence(asked_times("How much palm oil did the U.S. import in January 1987?"), imports, imports,
                             "1987-03-10")
    assert (evidence.stated, evidence.conflict) == (1.0, 0.0)
    prices = "The retail price index showed a year-on-year rise of 3.4 pct against three pct in January."
    assert time_evidence(asked_times("By how much did retail prices rise in March?"), prices, prices,
                         "1987-03-10").conflict == 1.0  # February's figure, not March's
    output = "Production in February was 961,000 tonnes against 888,000 in February 1986."
    assert time_evidence(asked_times("What was production in February 1987?"), output, output,
                         "1987-03-10").conflict == 0.0  # February is the month reported, not only a base


def test_the_month_before_in_a_monthly_report_is_a_base_too():
    """"the same as in January", "after falling 0.3 pct in January": the wire's monthly report gives February's
    figure against January's; "after the talks in June" gives no figure and dates the sentence."""
    asked = asked_times("How much higher than a year earlier was defense equipment output in February 1987?")
    same = "Output of defense and space equipment was up 0.4 pct, the same as in January, and 6.2 pct higher than a year ago."
    assert time_evidence(asked, same, same, "1987-03-17").conflict == 0.0
    after = "Output of consumer goods rose 0.6 pct after falling 0.3 pct in January."
    assert time_evidence(asked, after, after, "1987-03-17").conflict == 0.0
    talks = "Prices rose after the talks in June."
    assert time_evidence(asked_times("How much did prices rise in February 1987?"), talks, talks,
                         "1987-07-17").conflict == 1.0


def test_an_opening_participle_is_no_name_the_evidence_must_give():
    assert questions.entities("Starting June 2, 1987, to what share did Taiwan's central bank cut its purchases?") == \
        ["Taiwan"]


@pytest.mark.parametrize("question,sentence,swapped", [
    ("According to Berlioz, what did elegant embellishment become in Chopin's hands?",
     'Hiller wrote that "What in the hands of others was elegant embellishment, in his hands became a wreath."', True),
    ("According to Teruyuki Kato, how many yards did the first section rip?",
     "Japanese seismologist Yuji Yagi at the University of Tsukuba said the first section ripped about seven yards.", True),
    ("What growth does the Administration expect, according to CEA chairman Beryl Sprinkel?",
     "Sprinkel said the Administration still looks for 2.7 pct growth.", False),  # the cited one, by his surname
    ("Into which area did dry weather push, according to the USDA/NOAA weather facility?",
     "Dry weather pushed further, the Joint Agricultural Weather Facility of the Agriculture Department said.", False),
    ("How competitive are Korean yards, according to Japanese industry sources?",
     "The sources said South Korea's yards are now some 35 pct more competitive.", False),
])
def test_a_sentence_quoting_another_source_than_the_one_the_question_cites_conflicts(question, sentence, swapped):
    assert exclusive_conflict(question, sentence) is swapped


@pytest.mark.parametrize("question,sentence", [
    ("Why do areas farther from the equator get more solar radiation?",
     "Areas that are closer to the equator have a greater amount of solar radiation."),
    ("Which pieces are played at slower tempos?", "His waltzes are frequently played at rather faster tempos."),
    ("Which chords did Chopin use to hasten cadences?", "Cadences are delayed by the use of chords outside the key."),
])
def test_comparatives_of_opposite_sense_conflict(question, sentence):
    assert exclusive_conflict(question, sentence)


def test_numbering_is_no_negation_and_refusing_is_one():
    assert exclusive_conflict("Which of Chopin's preludes was not played at his funeral?",
                              "Chopin's Preludes No. 4 in E minor and No. 6 in B minor were also played.")
    assert exclusive_conflict("Which faction did the Ming court refuse to grant titles to?",
                              "The Ming court granted titles to various lamas regardless of their affiliations.")
    assert not exclusive_conflict("Which faction did the court refuse to grant titles to?",
                                  "The court refused to grant titles to the Karma Kagyu.")


def test_a_month_not_yet_reached_is_this_years_in_a_sentence_that_looks_ahead():
    """"from July to December" in a report of June 1987 is 1987's second half; "rose in November" in a report of
    February 1987 is still November 1986."""
    ceiling = "The accord reached by OPEC ministers in Vienna set an output ceiling of 16.6 mln bpd from July to December."
    asked = asked_times("Where did OPEC ministers set a ceiling for July to December 1987?")
    assert time_evidence(asked, ceiling, ceiling, "1987-06-29").conflict == 0.0
    past = "Output rose 2.1 pct in November, the bureau said."
    assert time_evidence(asked_times("How much did output rise in November 1987?"), past, past,
                         "1987-02-10").conflict == 1.0


def test_a_figure_the_question_compares_with_is_no_count_another_figure_contradicts():
    question = "What size did Kahn and Kahn estimate the harvest could reach, above the government's 7.8 mln tonne estimate?"
    assert not number_conflict(question, "The company estimated the harvest as high as 8.3 mln tonnes.")
    assert number_conflict("What price did it get for the 3,000 tonnes?", "It sold 5,000 tonnes at 120 dlrs.")


def test_a_figure_given_only_as_intended_does_not_answer_what_actually_happened():
    question = "How many tonnes of cocoa did the ICCO buffer stock manager actually buy at the June 3 tender?"
    assert exclusive_conflict(question, "The buffer stock manager will tender for about 3,000 tonnes of cocoa beans.")
    assert not exclusive_conflict(question, "The buffer stock manager bought 2,000 tonnes of cocoa at the tender.")
    assert not exclusive_conflict("What does the U.S. Embassy estimate 1986 production actually was?",
                                  "It estimated 1986 production at 1.8 mln tonnes and forecast little change.")
    # a headline's "to buy" is the wire's future: what was meant, not what was bought
    assert exclusive_conflict(question, "ICCO BUFFER TO BUY 3,000 TONNES COCOA JUNE 3")



def test_a_context_naming_another_flow_and_never_the_asked_one_excludes_it():
    from assistant.contradictions import context_names_another_flow

    context = "INDIA FOODGRAIN TARGET Output was 150 mln tonnes. The target is 160 mln tonnes."
    assert context_names_another_flow("What is India's foodgrain consumption target?", context)
    assert not context_names_another_flow("What is India's foodgrain output target?", context)
    assert not context_names_another_flow("What is India's consumption target?", context + " Consumption rose.")
    assert not context_names_another_flow("What did the Federal Reserve say of output?", context), \
        "a name's word ('Reserve') asks no reserves"

def test_sunflowerseed_is_sunflower_and_other_grains_exclude_it():
    question = "What was the price of sunflowerseed per tonne at Buenos Aires?"
    assert exclusive_conflict(question, "Oats were unchanged at 168 per tonne at Buenos Aires.")
    assert exclusive_conflict(question, "Sorghum from Bahia Blanca increased 0.50 Australs to 76.50 per tonne.")
    assert not exclusive_conflict(question, "Sunflower seed rose two Australs to 120 per tonne at Buenos Aires.")


def test_a_rate_a_year_is_no_year_but_a_year_ago_is_the_year_before():
    from assistant.evidence import years_in

    assert years_in("This scenario put Japan's GNP growth at 3.5 pct a year.", "1987-06-26") == frozenset()
    assert years_in("Exports rose twice a year.", "1987-06-26") == frozenset()
    assert years_in("Exports rose 5 pct from a year earlier.", "1987-06-26") == {1986}
    assert years_in("Exports were 5 pct above a year ago.", "1987-06-26") == {1986}


def test_the_next_financial_year_is_a_relative_year():
    from assistant.evidence import years_in

    assert years_in("It may issue bonds of up to 105 billion dlrs in the next financial year.", "1987-03-20") == {1988}
    assert years_in("Output fell in the last crop year.", "1987-03-20") == {1986}


def test_an_ordinal_with_its_noun_left_out_counts_the_noun_of_the_ordinal_before_it():
    question = "On what date is the second round of polling in Japan's local elections?"
    assert not number_conflict(question, "The first round is on Sunday, the second on April 26.")
    assert number_conflict(question, "The first round of polling is on Sunday.")


@pytest.mark.parametrize("question,sentence", [
    ("At what age did Chopin return to Poland?", "He composed his earlier works in Warsaw before leaving Poland at the age of 20."),
    ("By leaving which program did Creative stop producing iPod accessories?",
     "Creative then announced its intention to produce iPod accessories by joining the Made for iPod program."),
    ("What gas do the algae release in photosynthesis?", "Algae grow in such ponds and consume carbon dioxide in photosynthesis."),
])
def test_leaving_is_no_return_nor_joining_and_consuming_no_release(question, sentence):
    assert exclusive_conflict(question, sentence)


def test_a_source_cited_by_name_is_not_another_named_source_of_the_same_kind():
    from assistant.contradictions import speaker_swapped

    assert speaker_swapped("According to an article in Nature, which dam may have triggered the earthquake?",
                           "An article in Science suggested that the Zipingpu Dam may have triggered the earthquake.")
    assert not speaker_swapped("According to the USDA/NOAA weather facility, where was it dry?",
                               "The Joint Agricultural Weather Facility said it was dry in Texas.")


def test_a_countrys_body_is_named_by_its_own_name_where_the_text_names_the_country_elsewhere():
    """"the 30-year Treasury bond" in a story headed "U.S. CREDIT MARKET OUTLOOK" is the U.S. Treasury's; a text
    naming the country but another body, or the body but no country, does not name it."""
    from assistant.evidence import mentions

    def named(text, entity):
        return mentions(text.lower(), entity, text)

    assert named("U.S. CREDIT MARKET OUTLOOK\n\nThe 30-year Treasury bond slipped.", "U.S. Treasury")
    assert named("Japan said the Finance Ministry would act.", "Japanese Finance Ministry")
    assert not named("The 30-year Treasury bond slipped.", "U.S. Treasury")
    assert not named("Japan said the Bundesbank would act.", "Japanese Finance Ministry")


def test_a_calendar_year_asked_is_not_stated_by_a_split_year():
    """"exported in calendar 1985": the 1985/86 coffee year is no answer, a sentence naming 1985 itself is."""
    from assistant.evidence import asked_times, time_evidence

    asked = asked_times("How many bags did Colombia export in calendar 1985?")
    season = time_evidence(asked, "It exported 11.5 mln bags in the 1985/86 coffee year and 11.3 mln in calendar "
                                  "1986.", "", "1987-03-10", calendar=True)
    calendar = time_evidence(asked, "It exported 11.5 mln bags in the 1985/86 coffee year and 10.8 mln in calendar "
                                    "1985.", "", "1987-03-10", calendar=True)
    assert season.conflict == 1.0 and season.stated == 0.0
    assert calendar.conflict == 0.0 and calendar.stated == 1.0


def test_a_titled_person_is_named_by_the_name_after_the_title():
    """The wire gives a title once: "Verhofstadt, who chaired the meeting" names "Belgian Research Minister
    Verhofstadt", "Baker said" names "U.S. Treasury Secretary James Baker"; another Baker, or the title alone, not."""
    from assistant.evidence import mentions

    def named(text, entity):
        return mentions(text.lower(), entity, text)

    assert named("Verhofstadt, who chaired the meeting, said so.", "Belgian Research Minister Verhofstadt")
    assert named("Baker said in an interview with the New York Times.", "U.S. Treasury Secretary James Baker")
    assert not named("Ben Baker said in an interview.", "U.S. Treasury Secretary James Baker")
    assert not named("The minister said growth would slow.", "Finance Minister Michael Wilson")


def test_an_agency_is_no_place_that_another_country_conflicts_with():
    """The USDA is an agency, not a country: "flooding in Java" does not conflict with a question citing the
    USDA/NOAA weather summary."""
    from assistant.evidence import is_place, place_conflict

    assert not is_place("USDA")
    assert not place_conflict(["USDA", "NOAA"], "In February locally heavy showers may have caused flooding in Java.",
                              "In February locally heavy showers may have caused flooding in Java.")


@pytest.mark.parametrize("question,sentence", [
    ("Who is a current member of Quantum?", "The information leads to Mr. White, former member of Quantum."),
    ("Who was used to simulate snow?", "The London Fire Brigade was on set to simulate rain."),
    ("What did the minister say in the morning session?", "The minister spoke at the evening session."),
])
def test_a_current_member_is_no_former_one_and_snow_no_rain(question, sentence):
    from assistant.contradictions import exclusive_conflict

    assert exclusive_conflict(question, sentence)


def test_a_government_named_for_its_head_is_named_by_the_administration_of_its_own_story():
    """"the Reagan administration" in a question; the article says "the administration's 3.8 pct forecast" (or names
    Reagan), and nothing else has to."""
    asked = questions.entities("What inflation rate does the Reagan administration forecast for 1987?")
    assert asked == ["Reagan administration"], asked
    text = "The nation should see inflation slow to the administration's 3.8 pct 1987 forecast."
    assert mentions(text.lower(), asked[0], text)
    assert mentions("president reagan said", asked[0], "President Reagan said")
    assert not mentions("the ministry's forecast is 3.8 pct", asked[0], "The ministry's forecast is 3.8 pct")


def test_wire_abbreviations_of_american_states_and_seats_of_government_name_what_they_stand_for():
    """"a Golden, Colo., businessman" is from Colorado; "The White House said" speaks for the U.S.; "the G-7 meeting"
    is the Group of Seven's. Only the first way round for the seat: a question citing the White House is not
    answered by any sentence naming the U.S."""
    text = "Michael Krupp, a Golden, Colo., businessman, holds 24.4 pct."
    assert mentions(text.lower(), "Colorado", text)
    assert not mentions(text.lower(), "California", text)
    text = "The White House said last month's rise in the CPI was no cause for alarm."
    assert mentions(text.lower(), "U.S", text) and mentions(text.lower(), "United States", text)
    assert not mentions("the u.s. said", "White House", "The U.S. said")
    text = "Distillate fuel stocks were unchanged, the Energy Information Administration (EIA) said."
    assert mentions(text.lower(), "U.S", text), "a U.S. story names the U.S. government's own bodies alone"
    text = "Treasury balances at the Federal\nReserve rose on March 23, the Treasury said."
    assert mentions(text.lower(), "U.S. Treasury", text), "the Treasury of a story the Federal Reserve places"
    text = "The Treasury said the budget deficit narrowed."
    assert not mentions(text.lower(), "U.S", text), "any government has a Treasury"
    text = "The G-7 meeting will consider the Tokyo accord."
    assert mentions(text.lower(), questions.entities("Where was the Group of Seven accord reached?")[0], text)


def test_the_federal_trade_commission_names_the_us():
    assert mentions("the federal trade commission said its staff urged the governor of georgia", "U.S.")
    assert mentions("chicago mercantile exchange floor traders are guesstimating today's hog slaughter", "U.S.")


def test_a_department_is_named_by_its_heads_title():
    assert mentions("robert ortner, under secretary of commerce, said the index rose", "Commerce Department")
    assert mentions("commerce secretary malcolm baldrige said", "Commerce Department")
    assert not mentions("the commerce of nations grew", "Commerce Department")


def test_another_place_of_the_asked_kind_conflicts_unless_the_asked_one_is_named_too():
    sentence = "Winds gusting to 45 mph caused six foot waves along the shores of Lake Michigan during the morning."
    assert named_kind_conflict(["Lake Huron", "National Weather Service"], sentence)
    assert not named_kind_conflict(["Lake Huron"], "Waves on Lake Huron and Lake Michigan reached six feet.")
    assert named_kind_conflict(["Campos Basin"], "Output from the Santos Basin rose 12 pct.")
    assert not named_kind_conflict(["Brazil"], "Output from the Santos Basin rose 12 pct."), "a country is no kind"


def test_a_place_named_only_inside_a_banks_name_is_not_the_place_asked_about():
    """"The Development Bank of Singapore Ltd said Malaysia's growth could be 1.5 pct" forecasts Malaysia's growth, not
    Singapore's, though "Singapore" stands in it; a sentence on Singapore's own growth has no conflict."""
    asked = ["Development Bank Singapore", "Singapore"]
    malaysia = "The Development Bank of Singapore Ltd said Malaysia's real growth in 1987 could be 1.5 pct."
    assert place_conflict(asked, malaysia, malaysia)
    singapore = "The Development Bank of Singapore Ltd said Singapore's real growth in 1987 could be 1.5 pct."
    assert not place_conflict(asked, singapore, singapore)


def test_the_country_a_sentence_opens_with_may_answer_which_country():
    """"Which country is the largest net beneficiary of the EC social fund?": "Italy is the largest net beneficiary"
    opens with a country, but that country is the answer, not another subject."""
    window = "The EC's social fund will rise to 3.1 billion ECUs. Italy is the largest net beneficiary in 1987."
    sentence = "Italy is the largest net beneficiary in 1987."
    assert place_conflict(["EC"], window, sentence), "a subject other than the asked place, when no country is asked"
    assert not place_conflict(["EC"], window, sentence, country_asked=True)


def test_a_code_such_as_m_3_is_named_whole_not_by_an_m_and_a_three_apart():
    """"Singapore's M-1 money supply rose 3.7 pct" names no M-3."""
    text = "Singapore's M-1 money supply rose 3.7 pct, and broadly-based M-2 rose 1.6 pct."
    assert not mentions(text.lower(), "M-3", text)
    assert mentions("the m3 aggregate rose", "M-3", "The M3 aggregate rose")
    assert mentions(text.lower(), "M-2", text)


def test_germany_inside_an_asked_west_germany_is_no_other_country():
    window = "West Germany was holding back. Verhofstadt gave the two states until April 3 to withdraw. The EC waits."
    assert not place_conflict(["Britain", "West Germany", "EC"], window)
    assert place_conflict(["Britain"], "France was holding back.")


def test_a_weekday_is_the_date_it_stands_for_around_the_report():
    """A report of Tuesday, April 21, 1987: "two hours on Thursday" states April 23, though the sentence also names
    May ("every other hour from May 4-11"); another weekday is no contradiction (another event's day)."""
    asked = asked_times("How long a stoppage were dockers threatening in all ports on April 23, 1987?")
    sentence = "A strike is threatened for two hours on Thursday, four on Friday and every other hour from May 4-11."
    evidence = time_evidence(asked, sentence, [sentence], "1987-04-21")
    assert evidence.stated == 1.0 and evidence.conflict == 0.0
    other = time_evidence(asked, "Senators voted for a measure endorsing Monday's attack.", ["x"], "1987-04-21")
    assert other.conflict == 0.0 and other.stated == 0.0


def test_the_week_ended_wednesday_and_on_wednesday_are_that_wednesday_around_the_report():
    """A report of Thursday, February 26, 1987: "the week ended Wednesday" is the week to February 25 and "On
    Wednesday, 55 pct ..." is February 25, neither the week to February 18."""
    week = "During the week ended Wednesday, 45 pct of net discount window borrowings were made by the smallest banks."
    day = "On Wednesday, 55 pct of the borrowing was accounted for by the money center banks."
    earlier = asked_times("What share was made by the smallest banks in the week to February 18?")
    asked = asked_times("What share was made by the smallest banks in the week to February 25, 1987?")
    for sentence in (week, day):
        assert time_evidence(earlier, sentence, [sentence], "1987-02-26").conflict == 1.0, sentence
        assert time_evidence(asked, sentence, [sentence], "1987-02-26").conflict == 0.0, sentence


def test_a_profit_is_no_loss():
    assert exclusive_conflict("How much did Sidor lose in 1985?",
                              "The CVG's 12 companies saw profits rise from 1.732 billion bolivars in 1985.")
    assert not exclusive_conflict("How much did Sidor lose in 1985?",
                                  "Sidor lost 1.2 billion bolivars in 1985 after a profit the year before.")


def test_the_years_figure_so_far_is_no_weeks_figure():
    question = "How many kilowatt-hours did U.S. power companies generate in the week ended May 16, 1987?"
    assert exclusive_conflict(question, "Electric output so far this year was 1072.97 billion kilowatt hours.")
    assert not exclusive_conflict(question, "Output in the week was 48.9 billion kilowatt hours, and so far this year "
                                            "1072.97 billion.")
    assert not exclusive_conflict("How much rice did Thailand export in 1987?",
                                  "Thailand exported 1.29 mln tonnes of rice so far in 1987.")
    assert not exclusive_conflict("What were cumulative U.S. coffee roastings for 1987 as of the week ended March 7?",
                                  "It said cumulative roastings for calendar 1987 now total 3,295,000 bags."), \
        "the year's figure so far is what is asked"


@pytest.mark.parametrize("entities, question, sentence, expected", [
    # another company is the sentence's subject, and the asked one is not named
    (["Ryoka Light Metal Industries"], "What is the annual smelting capacity of Ryoka Light Metal Industries?",
     "Nippon Light Metal Co Ltd <NLGT.T>, which has annual capacity of 63,000 tonnes, will continue production.", True),
    (["FMR Corp", "LDBrinkman Corp"], "At what prices did FMR Corp's funds buy their LDBrinkman Corp shares?",
     "In a filing with the SEC, Fidelity International Ltd said its funds bought 68,000 LDBrinkman shares.", True),
    # the sentence goes on about the company before it, or reports another's words, or names the asked one
    (["Ryoka Light Metal Industries"], "What is the capacity of Ryoka Light Metal Industries?",
     "It said Nippon Light Metal Co Ltd has annual capacity of 63,000 tonnes.", False),
    (["El Nido"], "When will the El Nido plant be completed?",
     "GE said Pacific Gas and Electric Co will buy the output of the plant, due for completion in mid-1989.", False),
    (["Standard Oil"], "What capital spending did Standard Oil plan before BP's bid?",
     "The report, prepared before British Petroleum Co Plc <BP> disclosed its plans, put spending at 1.6 billion dlrs.",
     False),
    (["ANZ Banking Group"], "From what date does ANZ Banking Group's rate cut take effect?",
     "The Australia and New Zealand Banking Group Ltd <ANZA.S> said it will cut its prime rate, effective June 22.", False),
    (["Standard Bank"], "What 1986 net income did Standard Bank report?",
     "<STCH.L>, London, previously reported that 1986 net income rose to 209.0 mln rand.", False),  # a ticker
])
def test_a_figure_of_another_company_than_the_one_asked_about_is_told_apart(entities, question, sentence, expected):
    assert company_conflict(entities, question, sentence) is expected


@pytest.mark.parametrize("question, sentence, conflicts", [
    ("Besides the Beichuan Fault and the Guanxian-Anxian Fault, what third fault did the earthquake rupture?",
     "This earthquake ruptured two structures, i.e. the Beichuan Fault and the Guanxian-Anxian Fault.", True),
    ("Apart from Spotify, which streaming service was Tidal meant to rival?",
     "It was meant to rival other streaming services such as Spotify, which have been criticised for low payouts.", True),
    ("Besides Brooklyn, Queens, and Staten Island, which other borough falls under the Eastern District?",
     "The Eastern District covers Brooklyn, Queens, and Staten Island.", True),
    # the list goes on, or began before them: something else is named beside them
    ("Besides Brooklyn, Queens, and Staten Island, which other borough falls under the Eastern District?",
     "The Eastern District covers Brooklyn, Queens, Staten Island and the Bronx.", False),
    ("Besides the Shanghai Stock Exchange, what other exchange suspended trading?",
     "Both the Shanghai Stock Exchange and the Shenzhen Stock Exchange suspended trading.", False),
    ("Besides the children's fascination with Boo, what else does the first part concern?",
     "The first part concerns the children's fascination with Boo Radley and their feelings of safety.", False),
    ("Besides trade deficits, what does the U.S. want the negotiation to cover?",
     "It wants a negotiation covering not only trade deficits but also currency and defence costs.", False),
    # named apart from each other, or not at all: the sentence may name the answer elsewhere
    ("Apart from Japan and South Korea, which country has Washington already negotiated with?",
     "Talks with Vietnam took place last week, with talks set for Japan on April 16 and for South Korea later.", False),
    ("Besides power disruption, what caused the suspension?", "Traffic congestion caused the suspension.", False),
])
def test_a_sentence_naming_only_what_the_question_sets_apart_gives_no_other_one(question, sentence, conflicts):
    assert exclusive_conflict(question, sentence) == conflicts


def test_a_month_name_inside_a_longer_word_is_no_month():
    from assistant.evidence import time_mentions

    months = [t.month for _a, _b, t in time_mentions("Mayer met Augustine in May and again on Aug. 4.", "1987-03-20")]
    assert months == [5, 8]


def test_net_income_is_net_profit_and_common_shares_are_not_preferred_ones():
    assert exclusive_conflict("What net income did ARCO's chemical unit earn last year?",
                              "The chemical unit last year had revenues of 1.9 billion dlrs.")
    assert exclusive_conflict("What was the net income of the division in fiscal 1986?",
                              "The division's net sales for fiscal 1986 were 111.9 mln dlrs.")
    assert not exclusive_conflict("What combined oil income did the study project for the six GCC states?",
                                  "It said total oil revenues of the six states would reach 39 billion dlrs.")
    assert exclusive_conflict("How many common shares does Genex have outstanding?",
                              "Shareholders may buy 1.1 convertible preferred shares for each share held.")


def test_a_name_the_same_but_for_one_word_before_its_last_tells_of_another_of_its_kind():
    from assistant.evidence import sibling_name_conflict

    asked = ["Best Female Video", "MTV Europe Music Awards"]
    window = ("The video has won several awards.", "At the 2009 MTV Video Music Awards, the video was nominated for nine "
              "awards.", "Its failure to win the Best Female Video category went to Taylor Swift.")
    assert sibling_name_conflict(asked, window)
    assert not sibling_name_conflict(asked, (*window, "It won Best Video at the 2009 MTV Europe Music Awards."))
    # another last word names another kind of thing: the New York Liberty is a team, not another New York City
    assert not sibling_name_conflict(["New York City"], ("The New York Liberty is the city's women's team.",))
    # a name does not run over a sentence's end: "in June." and "De Mel will" hold no "June De Mel"
    assert not sibling_name_conflict(["Ronnie De Mel"], ("He hopes to get approval starting in June.",
                                                         "De Mel will also attend a Washington meeting."))
    # the asked name written with its accents, or misspelt in the question, is the same name
    assert not sibling_name_conflict(["Estevao Gomes Expedition"], ("The Estêvão Gomes Expedition reached the bay.",))
    assert not sibling_name_conflict(["Beichaun Fault Zone"], ("The Beichuan Fault Zone slipped 3.5 metres.",))


def test_another_calendar_or_fiscal_year_than_the_asked_one_excludes_it():
    asked = ("What average North Sea crude oil price did Chancellor Nigel Lawson assume for calendar 1988 in his March "
             "1987 budget?")
    sentence = "Lawson said North Sea crude prices will average 15 dlrs per barrel in calendar 1987."
    assert exclusive_conflict(asked, sentence)  # the budget's own year is no calendar year asked
    assert not exclusive_conflict(asked.replace("1988", "1987"), sentence)
    assert not exclusive_conflict(asked, sentence.replace("calendar 1987", "calendar 1987 and 16 dlrs in 1988"))


def test_a_price_per_unit_the_question_gives_conflicts_with_another_price_of_that_unit():
    asked = "According to the FTC study, how much would a 10 dlr a barrel oil import fee cost U.S. consumers each year?"
    assert number_conflict(asked, "It found that a five dlr a barrel tariff on crude oil imports would cost consumers "
                                  "14 to 16.7 billion dlrs a year.")
    assert not number_conflict(asked, "A 10 dlr a barrel fee would cost 20 billion dlrs, a five dlr a barrel fee half.")
    assert not number_conflict(asked, "An oil import fee could cost consumers nearly 17 billion dlrs a year.")


def test_an_after_tax_result_is_a_net_one_that_a_pre_tax_one_excludes():
    asked = "What after-tax profit will Gulf Resources book in the first quarter from selling its stake?"
    assert exclusive_conflict(asked, "The sale will result in a pre-tax profit of about 44.1 mln dlrs.")
    assert not exclusive_conflict(asked, "The sale will result in an after-tax profit of about 30 mln dlrs.")


def test_a_figure_asked_as_recorded_is_not_answered_by_one_it_could_come_to():
    asked = "What inflation rate did New Zealand record in the 12 months to the end of March 1987?"
    assert exclusive_conflict(asked, "New Zealand's inflation rate could fall to eight pct in the coming year, Lange said.")
    assert not exclusive_conflict(asked, "New Zealand's inflation rate was 18.3 pct in the year to March.")
    registered = "How many bags did the Brazilian Coffee Institute register for May shipment?"  # "May": a month
    assert not exclusive_conflict(registered, "The institute registered 1.40 mln bags for May shipment today.")


def test_a_deed_asked_as_done_is_not_answered_by_the_same_deed_only_meant():
    asked = "How many workers did ZCCM lay off in 1986?"
    assert exclusive_conflict(asked, "ZCCM has said it intends to lay off 20,000 of its 60,000 workforce.")
    assert not exclusive_conflict(asked, "ZCCM laid off 5,000 workers in 1986, the company said.")
    # (and a question that says "actually" still reads its own way)
    assert exclusive_conflict("How much maize did Taiwan actually import in calendar 1986?",
                              "Taiwan's maize imports are expected to rise to 970,000 tonnes in 1987.")


def test_a_partys_own_word_asked_is_not_what_others_said_of_it():
    asked = "What reserve estimate has Chevron itself given for its Alba oil find?"
    assert exclusive_conflict(asked, "The Chevron find may indicate reserves of 300 mln barrels, industry analysts said.")
    assert not exclusive_conflict(asked, "The find may hold reserves of 250 mln barrels, Chevron said.")
    assert not exclusive_conflict(asked, "The find may hold reserves of 250 mln barrels, the company said.")


def test_a_body_given_as_a_persons_title_is_vouched_for_by_the_person_only():
    question = "What did former White House chief of staff Donald Regan want restricted after the plunge on Wall Street?"
    entities = ["White House", "Donald Regan", "Wall Street"]
    titled = affiliations(question, entities)
    assert titled == {"White House": "Donald Regan"}
    text = "Donald Regan, President Reagan's former chief of staff, called for curbs on program trading on Wall Street."
    assert entity_share(text, entities) == pytest.approx(2 / 3)
    assert entity_share(text, entities, titled) == 1.0
    assert entity_share("Program trading on Wall Street should be curbed, analysts said.", entities, titled) == \
        pytest.approx(1 / 3)  # neither the person nor the body
    assert affiliations("Did the White House and Donald Regan agree?", entities) == {}


def test_a_day_ending_a_date_before_to_is_no_range_with_the_figure_after_it():
    """"in the four weeks ended April three to 15.73 mln barrels per day": the amount is 15.73 mln barrels, not lost
    as part of the date; "the week ended March 3 to 5.6 pct" is no range of rates."""
    demand = ("U.S. oil demand as measured by products supplied fell 2.6 pct in the four weeks ended April three to "
              "15.73 mln barrels per day (bpd) from 16.16 mln in the same period a year ago.")
    assert span_texts("amount", demand, "What did the EIA put U.S. oil demand at?") == ["15.73 mln barrels", "16.16 mln"]
    assert span_texts("amount", demand.replace("April three", "April 3"), "What did the EIA put demand at?")[0] == \
        "15.73 mln barrels"
    rates = "Rates rose in the week ended March 3 to 5.6 pct from 5.4 pct."
    assert span_texts("percent", rates, "What rate?") == ["5.6 pct", "5.4 pct"]
    assert span_texts("percent", "It rose 3 to 5 pct in March.", "What rate?") == ["3 to 5 pct"]


@pytest.mark.parametrize("country, people", [("Poland", "Poles"), ("Denmark", "Danes"), ("Scotland", "Scots"),
                                             ("Sweden", "Swedes"), ("Spain", "Spaniards")])
def test_a_people_named_by_its_own_noun_names_its_country(country, people):
    sentence = f"He remained close to his fellow {people} in exile in France."
    assert mentions(sentence.lower(), country)
    assert not place_conflict([country], sentence)
