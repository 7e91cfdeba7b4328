"""What a question asks for, read by rules: its focus words (the head of the asked phrase)."""

import pytest

from assistant import questions
from assistant.questions import entities, focus_words


@pytest.mark.parametrize("question, focus", [
    ("What was Kenya's inflation rate in 1986?", ["inflation", "rate"]),  # the phrase after the verb
    ("How much sugar did Thailand produce in February 1987?", ["sugar"]),  # names and times are left out
    ("Near which Brazilian port did the bulk carrier run aground?", ["port"]),  # an opening preposition
    ("Which company received the CCC export bonuses?", ["company"]),  # the phrase ends at its verb
    ("What type of music did she sing?", ["type", "music"]),  # a light head takes its "of" phrase
    ("What is Madagascar's estimated coffee production for 1987?", ["estimated", "coffee", "production"]),
    ("When do the talks open?", []),  # a time question names no quantity
    ("Who is to be chairman of Boston Five Bancorp after the merger?", ["chairman"]),  # who: the phrase after the verb
    ("Where was the pumping station on the main oil pipeline?", ["pumping", "station"]),
    ("Of the four loans Ecuador signed, how much is for rehabilitating highways?", ["rehabilitating", "highways"]),
    ("What is the Bank of Spain's 1987 target range for growth?", ["target", "range"]),  # the owner is a name
    ("What level did Australia's broad money reach?", ["level", "broad", "money"]),  # a light head takes the subject
    ("Who is the U.S. Treasury Secretary?", []),  # the whole phrase is a name, checked as evidence
])
def test_focus_words_name_what_is_asked(question, focus):
    assert focus_words(question) == focus


def test_an_opening_preposition_is_not_taken_for_a_name():
    from assistant.questions import entities

    assert "Near" not in entities("Near which Brazilian port did the Hyundai New World run aground?")
    assert entities("Being exposed to what type of pollution increases aggression?") == [], "a function word"
    assert entities("Being John Malkovich was directed by whom?") == ["John Malkovich"]


def test_a_name_sharing_one_word_with_the_question_can_answer_it_but_a_name_the_question_gives_cannot():
    from assistant.questions import spans

    question = "Which company received the CCC export bonuses on the wheat flour sold to Iraq?"
    sentence = "The bonus awards were made to Peavey Company and will be paid from CCC stocks, it said."
    assert [sentence[a:b] for a, b in spans("name", sentence, question)] == ["Peavey Company"]


def test_a_name_the_question_gives_as_an_acronym_or_spelled_out_is_not_its_answer():
    from assistant.questions import spans

    sentence = "The Commodity Credit Corporation, CCC, said the bonus awards were made to Peavey Company."
    question = "Which company received the CCC export bonuses?"
    assert [sentence[a:b] for a, b in spans("name", sentence, question)] == ["Peavey Company"]
    spelled = "Which company received the Commodity Credit Corporation's export bonuses?"
    assert [sentence[a:b] for a, b in spans("name", sentence, spelled)] == ["Peavey Company"]
    other = "Which agency accepted the bids?"  # asked by neither name, both may answer
    assert [sentence[a:b] for a, b in spans("name", sentence, other)] == [
        "Commodity Credit Corporation", "CCC", "Peavey Company"]


def test_a_name_the_text_gives_the_short_form_of_that_the_question_uses_is_not_its_answer():
    """"Petroles de Venezuela, PDVSA," is the party the question calls PDVSA, though its initials (PdV) are not
    the acronym; the new name in the sentence answers. A list is no short form: "Japan" names no one else."""
    from assistant.questions import spans

    sentence = ("Union Pacific said it will enter a partnership with Petroles de Venezuela, PDVSA, to run the refinery, "
                "to be called Champlin Refining.")
    question = "What will the refining venture between Union Pacific and PDVSA be called?"
    assert [sentence[a:b] for a, b in spans("name", sentence, question)] == ["Champlin Refining"]
    # and the other way round: the short form the text gives a name the question writes out ("ICCO" is no answer)
    cocoa = "Producers are dismayed by the International Cocoa Organization (ICCO) buffer stock manager, Juergen Plambeck."
    asked = "Which official manages the International Cocoa Organization's buffer stock?"
    assert "ICCO" not in [cocoa[a:b] for a, b in spans("name", cocoa, asked)]
    assert "Juergen Plambeck" in [cocoa[a:b] for a, b in spans("name", cocoa, asked)]
    listed = "The pact was signed by the United States, Japan, and Canada."
    assert [listed[a:b] for a, b in spans("name", listed, "Who signed the pact besides Japan?")] == [
        "United States", "Canada"]


def test_a_person_whose_surname_the_question_gives_is_the_questions_party_not_its_answer():
    from assistant.questions import spans

    sentence = ("New York Federal Reserve Bank President Gerald Corrigan opposed a further fall in the dollar, as "
                "Treasury Secretary James Baker had a week earlier.")
    question = "Which U.S. Treasury official warned against a further dollar fall a week before Fed President Corrigan?"
    assert [sentence[a:b] for a, b in spans("person", sentence, question)] == ["James Baker"]


def test_a_number_word_opening_a_sentence_is_not_a_name():
    from assistant.questions import spans

    sentence = "Seven tugs will attempt to refloat the bulk carrier tonight, Lloyds said."
    assert [sentence[a:b] for a, b in spans("name", sentence, "Which port?")] == ["Lloyds"]


def test_what_is_followed_by_a_possessive_name_asks_for_that_names_figure_not_a_name():
    from assistant.questions import answer_type

    assert answer_type("What is the Bank of Spain's 1987 target range for growth in liquid assets?") != "name"
    assert answer_type("Which bank lent the money?") == "name"


def test_two_names_joined_by_a_hyphen_are_checked_each_on_its_own():
    from assistant.questions import entities

    assert entities("When do the Japan-U.S. talks open?") == ["Japan", "U.S"]
    assert entities("Who is Han Duck-soo?") == ["Han Duck-soo"]  # a hyphen inside one name stays
    assert entities("Whose term did Fadhil al-Chalabi extend?") == ["Fadhil al-Chalabi"]  # and an Arabic article


def test_a_name_with_an_arabic_article_is_one_person():
    sentence = "The conference extended the term of office of Fadhil al-Chalabi as deputy secretary general."
    assert [sentence[a:b] for a, b in questions.spans("person", sentence, "Whose term did it extend?", "")] == \
        ["Fadhil al-Chalabi"]


def test_an_owner_and_what_it_owns_are_two_names():
    from assistant.questions import entities

    assert entities("When did Fidelity Television file for RKO's KHJ licence?") == ["Fidelity Television", "RKO", "KHJ"]


@pytest.mark.parametrize("question, kind", [
    ("When will he meet Bessent?", "date"),
    ("And when did the talks open?", "date"),
    ("The tariff takes effect when?", "date"),
    ("What did Volcker say about the dollar's slide when analysts asked him?", "fact"),
    ("And what was Morgan Crucible's turnover?", "amount"),
    ("What is the first year the bank reported a loss?", "date"),  # "what is the ... year" asks for a date
    ("What product led the export list in 1986?", "fact"),  # "list" as a noun does not ask for a list
    ("List the countries that signed the accord.", "list"),
    ("What language did the composer's father teach?", "name"),  # a language is written as a name: "French"
    ("What religion did the dynasty follow?", "name"),
])
def test_answer_type_reads_the_asking_word_not_a_clause_and_a_possessive_before_a_quantity(question, kind):
    assert questions.answer_type(question) == kind


def test_an_exchange_rate_is_a_rate_span_without_a_percent_sign():
    sentence = "The kwacha was pegged at 16.99 to the dollar, against 1.8320 marks per dollar in 1986."
    found = [sentence[a:b] for a, b in questions.spans("percent", sentence)]
    assert found == ["16.99", "1.8320"], "a currency quote answers 'at what rate', the year does not"


@pytest.mark.parametrize("sentence, expected", [
    ("In 2005, three out of five Manhattan residents were college graduates.", ["three out of five"]),
    ("It treats nearly one-fifth of all discharges and more than one third of clinic visits.", ["one-fifth", "one third"]),
    ("Mass transit here accounts for one in every three users in the country.", ["one in every three"]),
    ("Over 200,000 lived there, upwards of a quarter of the city's population.", ["a quarter"]),
    ("Half of the workers struck, and a two-thirds majority backed it.", ["Half", "two-thirds"]),
    ("Sales rose in the first half of 1987 as it sought a third term.", []),  # a period and an ordinal
    ("On Metacritic the film has a rating of 60 out of 100.", []),  # a rating, no share
])
def test_a_share_asked_as_a_fraction_is_answered_by_a_fraction_in_words(sentence, expected):
    found = [sentence[a:b] for a, b in questions.spans("percent", sentence, "What fraction of residents are graduates?")]
    assert found == expected


def test_a_fraction_answers_no_rate_but_a_share():
    sentence = "He said the debt amounted to about one third of export earnings, at 12 pct interest."
    assert [sentence[a:b] for a, b in questions.spans("percent", sentence, "What interest rate applies?")] == ["12 pct"]
    assert [sentence[a:b] for a, b in questions.spans("percent", sentence, "What share of earnings goes to debt?")] \
        == ["12 pct", "one third"]


@pytest.mark.parametrize("question, names", [
    ("How much had the film made by 2/21/2016?", []),  # a date, which the text writes its own way
    ("In 2013-4, what share of the revenue came from Wall Street?", ["Wall Street"]),  # one season, read by its year
    ("What 2 critics gave the game awards?", []),  # how many are asked for, as "What two critics"
    ("Which publication rated the film 7.2/10?", ["7.2", "10"]),  # a rating's figures stay to be found
    ("At 15 pct, what did Nippon pay?", ["15", "Nippon"]),
    ("How many engines did the C-X75 have?", ["C-X75"]),  # a model's code is one name
    ("What did the Japan-U.S. talks agree?", ["Japan", "U.S"]),  # two names joined
    ("What was searched most in the week of Aug 29, 2011?", []),  # a month abbreviated before its day is a time
    ("What did Jan Smith say on Dec 3?", ["Jan Smith"]),  # but no name that begins like one
])
def test_a_date_in_slashes_a_season_and_the_count_asked_for_are_no_figures_the_text_must_give(question, names):
    assert sorted(questions.entities(question)) == sorted(names)


@pytest.mark.parametrize("question, names", [
    ("Rather than beats, what does she write for producers?", []),
    ("Public figures' impressions were collected in what book?", []),
    ("Pieces published after what year got no opus numbers?", []),
    ("China's output rose by how much?", ["China"]),  # a place, though news writes "china" in lower case
    ("Shell's profit rose by how much?", ["Shell"]),  # an owner's possessive names it
    ("Treasury officials said what?", ["Treasury"]),  # a government body
    ("Japan will cut what?", ["Japan"]),  # never written in lower case
])
def test_a_common_word_capitalised_only_to_open_the_question_is_no_name(question, names):
    assert questions.entities(question) == names


def test_a_work_asked_by_its_kind_is_answered_by_its_quoted_title_whole():
    question = "Sasha Fierce was created during the making of what song?"
    assert questions.answer_type(question) == "name"
    sentence = 'Sasha was conceived during the making of "Crazy in Love", and Beyonce introduced her in 2008.'
    assert [sentence[a:b] for a, b in questions.spans("name", sentence, question)] == ["Crazy in Love", "Beyonce"]
    assert [sentence[a:b] for a, b in questions.spans("name", sentence, "Which company made Sasha?")] == \
        ["Crazy", "Love", "Beyonce"], "a title's words apart where no work is asked"


def test_a_sentence_adverb_opening_a_sentence_is_no_name():
    sentence = "Meanwhile, a cargo train derailed in Hui County, Gansu, and caught fire."
    assert [sentence[a:b] for a, b in questions.spans("name", sentence, "Where did a train derail?")] == \
        ["Hui County", "Gansu"]


def test_a_time_span_asked_is_answered_by_a_length_of_time_only():
    sentence = "The quake was felt as far away as Shanghai, 1,500 km away, and it grossed $879.3 million in aid."
    for question in ("How long after the quake were aftershocks felt?", "How long did it take to rebuild?"):
        assert questions.spans(questions.answer_type(question), sentence, question) == []
    question = "How long is the fault?"  # a length may answer where no length of time is asked for
    assert [sentence[a:b] for a, b in questions.spans("amount", sentence, question)][:1] == ["1,500 km"]
    timed = "Filming took 128 days and cost $250 million."
    assert [timed[a:b] for a, b in questions.spans("amount", timed, "How long did it take to shoot?")] == ["128 days"]


def test_how_much_is_not_answered_by_a_count_of_parties_or_parts():
    workers = "Some 6,000 workers would be redeployed, while a further 4,000 would get 20,000 marks each."
    assert [workers[a:b] for a, b in questions.spans("amount", workers, "How much would each of them receive?")] == \
        ["20,000 marks"]
    parts = "Cash in circulation is one of two components of the money supply, which grew 2.8 billion marks."
    assert [parts[a:b] for a, b in questions.spans("amount", parts, "By how much did cash in circulation rise?")] == \
        ["2.8 billion marks"]
    assert [workers[a:b] for a, b in questions.spans("count", workers, "How many workers would be redeployed?")][:1] \
        == ["6,000"], "a count asked is still answered by one"


def test_days_asked_are_not_answered_by_a_figure_of_another_unit():
    question = "For how many days was Istanbul's airport closed?"
    sentence = "Snow whipped by 48 kph winds piled up 70 cms deep, and six large vessels waited for 3 days or 10."
    assert [sentence[a:b] for a, b in questions.spans("count", sentence, question)] == ["3", "10"], \
        "48 measures kph, 70 cms and six vessels: no days"


def test_a_body_named_for_its_members_is_one_name_through_their_possessive():
    question = "When does the Australian Sugar Producers' Association expect the first estimates of the cane crop?"
    assert questions.entities(question) == ["Australian Sugar Producers' Association"]
    assert questions.entities("What did the Philippines' Central Bank say?") == ["Philippines", "Central Bank"], \
        "a country's possessive still names the country apart"
    assert questions.entities("By how much did the USDA cut the Philippines' 1987 U.S. quota?") == \
        ["USDA", "Philippines", "U.S"]


def test_a_misspelt_asking_word_opening_the_question_is_no_name():
    assert questions.entities("Whats the first year the Paris Club met Zaire?") == ["Paris Club", "Zaire"]
    # nor an asking word inside it: a follow-up run on after the earlier question
    assert questions.entities("Before which committee did Paul Volcker testify Who chairs it?") == ["Paul Volcker"]


def _spans(kind: str, sentence: str, question: str) -> list[str]:
    return [sentence[a:b] for a, b in questions.spans(kind, sentence, question)]


@pytest.mark.parametrize("kind, sentence, question, expected", [
    ("amount", "It will spend 1.2 billion dlrs over the next five years.", "How much will the port spend on it?",
     ["1.2 billion dlrs"]),
    ("amount", "This reflects efforts over the last seven years to extend plantations.",
     "How much cocoa did the island export?", []),
    ("count", "The 33 shipyards formed a cartel for one year, effective April 1.", "How many shipyards are in the cartel?",
     ["33"]),
    # A length of time answers when the question asks for one.
    # ("two terms" counts terms, not the years asked)
    ("count", "He served two terms of four years each.", "How many years did he serve?", ["four"]),
    ("amount", "The strike lasted 12 days.", "How long did the strike last?", ["12 days"]),
])
def test_a_length_of_time_answers_how_much_or_how_many_only_when_time_is_asked(kind, sentence, question, expected):
    assert _spans(kind, sentence, question) == expected


def test_a_stock_ticker_is_not_a_name_that_answers():
    sentence = "Societe Generale de Belgique <BELB.BR> sold the shares to Imasco Limited <IMS.TO>."
    assert _spans("name", sentence, "To which company did Societe Generale de Belgique sell its shares?") == [
        "Imasco Limited"]


def test_a_participle_after_a_hyphen_describes_and_joins_no_second_name():
    # "Farmer-Owned": the text says "farmer-owned grain reserve", never "Owned Grain Reserve"
    assert "Owned Grain Reserve" not in entities("How much wheat is in the U.S. Farmer-Owned Grain Reserve?")
    assert entities("When do the Japan-U.S. talks open?") == ["Japan", "U.S"]


def test_a_clause_set_off_by_commas_does_not_type_the_question():
    from assistant.questions import answer_type

    assert answer_type("Where is Mercantile Bancorp, whose Mercantile Bank raised its prime rate to 7-3/4 pct, "
                       "based?") == "name"
    assert answer_type("Where did the prime rate stand?") == "percent", "a rate's level is still asked"


def test_a_commodity_flow_is_a_quantity_asked():
    from assistant.questions import answer_type

    assert answer_type("What were cumulative U.S. green coffee roastings for calendar 1987?") == "amount"
    assert answer_type("What were Ghana's cocoa arrivals in the week?") == "amount"
    assert answer_type("What was the U.S. hog slaughter a year earlier?") == "amount"


def test_a_limit_is_a_quantity_asked():
    from assistant.questions import answer_type

    assert answer_type("What dollar limit applies to Eximbank loan guarantee commitments in fiscal 1987?") == "amount"


def test_a_low_or_a_high_a_market_reached_is_a_quantity_asked_but_a_high_school_is_not():
    from assistant.questions import answer_type

    assert answer_type("To what record low did the dollar fall against the yen on March 24, 1987?") == "amount"
    assert answer_type("What 40-year low did the dollar hit against the yen on Monday?") == "amount"
    assert answer_type("What peak did Australian prime rates reach in October 1986?") == "amount"
    assert answer_type("What high school did she attend?") != "amount"

def test_a_continent_describing_the_asked_thing_is_no_name_the_evidence_must_give():
    # the text says "Singapore", not "Asian city"; a people's name on the asked thing is still checked
    assert entities("In which Asian city will Van Ommeren open an office?") == ["Van Ommeren"]
    assert entities("Which European country did Japan sue?") == ["Japan"]
    assert entities("In which U.S. state did the FTC urge the governor to veto the bill?") == ["FTC"]
    assert "Asian" in entities("How much did Asian buyers pay for the sugar?")
    assert "Japanese" in entities("Which Japanese insurance group bought the building?")


def test_a_country_the_question_names_by_its_people_does_not_answer_which_of_them():
    question = "With which Argentine official did Clayton Yeutter settle the case?"
    assert _spans("name", "Yeutter settled the case with Argentina.", question) == []
    assert _spans("person", "He met Argentina's Ernesto Figuerras.", question) == ["Ernesto Figuerras"]  # (the owner asked: its person)



def test_a_name_built_on_the_asked_kind_answers_which_of_that_kind():
    question = "Before which Senate committee was Clayton Yeutter testifying?"
    assert _spans("name", "Yeutter testified to the Senate Finance Committee.", question) == ["Senate Finance Committee"]
    assert _spans("name", "Yeutter testified to a Senate committee.", question) == [], "the kind alone names none"

@pytest.mark.parametrize("sentence, question, expected", [
    # A sum of money is asked: a volume or a count of ships does not answer it, dollars or a bare figure do.
    ("The agency plans to ship 3.1 mln cubic meters of diesel, or 19.5 mln barrels, this year.",
     "What is the diesel the agency plans to ship worth?", []),
    ("The shipment is valued at 410 mln dlrs.", "What is the diesel the agency plans to ship worth?", ["410 mln dlrs"]),
    ("The carrier is selling 12 tankers for scrap.", "What price is the carrier getting for its tankers?", []),
    ("Sales were 88.2 mln Canadian dlrs, up from 71.5 mln in 1985.", "What revenue did the mill earn in 1986?",
     ["88.2 mln Canadian dlrs"]),  # 71.5 mln is 1985's, the base of the rise
    # A change in a sum may be a percentage: not only money answers "how much did profit rise".
    ("Group profit rose 14 pct to 2.1 billion francs.", "How much did group profit rise?", ["14 pct", "2.1 billion francs"]),
    # "its share" is a stake bought, not a percentage asked: what was paid for it is money.
    ("The trust has a 10 pct stake in TF1, for which it paid 300 mln francs.",
     "How much did the trust pay for its share of it?", ["300 mln francs"]),
    # Damages, compensation, penalties and the like are sums of money, not a share of something.
    ("Aetna asks 30 mln dlrs in punitive damages and a 40 pct share of any recovery.",
     "How much in punitive damages is Aetna seeking?", ["30 mln dlrs"]),
    # A year before a capitalized word is a year, an amount before one keeps it as its currency.
    ("The 1987 Australian cane crop will be below 25.4 mln tonnes; it paid 1,500 Australian dlrs.",
     "What size of 1987 cane crop is forecast?", ["25.4 mln tonnes", "1,500 Australian dlrs"]),
    # Quantities asked as quantities keep their units.
    ("The mine produced 40,000 tonnes of zinc.", "How much zinc did the mine produce?", ["40,000 tonnes"]),
    # A loan, an investment or a budget is a sum of money: "two public" companies or "four loans" count something.
    ("The recipient of the loan is the smaller of two public companies.", "How large is the loan approved for it?", []),
    ("Ecuador signed four loans totaling 280 mln dlrs.", "How much investment did Ecuador secure?", ["280 mln dlrs"]),
])
def test_a_question_asking_for_money_is_answered_by_a_sum_of_money_not_a_volume_or_a_count(sentence, question,
                                                                                          expected):
    assert _spans("amount", sentence, question) == expected


@pytest.mark.parametrize("question", ["Which institution is lending the money for the dam?",
                                      "Which ministry announced the ban on imports?",
                                      "What body regulates the exchange?"])
def test_a_question_asking_which_institution_or_body_asks_for_a_name(question):
    assert questions.answer_type(question) == "name"


def test_a_month_or_a_weekday_is_a_time_not_a_name_that_answers():
    sentence = "Pakistan is likely to import 100,000 tonnes of palm oil between April and June, dealers said on Monday."
    found = [sentence[a:b] for a, b in questions.spans("name", sentence, "Which bank is financing the import?")]
    assert found == ["Pakistan"], found


def test_a_company_the_question_names_is_not_its_answer_with_its_legal_form_added():
    question = "To which company did Societe Generale de Belgique sell its Genstar shares?"
    named = "The profit came from the sale of shares in Genstar Corp."
    assert [named[a:b] for a, b in questions.spans("name", named, question)] == [], "'Genstar Corp' is the question's"
    buyer = "It sold the shares to Imasco Ltd last year."
    assert [buyer[a:b] for a, b in questions.spans("name", buyer, question)] == ["Imasco Ltd"]


def test_the_base_of_a_comparison_does_not_answer_unless_its_year_is_asked():
    sentence = "Egypt produced 40.3 mln tonnes in 1986 against 44.3 mln tonnes in 1985, officials said."

    def found(question, kind="amount", text=sentence):
        return [text[a:b] for a, b in questions.spans(kind, text, question)]

    assert found("How much did Egypt produce in 1986?") == ["40.3 mln tonnes"]
    assert found("How much did Egypt produce in 1985?") == ["40.3 mln tonnes", "44.3 mln tonnes"], "1985 is asked"
    assert found("What was inflation?", "percent", "Inflation fell to 5.6 pct from 10.7 pct in 1985.") == ["5.6 pct"]
    assert found("How much rice?", "amount", "Exports were 84,960 tonnes, up from 80,498 tonnes the previous week.") \
        == ["84,960 tonnes"]
    assert found("How many countries?", "count", "Shipments came from 12 countries in 1986.") == ["12"], \
        "'from' with no change before it is where, not a base"
    assert found("What was the value?", "amount", "The value was up from 267.6 mln dlrs in 1985 reflecting a rise.") \
        == [], "the base is out, and '1985 reflecting a rise' is a year, not an amount"


def test_a_possessive_of_the_place_the_question_names_is_not_its_answer():
    sentence = "Ecopetrol said Colombia's main oil pipeline, the Cano Limon-Covenas, was bombed again."
    found = [sentence[a:b] for a, b in questions.spans("name", sentence, "Which Colombian oil pipeline was bombed?")]
    assert "Colombia's" not in found and "Cano Limon-Covenas" in found, found


def test_a_name_sharing_only_its_first_letters_with_a_question_word_is_still_new():
    sentence = "Transco announced yesterday it would no longer provide open access to transport spot gas."
    question = "Which pipeline company said it would stop providing open access to transport spot gas?"
    assert [sentence[a:b] for a, b in questions.spans("name", sentence, question)] == ["Transco"]
    chinese = "Sinochem, a state trading firm of China, won the contract."
    found = [chinese[a:b] for a, b in questions.spans("name", chinese, "Which Chinese company won the contract?")]
    assert found == ["Sinochem"], "a place is the same word as its people"
    assert questions.same_people("germany", "german") and questions.same_people("britain", "british")
    assert not questions.same_people("transco", "transport")


def test_an_adverb_opening_a_sentence_is_not_a_name_nor_part_of_one():
    officially = "Officially announced during a Nintendo Direct presentation, it features Amiibo functionality."
    assert [officially[a:b] for a, b in questions.spans("name", officially, "Which company?")] == \
        ["Nintendo Direct", "Amiibo"]
    eventually = "Eventually Connolly and Kimberly left for Italy."
    assert [eventually[a:b] for a, b in questions.spans("name", eventually, "Who left?")] == \
        ["Connolly", "Kimberly", "Italy"]
    possibly = "Possibly the first fictional treatment of Chopin's life was an opera by Giacomo Orefice."
    assert [possibly[a:b] for a, b in questions.spans("name", possibly, "Who wrote it?")] == \
        ["Chopin's", "Giacomo Orefice"]
    for sentence, names in (("Finally, he attacks the defenseless Jem and Scout.", ["Jem", "Scout"]),
                            ("Usually, Mr Smith leaves early.", ["Mr Smith"])):
        assert [sentence[a:b] for a, b in questions.spans("name", sentence, "Who?")] == names, \
            "a short adverb in -ally ('Finally', 'Usually') is no name either"
    pageant = "He attacks Jem and Scout on the way home from the school Halloween pageant, said John Easter."
    assert [pageant[a:b] for a, b in questions.spans("name", pageant, "Who?")] == ["Jem", "Scout", "John Easter"], \
        "a holiday is a time, no name; a surname that is one still names"
    despite = "Despite Tom's conviction, Bob Ewell is humiliated."
    assert [despite[a:b] for a, b in questions.spans("name", despite, "Who is humiliated?")] == ["Tom's", "Bob Ewell"]
    from assistant.answering import full_name

    assert full_name("Tom", "Despite Tom's conviction, Ewell is humiliated.") == "Tom", "'Despite' is no first name"


def test_a_count_of_days_is_not_answered_by_a_count_of_months():
    sentence = "Production began in December, with filming taking seven months and 128 days on location."
    def found(question):
        return [sentence[a:b] for a, b in questions.spans("count", sentence, question)]
    assert found("How many days did filming take?") == ["128"], "seven months is not a number of days"
    assert found("How many months did filming take?") == ["seven"]
    assert found("How many locations were used?") == [], "lengths of time count no locations"


def test_a_question_asking_on_what_date_is_answered_by_a_day_not_by_a_month_or_a_year():
    sentence = "Shultz is due in Moscow this month, arriving on April 13 or 14, 1987, or on Monday, not in March 1987."
    def found(question):
        return [sentence[a:b] for a, b in questions.spans("date", sentence, question)]
    assert found("On what date is Shultz due to arrive in Moscow?") == ["April 13", "Monday"]
    assert found("When is Shultz due in Moscow?") == ["this month", "April 13", "1987", "Monday", "March 1987"]


def test_a_day_written_in_words_as_wire_copy_does_is_a_date_not_a_count():
    sentence = "The company negotiates on a plan proposed March Four calling for 12 units to be sold."
    assert [sentence[a:b] for a, b in questions.spans("count", sentence, "How many units?")] == ["12"]
    assert [sentence[a:b] for a, b in questions.spans("date", sentence, "On what date was the plan proposed?")] \
        == ["March Four"]


def test_an_official_asked_for_is_a_person_named_without_the_titles_before_the_name():
    question = "With which Argentine official did Clayton Yeutter settle the soybean case?"
    assert questions.answer_type(question) == "person"
    assert questions.answer_type("Which ministry announced the cut?") == "name"
    sentence = "Yeutter met Argentine Agriculture Secretary Ernesto Figuerras during a visit."
    assert [sentence[a:b] for a, b in questions.spans("person", sentence, question)] == ["Ernesto Figuerras"]
    title = "The Secretary of State arrived with Mr. George Shultz's aides."
    assert "of State" not in [title[a:b] for a, b in questions.spans("person", title, "Who arrived?")]


@pytest.mark.parametrize("question, kind", [
    ("Which ministry announced the new quota?", "name"),  # the phrase ends at its verb: a ministry is asked for
    ("What quota did the ministry announce?", "amount"),
    ("What was the sugar quota?", "amount"),
    ("What is the estimated coffee production?", "amount"),  # "estimated" describes the noun
    ("What can be used to offset a portion of the energy used by HVAC systems?", "fact"),
])
def test_a_quantity_word_after_the_questions_verb_does_not_make_it_ask_for_an_amount(question, kind):
    assert questions.answer_type(question) == kind


def test_an_amount_something_changed_by_is_not_the_level_asked_for():
    sentence = "The Soviet Union agreed to cut its coal export prices to Japanese mills by about five dlrs a tonne in " \
               "1987/88 to 44 dlrs."
    def found(question):
        return [sentence[a:b] for a, b in questions.spans("amount", sentence, question)]
    assert found("What price per tonne will the mills pay?") == ["44 dlrs"], "the cut is no price; 1987/88 no amount"
    assert found("By how much did the Soviet Union cut its coal prices?") == ["five dlrs a tonne", "44 dlrs"]
    forecast = "He forecast a 2.25 pct rise in gross domestic product and a deficit of 14 billion dlrs."
    assert [forecast[a:b] for a, b in questions.spans("amount", forecast, "What deficit did he expect?")] == \
        ["14 billion dlrs"], "a rise of 2.25 pct is no deficit"


def test_the_day_of_a_date_is_no_amount():
    sentence = "GEM said its balance rose to 70,000 tonnes on March 21 compared with 10,000 a week earlier."
    assert [sentence[a:b] for a, b in questions.spans("amount", sentence, "What was GEM's balance?")] == \
        ["70,000 tonnes"], "'21 compared' is the day of March 21"


def test_an_amount_a_figure_rose_by_is_not_the_level_it_rose_to():
    sentence = "Australian broad money growth rose 10.3 pct in February, taking the total to 177.1 billion dlrs."
    found = [sentence[a:b] for a, b in questions.spans("amount", sentence, "What level did broad money reach?")]
    assert found == ["177.1 billion dlrs"], found
    risen = "Broad money has risen about 10.3 pct since February to 177.1 billion dlrs."
    assert [risen[a:b] for a, b in questions.spans("amount", risen, "What level did broad money reach?")] == \
        ["177.1 billion dlrs"], "'has risen' is a change as 'rose' is"
    rise = "Reserves showed an underlying rise of 1.785 billion dlrs in March to 22.26 billion dlrs."
    assert [rise[a:b] for a, b in questions.spans("amount", rise, "What did the reserves total in March?")] == \
        ["22.26 billion dlrs"], "a rise of an amount is a change too"
    expected = "World grain output was expected to fall 38 mln tonnes to 1,353 mln in 1987, FAO said."
    assert [expected[a:b] for a, b in questions.spans("amount", expected, "What grain output does FAO expect?")] == \
        ["1,353 mln"], "'to fall 38 mln tonnes' is a change as 'fell' is"
    assert questions.asks_region("In which Zimbabwean province did the outbreak occur?")
    assert not questions.asks_region("In which country did the outbreak occur?")


@pytest.mark.parametrize(("question", "expected"), [
    ("How many barrels a day will the field produce?", ["90,000"]),  # not the crowns, the reserves or the depth
    ("How much oil does the field hold, in barrels?", ["375 mln barrels", "90,000 bpd"]),
    ("How many tonnes of steel will the platform need?", ["40,000"]),
])
def test_a_unit_the_question_names_is_the_unit_of_its_answer(question, expected):
    sentence = ("The 10 billion crown scheme taps a field holding 375 mln barrels in 270 meters of water, needs "
                "40,000 tonnes of steel and will produce 90,000 bpd.")
    kind = questions.answer_type(question)
    assert [sentence[a:b] for a, b in questions.spans(kind, sentence, question)] == expected


@pytest.mark.parametrize("question", ["What did Britain's gold and currency reserves total at the end of January?",
                                      "What did Yonhap say South Korea's current account surplus was?",
                                      "What is Haiti's Grand Bois gold find estimated to be worth?",
                                      "What export bonus per head is the USDA paying on the cattle sales?",
                                      "What does the U.S. Embassy forecast for Indonesia's palm oil exports in 1988?",
                                      "What money market shortage did the Bank of England forecast on March 19?",
                                      "What operating net did Circus Circus report for its first quarter of 1987?"])
def test_a_quantity_asked_through_its_verb_or_at_the_end_of_the_question_asks_for_an_amount(question):
    assert questions.answer_type(question) == "amount"
    assert questions.answer_type("What did Yonhap say the reason was?") == "fact"
    assert questions.answer_type("What does the IMF expect for the talks?") == "fact"
    assert questions.answer_type("How old is Nicholas Brady, who was named as a possible successor?") == "count", \
        "an age is asked, not the person a relative 'who' speaks of"


def test_a_stake_asked_is_a_quantity_and_a_holding_company_a_name():
    assert questions.answer_type("What stake in Standard Oil does the offer cover?") == "amount"
    assert questions.answer_type("What holding does BP have in the company?") == "amount"
    assert questions.answer_type("Which holding company owns it?") == "name"


GREW = "It said the Soviet economy grew by 4.2 pct in 1986."
ROSE = "The currency rose about 25 pct in the past three months."


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("How fast did the Soviet economy expand in 1986?", GREW, "4.2 pct"),
    ("By what margin did the economy contract in 1986?", GREW, "4.2 pct"),
    ("By about how much has the financial rand appreciated over three months?", ROSE, "25 pct"),
    ("How much cheaper would the program be to run?", ROSE, "25 pct"),
])
def test_a_change_asked_in_other_words_is_answered_by_what_something_changed_by(question, sentence, expected):
    """Expanding, contracting, appreciating, 'how fast' and comparatives ask for a change, not a level."""
    found = questions.spans(questions.answer_type(question), sentence, question)
    assert [sentence[a:b] for a, b in found] == [expected]


def test_what_a_quantity_is_expected_to_reach_asks_for_an_amount_but_an_accord_reached_does_not():
    assert questions.answer_type("And what does he expect its ship repair income to reach in 1986/87?") == "amount"
    assert questions.answer_type("What did exports reach in May?") == "amount"
    assert questions.answer_type("What accord did they reach?") == "fact"


@pytest.mark.parametrize(("question", "kind"), [
    ("Along with a higher depletion allowance, which tax did Energy Secretary Herrington propose to scrap?", "fact"),
    ("Which U.S. trade official will lead the talks?", "person"),
    ("Which U.S. company bought the mine?", "name"),
    ("What will the joint refining venture between Union Pacific and PDVSA be called?", "name"),
    ("What is the name of the ship?", "name"),
    ("What coupon will the debentures carry?", "percent"),
])
def test_the_asked_noun_is_read_up_to_the_verb_and_a_name_asked_for_is_a_name(question, kind):
    assert questions.answer_type(question) == kind


@pytest.mark.parametrize(("question", "kind"), [
    ("Who is buying the Los Angeles station KHJ-TV from RKO General?", "name"),  # a firm as often as a person
    ("And who agreed to acquire the refinery?", "name"),
    ("Who owns the network?", "name"),
    ("Who is chairman of the company that acquired Esso South Africa?", "person"),  # a chairman: a person
    ("Who sold its stake in the mine?", "name"),
    # a wh-phrase headed by a person's role asks a person, whatever the rest names (a rate, a "time")
    ("Which Dean Witter economist commented on the spread after Citibank raised its prime rate?", "person"),
    ("Which Time Inc executive told security analysts about the talks?", "person"),
    ("Who cut its prime rate to 7.5 pct?", "person"),
    ("What official price did Kuwait charge?", "amount"),  # "official" describes the price
    ("Which city's mayor started the program?", "name"),  # the city is asked
])
def test_who_or_which_role_asks_a_person_and_who_does_what_firms_do_a_name(question, kind):
    assert questions.answer_type(question) == kind


@pytest.mark.parametrize("question", ["How much tax did Commerzbank's parent bank pay in 1985?",
                                      "What does it cost Zambia to mine a pound of copper?",
                                      "What did Scott Paper earn per share last year?"])
def test_what_is_paid_earned_or_costs_is_an_amount(question):
    assert questions.answer_type(question) == "amount"
    assert questions.answer_type("How high is the tax on imported cars?") == "percent"


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("How many ships did South Korean shipbreakers scrap?", "They scrapped ships of 910,000 ldt, 26 vessels in all.",
     ["26"]),  # a count of ships, not a tonnage
    ("How many workers did the plant employ?", "Employees worked long weeks for 35% of the time, 1,200 in all.",
     ["1,200"]),  # a percent sign after the figure makes it a share, not a count
    ("How many of the buildings collapsed?", "In the county, 80% of the buildings collapsed.", ["80%"]),  # a share asked
    ("How many people died in the blizzards?", "Schools shut in this city of 6.5 mln people, where 12 people died.",
     ["12"]),  # "a city of 6.5 mln people" describes the city
    ("How many people live in the city?", "Schools shut in this city of 6.5 mln people.", ["6.5 mln"]),
    ("How many people were killed?", "Sites were attacked at 7.00 A.M. (0300 GMT), killing 12 people.", ["12"]),
    ("What lot size in tonnes will the LME contract have?", "A 99.70 pct purity contract in lots of 25 tonnes.",
     ["25 tonnes"]),
    ("What lot size in tonnes will the LME contract have?", "It trades 99.70 standard re-melt material.", []),
    ("At what price per share will the stock be offered?", "Some 100 mln shares will be offered at 20 dlrs each.",
     ["20 dlrs"]),  # "per share" asks no share of anything: a price is money
])
def test_a_count_is_not_a_measure_and_a_unit_or_price_asked_anywhere_is_the_answers(question, sentence, expected):
    kind = questions.answer_type(question)
    assert [sentence[a:b] for a, b in questions.spans(kind, sentence, question)] == expected


def test_a_word_after_a_figure_is_its_unit_only_when_it_can_be_one():
    question = "How much does the trust hope to recoup?"
    for sentence in ("Some 100 state-owned companies would also be put up for sale.",
                     "Export volumes rose in the half-year to March 30 while imports were flat.",
                     "She stated one would have to wait.",
                     "The twelve Blocks stores will be run by Lazarus.",  # a name before its noun is no unit
                     "It offers three Norstar common shares for each United share."):
        assert questions.spans("amount", sentence, question) == [], sentence
    assert questions.spans("amount", "It hoped to recover about 24 billion pesos.", question) == [(26, 42)]
    assert questions.spans("amount", "It paid 138.50 Ecus for the wheat.", question) == [(8, 19)]


def test_a_figure_given_as_actual_is_no_target_asked_for():
    sentence = "The maize import target for 1987 is well over 3.4 mln tonnes, against an actual 3.07 mln in 1985."
    target = "What was the maize import target?"
    assert [sentence[a:b] for a, b in questions.spans("amount", sentence, target)] == ["3.4 mln tonnes"]
    imported = "How much maize was imported?"
    assert [sentence[a:b] for a, b in questions.spans("amount", sentence, imported)] == ["3.4 mln tonnes", "3.07 mln"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The fire caused 10 mln Canadian dlrs of damage.", "10 mln Canadian dlrs"),  # whose dollars, then dollars
    ("Income doubled to 20 mln U.S. Dlrs in the year.", "20 mln U.S. Dlrs"),
    ("Output is below its quota of 4.13 mln set in December.", "4.13 mln"),  # a verb's form is no unit
    ("Two leading bankers said 12.95 mln harvested acres were lost.", "12.95 mln"),
    ("M-2 stood at 33,463.4 billion won.", "33,463.4 billion won"),
    ("The levy raised 5 mln sterling.", "5 mln sterling"),
])
def test_a_currency_named_in_two_words_is_one_unit_and_a_verb_after_a_figure_is_none(sentence, expected):
    found = questions.spans("amount", sentence, "How much was it?")
    assert [sentence[a:b] for a, b in found] == [expected]


def test_a_months_possessive_is_no_name():
    sentence = "Governor Rene Lamy told last November's meeting of the sale of Genstar shares to Imasco Limited."
    found = questions.spans("name", sentence, "To which company did Societe Generale sell its Genstar shares?")
    assert "November's" not in [sentence[a:b] for a, b in found]


def test_a_policy_or_an_accord_is_no_person():
    sentence = "He told a press conference the union feared for the EC Common Agricultural Policy and the Louvre Accord."
    assert questions.spans("person", sentence, "Who is the secretary-general of the union?") == []
    assert questions.spans("person", "Senator Bill Bradley spoke.", "Who spoke?") == [(8, 20)]
    # a tribunal (possessive too) or a trust is a body; a headline in capitals is no name
    sentence = "The council was hurt by the Canadian Import Tribunal's ruling, said Darwin E. Stolte."
    assert [sentence[a:b] for a, b in questions.spans("person", sentence, "Who is the president?")] == \
        ["Darwin E. Stolte"]
    assert questions.spans("person", "BUEHRMANN-TETTERODE PLANS FURTHER EXPANSION", "Who chairs it?") == []


def test_a_person_asked_for_is_not_a_body_and_is_named_without_the_firm_after_of():
    sentence = ("Petrobras cancelled the purchase after the Saudis refused guarantees from the Bank of Brazil, "
                "said Export director Carlos Santana and analyst Richard Pzena of Sanford C. Bernstein.")
    found = questions.spans("person", sentence, "Which Petrobras executive announced it?")
    assert [sentence[a:b] for a, b in found] == ["Carlos Santana", "Richard Pzena"]


def test_a_trade_surplus_or_foreign_debt_is_a_sum_of_money_not_a_share():
    question = "What was Taiwan's trade surplus with the United States in January-February 1987?"
    share = "About 95 pct of the surplus was from Taiwan's trade with the United States, according to official figures."
    level = "The surplus widened in the first two months of the year to 2.35 billion dlrs from 1.87 billion."
    assert questions.spans(questions.answer_type(question), share, question) == []
    assert "2.35 billion dlrs" in [level[a:b] for a, b in questions.spans(questions.answer_type(question), level, question)]


def test_the_figure_of_a_name_such_as_m_1_or_g_7_is_no_amount_count_or_rate():
    sentence = "Canadian narrowly-defined money supply M-1 fell 430 mln dlrs to 35.65 billion dlrs in the week."
    found = [sentence[a:b] for a, b in questions.spans("amount", sentence, "By how much did M-1 fall?")]
    assert found == ["430 mln dlrs", "35.65 billion dlrs"]
    assert questions.entities("And M-2?") == ["M-2"]
    other = "The G-7 ministers met and three of them spoke."
    assert [other[a:b] for a, b in questions.spans("count", other, "How many ministers spoke?")] == ["three"]


@pytest.mark.parametrize(("question", "kind"), [
    ("According to the FTC economists, what would a five dlr a barrel levy on imported oil cost the U.S. economy?",
     "amount"),
    ("When Zambia's weekly auction drew 370 bids, what rate did the kwacha fall to?", "percent"),
    ("What is Malaysia's base lending rate, which finance minister Daim said could be cut in June?", "percent"),
    ("Along with a higher oil depletion allowance, which tax did the proposals include scrapping?", "fact"),
    ("Which New York federal judge was named as a contender to replace John Shad?", "person"),
    ("Which Merrill Lynch Europe associate director said investment was growing?", "person"),
    ("At which terminal on Turkey's coast does the Kirkuk pipeline end?", "name"),
    ("What is the redemption date for Stone Container's debentures due 2011?", "date"),
    ("What did the EIA put U.S. oil demand at for the four weeks through April 3?", "amount"),
    # inflation and unemployment are rates, unless a person or a time is asked
    ("What was South Africa's year-on-year consumer price inflation in February 1987?", "percent"),
    ("What unemployment did Statistics Canada report for March?", "percent"),
    ("Which Spanish economy official said the government is keeping its five pct inflation target?", "person"),
    ("When will inflation peak?", "date"),
])
def test_the_answer_type_is_read_from_the_main_clause_and_its_asked_noun(question, kind):
    assert questions.answer_type(question) == kind


def test_percentage_points_and_basis_points_answer_how_far_a_rate_moved_not_what_it_is():
    from assistant.questions import spans

    sentence = "Coupon rates payable March 1988 would be cut by about four percentage points, to 9.80 pct."
    assert [sentence[a:b] for a, b in spans("percent", sentence, "What rate will the certificates pay?")] == ["9.80 pct"]
    assert "four percentage points" in [sentence[a:b] for a, b in
                                        spans("percent", sentence, "By how much will the coupon rate be cut?")]
    cut = "The Bundesbank cut its discount rate by 50 basis points."
    assert spans("percent", cut, "What is the Bundesbank's discount rate?") == []


def test_how_long_asks_for_a_length_of_time_where_the_sentence_gives_one():
    from assistant.questions import answer_type, spans

    def found(sentence, question):
        return [sentence[a:b] for a, b in spans(answer_type(question), sentence, question)]

    concession = "The consortium won a 50 pct stake worth three billion francs and a 10-year operating concession."
    assert found(concession, "How long is the operating concession?") == ["10-year"]
    assert found("The strike lasted three weeks and cost 10 mln dlrs.", "How long did the strike last?") == ["three weeks"]
    beaches = "The city has 14 miles of public beaches."  # no length of time: its figure stays
    assert found(beaches, "How long are the public beaches together?") == ["14 miles"]
    ferry = "The ferry route, 5.2 miles long, takes 25 minutes."  # a length in space asked by its unit
    assert found(ferry, "In miles, how long is the ferry route?") == ["5.2 miles"]


def test_to_what_level_asks_the_level_a_change_reaches_not_the_size_of_the_change():
    from assistant.questions import spans

    sentence = "A 10 percentage point reduction would stabilize output; a cut to 70 pct from 80 pct would help."
    level = [sentence[a:b] for a, b in spans("amount", sentence, "To what level does he want the levy cut?")]
    assert level == ["70 pct", "80 pct"], "a point reduction is the size of the cut"
    size = [sentence[a:b] for a, b in spans("amount", sentence, "By how much does he want the levy cut?")]
    assert size[0].startswith("10 percentage")


def test_a_year_before_1800_is_a_date_after_a_word_introducing_it_but_a_plain_figure_is_not():
    from assistant.questions import spans

    sentence = "By 1790, New York had surpassed Philadelphia; 1500 settlers had come in 1620, 1,500 more since 1700s."
    assert [sentence[a:b] for a, b in spans("date", sentence, "By which year was it the largest city?")] == [
        "1790", "1620", "1700s"]


def test_how_much_of_a_good_asks_for_its_quantity_not_for_money_spent_on_it():
    from assistant.questions import spans

    sentence = "The port will spend 1.2 billion dlrs to handle 400 mln tonnes of cargo a year."
    assert [sentence[a:b] for a, b in spans("amount", sentence, "How much cargo did the port handle?")] == [
        "400 mln tonnes"]
    money = "How much will the port spend on cargo handling?"  # money asked: the sum answers
    assert [sentence[a:b] for a, b in spans("amount", sentence, money)] == ["1.2 billion dlrs"]
    spent = "Egypt sold crude worth 1.1 billion dlrs."
    assert spans("amount", spent, "How much crude did Egypt sell?") == []


def test_an_amount_in_us_currency_keeps_its_currency_words():
    from assistant.questions import spans

    sentence = "The cargo, priced at 249.10 U.S. Dlrs per tonne, and the rand near 30 U.S. Cents; 10 U.S. Firms agreed."
    assert [sentence[a:b] for a, b in spans("amount", sentence, "At what price was the cargo sold?")] == [
        "249.10 U.S. Dlrs per tonne", "30 U.S. Cents"]


def test_a_public_limited_company_or_a_movement_is_an_organization():
    """"British Petroleum Plc" answered "In which Swedish city is the BP refinery?": Plc names a company; "Popular
    Democratic Movement" answered "Who was named its president?"."""
    from assistant.questions import is_organization

    assert is_organization("British Petroleum Plc") and is_organization("Hanson PLC")
    assert is_organization("Popular Democratic Movement"), "'Who was named its president?' is no movement"
    assert not is_organization("Gothenburg")


def test_which_month_is_answered_by_a_month_and_a_describing_word_is_no_name():
    """"In which month ... expected to close?" was answered "this year" beside "in June of this year"; "Which Hamburg
    shipping company ...?" with "Hamburg-based"."""
    from assistant.questions import spans

    closing = "The transaction is expected to close in June of this year, the companies said."
    asked = "In which month of 1987 is the purchase expected to close?"
    assert [closing[a:b] for a, b in spans("date", closing, asked)] == ["June"]
    assert [closing[a:b] for a, b in spans("date", closing, "When is the purchase expected to close?")] == \
        ["this year"], "a month is only required when a month is asked"
    line = "The Kenya Ports Authority signed an agreement with the Hamburg-based shipping line Unimar Seetransport."
    assert [line[a:b] for a, b in spans("name", line, "Which Hamburg shipping company signed with the authority?")] \
        == ["Kenya Ports Authority", "Unimar Seetransport"]


def test_an_adverb_opening_a_quote_and_a_numbering_abbreviation_are_no_names():
    quote = 'She wrote in response: "Surely it is plain to the simplest intelligence."'
    assert [quote[a:b] for a, b in questions.spans("name", quote, "Who wrote it?")] == []
    opus = "He taught double thirds (Op. 25, No. 6) to Liszt."
    assert [opus[a:b] for a, b in questions.spans("name", opus, "Who learned them?")] == ["Liszt"]


def test_the_asker_is_no_name_of_the_question():
    assert questions.entities("I'd like to know when the Japan-U.S. talks open") == ["Japan", "U.S"]
    assert questions.entities("I'm asking what Japan's rate is; I've read the memo") == ["Japan"]


def test_a_day_with_an_ordinal_ending_is_a_date():
    sentence = "The bill was passed after the May 17th Iraqi missile attack; talks open on the 3rd of June."
    assert [sentence[a:b] for a, b in questions.spans("date", sentence, "On what date was the frigate hit?")] \
        == ["May 17th", "3rd of June"]


def test_the_kind_of_figure_asked_is_read_from_the_question_not_the_conversation_before_it():
    sentence = "Colombia exported a record 11.5 mln bags in the 1985/86 coffee year, earning 1.2 billion dlrs."
    found = questions.spans("amount", sentence, "How much coffee did Colombia export in the 1985/86 coffee year?",
                            context="How much does Colombia expect to earn from coffee exports this year?")
    assert [sentence[a:b] for a, b in found] == ["11.5 mln bags"], "bags of coffee, not the earnings asked before"
    said = questions.spans("amount", sentence, "And in the 1985/86 coffee year?", context="Was it 11.5 mln bags?")
    assert [sentence[a:b] for a, b in said] == ["1.2 billion dlrs"], "a figure the conversation already says is no answer"


def test_how_far_below_asks_the_size_of_a_gap():
    sentence = "Gasoline prices were nonetheless 5.9 pct below their levels of March 1986."
    assert [sentence[a:b] for a, b in questions.spans("amount", sentence, "How far below their year-earlier level were "
                                                      "gasoline prices?")] == ["5.9 pct"]


def test_a_question_opening_with_when_asks_a_date_though_a_clause_inside_says_where():
    assert questions.answer_type("When does the next farm ministers' meeting in Brussels, where the Belgian minister "
                                 "will table proposals, start?") == "date"
    assert questions.answer_type("When the auction drew 370 bids, what rate did the kwacha fall to?") == "percent"


def test_a_rate_asked_is_the_level_reached_not_the_rise_that_reached_it():
    sentence = "Utilization of rigs in the Gulf of Mexico climbed by 2.1 pct last week to 38.9 pct, a total of 91 rigs."
    def found(question):
        return [sentence[a:b] for a, b in questions.spans("percent", sentence, question)]
    assert found("What was the Gulf of Mexico rig utilization rate last week?") == ["38.9 pct"]
    assert "2.1 pct" in found("By how much did the Gulf of Mexico rig utilization rate rise last week?")


def test_a_figure_is_said_by_the_conversation_only_as_a_whole_number_not_inside_a_year():
    sentence = "Stocks stood at 428 mln tonnes, or 98 days of forward consumption."
    found = questions.spans("count", sentence, "How many days of forward consumption does that cover?",
                            context="What did the IEA estimate for oil stocks on April 1, 1987?")
    assert [sentence[a:b] for a, b in found] == ["98"], "98 is not said by 1987"


def test_a_person_of_a_body_is_two_names_but_a_body_of_a_place_is_one():
    from assistant.questions import entities
    assert entities("Alyssa Rosenberg of The Washington Observer said what about the film?") \
        == ["Alyssa Rosenberg", "Washington Observer"]
    assert entities("What did the Bank of Japan do?") == ["Bank Japan"]
    assert entities("What did the Federal Reserve Bank of New York buy?") == ["Federal Reserve Bank New York"]
    assert entities("What did Chancellor of the Exchequer Nigel Lawson say?") == ["Chancellor Exchequer Nigel Lawson"]


def test_a_change_in_a_price_is_money_or_a_rate_not_a_count_of_people():
    sentence = "Ecuador announced an austerity program after the earthquake, which killed at least 300 people."
    assert questions.spans("amount", sentence, "By how much will diesel prices rise under Ecuador's program?") == []
    rise = "Diesel prices will rise 80 pct, or 30 cents a gallon."
    assert [rise[a:b] for a, b in questions.spans("amount", rise, "By how much will diesel prices rise?")] \
        == ["80 pct", "30 cents a gallon"]


def test_a_figure_asked_per_unit_is_not_a_figure_in_that_unit():
    sentence = "Farmers will cut maize sowings by 150,000 hectares from the 1.87 mln ha of 1986, expecting 8.5 tonnes per hectare."
    found = questions.spans("amount", sentence, "What average maize yield per hectare does AGPM expect?")
    assert [sentence[a:b] for a, b in found] == ["8.5 tonnes per hectare"]


def test_a_question_asking_which_gathering_asks_a_name():
    assert questions.answer_type("At what gathering did Exxon chairman Lawrence Rawl warn that discoveries were slowing?") \
        == "name"
    assert questions.answer_type("Which summit will the leaders attend in June?") == "name"


def test_percentage_points_are_no_count():
    sentence = "The Conservatives lead Labour by seven percentage points in the June 11 election campaign."
    assert questions.spans("count", sentence, "How many parliamentary seats would the Conservatives win?") == []


def test_a_name_made_into_a_participle_is_the_name_alone():
    from assistant.questions import entities
    assert "EEP" in entities("Which Republican predicted the administration would offer EEP-subsidized wheat?")
    assert "EEP-subsidized" not in entities("Which Republican predicted the administration would offer EEP-subsidized wheat?")


def test_a_word_and_initials_are_two_names_the_text_may_give_apart():
    from assistant.questions import entities
    assert entities("Where did Algeria send propane, keeping Mediterranean LPG prices steady?") \
        == ["Algeria", "Mediterranean", "LPG"]


def test_a_currency_the_question_asks_in_is_the_one_the_figure_must_be_in():
    sentence = "Officials will discuss a 500 mln dlr funding for the program, estimated to cost 36 billion pesos."
    def amounts(question):
        return [sentence[a:b] for a, b in questions.spans("amount", sentence, question, "")]
    assert amounts("What is the estimated total cost in pesos of the program?") == ["36 billion pesos"]
    assert amounts("How much, in U.S. dollars, will donors discuss funding in dollars?") == ["500 mln dlr"]
    assert amounts("What is the estimated total cost of the program?") == ["500 mln dlr", "36 billion pesos"]


def test_a_name_does_not_run_over_a_blank_line_but_does_over_a_wrapped_one():
    from assistant.lead_value import full_name

    text = "CEREAL EXPORTS THROUGH ROUEN FALL\n\nFrench cereal exports through Rouen fell, the Bank of\nFrance said."
    assert "ROUEN FALL French" not in [text[a:b] for a, b in questions.spans("name", text, "Which country?", "")]
    assert "Bank of\nFrance" in [text[a:b] for a, b in questions.spans("name", text, "Which bank?", "")]
    assert full_name("French", text) == "French"


def test_a_commodity_in_a_company_name_after_the_verb_is_not_the_goods_asked_for():
    sentence = "Nippon will contribute an initial investment of more than 100 mln dlrs, or 20,000 tonnes of oil."
    def amounts(question):
        return [sentence[a:b] for a, b in questions.spans("amount", sentence, question, "")]
    assert "100 mln dlrs" in amounts("how much is nippon oil co contributing?")
    assert amounts("how much crude oil did nippon ship?") == ["20,000 tonnes"]


def test_an_exchange_rate_asked_is_a_price_in_another_currency_not_a_percentage():
    from assistant.questions import answer_type

    assert answer_type("Which sterling exchange rate did Lawson call the single most important rate?") == "amount"
    assert answer_type("By how much did the exchange rate fall?") == "percent"  # a change


def test_cents_as_the_wire_writes_them_are_money_and_a_per_share_figure_is_no_companys_total():
    from assistant.questions import spans

    widened = "All gulf differentials used to price interior corn would be widened by four to eight cts."
    question = "By how much did the USDA widen the gulf differentials used to price corn, to lower posted county prices?"
    assert [widened[a:b] for a, b in spans("amount", widened, question)] == ["four to eight cts"]
    earnings = "The impact of a lower dollar was about 15 cts a share in 1986, and net income was 215 mln dlrs."
    assert [earnings[a:b] for a, b in spans("amount", earnings, "What was Scott Paper's net income in dollars?")] == [
        "215 mln dlrs"]
    assert "15 cts a share" in [earnings[a:b] for a, b in spans("amount", earnings, "What did it earn per share?")]


@pytest.mark.parametrize("answer_type,sentence,names", [
    ("person", "USDA cut the Pacific Northwest price of spring wheat, said ASCS official Ralph Klopfenstein.",
     ["Ralph Klopfenstein"]),  # a region is no person
    ("name", "The ferry is owned by Townsend Thoresen, part of P and O's subsidiary European Ferries Group.",
     ["Townsend Thoresen", "European Ferries Group"]),  # a letter is no name
    ("person", "Secretary of State George Shultz told a group of farm leaders to meet the market.",
     ["George Shultz"]),  # "State" belongs to the title
])
def test_a_name_span_is_a_name_not_a_region_a_letter_or_part_of_a_title(answer_type, sentence, names):
    from assistant.questions import spans

    assert [sentence[a:b] for a, b in spans(answer_type, sentence, "Who was it?")] == names


@pytest.mark.parametrize("question", [
    "Which vice-governor of China's Anhui province blamed weak farmer incentives for stagnant grain output?",
    "Which composer dedicated the nocturnes to her?",
    "Which deputy-director of the bank signed the loan?",
])
def test_a_role_asked_for_with_a_prefix_or_a_calling_asks_for_a_person(question):
    assert questions.answer_type(question) == "person"


def test_a_price_per_unit_with_no_currency_word_keeps_its_unit():
    from assistant.questions import spans

    sentence = "Sorghum from Bahia Blanca increased 0.50 Australs to 76.50 per tonne."
    found = [sentence[a:b] for a, b in spans("amount", sentence, "What was the price of sorghum?")]
    assert "76.50 per tonne" in found and "76.50 per" not in found


def test_by_how_much_a_number_is_cut_asks_a_change_and_how_often_is_answered_by_an_interval():
    question = "By how much does the bonded aluminum structure cut the number of spot welds?"
    sentence = "Continuously bonded seams allow a 65 pct reduction in spot welds, Alcan said."
    assert questions.answer_type(question) == "amount"
    assert [sentence[a:b] for a, b in questions.spans("amount", sentence, question)] == ["65 pct"]
    often = "The level of the tax could be reviewed every three months rather than annually."
    assert [often[a:b] for a, b in questions.spans("count", often, "How often could it be reviewed?")] == ["three"]


@pytest.mark.parametrize("question,kind", [
    ("To whom did Żywny dedicate his polonaise?", "person"),
    ("By whom was the report written?", "person"),
    ("Which scholar outside China agrees with Wang Jiawei?", "person"),
    ("At what age did Chopin leave Poland?", "count"),
])
def test_whom_a_scholar_or_an_age_asked_is_read_as_such(question, kind):
    assert questions.answer_type(question) == kind


def test_a_country_named_with_a_peoples_word_is_one_name():
    assert questions.entities("How much corn did the Soviet Union buy?") == ["Soviet Union"]
    assert questions.entities("How much Soviet Neryungrinsky coal was shipped?") == ["Soviet", "Neryungrinsky"]


def test_the_years_of_a_season_are_no_count_and_a_loss_asked_is_money():
    """"the 1985/86 coffee year" gives no count "86"; "How much did Sidor lose?" asks a sum of money, in bolivars
    too, not "12 companies"."""
    bags = "Colombia exported 11.5 mln bags in the 1985/86 coffee year."
    assert [bags[a:b] for a, b in questions.spans("count", bags, "How many bags did Colombia export?")] == ["11.5 mln"]
    spans = questions.spans
    profits = "The CVG's 12 companies saw profits rise from 1.732 billion bolivars in 1985."
    found = [profits[a:b] for a, b in spans("amount", profits, "How much did Sidor lose in 1985?")]
    assert found == ["1.732 billion bolivars"], found


@pytest.mark.parametrize("sentence, age", [
    ("Nicholas Brady, 57, a former senator, was named.", "57"),
    ("He left Poland at the age of 20.", "20"),
    ("Brady is 57 years old.", "57"),
    ("Nicholas Brady, who served about eight months in the Senate in 1981, was named.", None),
])
def test_an_age_asked_is_a_persons_years_not_any_count(sentence, age):
    """"How old is Nicholas Brady?": "Brady, 57,", "at the age of 20" or "57 years old", not "eight months" served."""
    found = [sentence[a:b] for a, b in questions.spans("count", sentence, "How old is Nicholas Brady?")]
    assert found == ([age] if age else []), found


def test_a_debt_rating_is_asked_as_a_grade_not_an_amount():
    assert questions.answer_type("What is Wainoco Oil's implied senior debt rating?") != "amount"
    assert questions.answer_type("What is Wainoco Oil's senior debt?") == "amount"


def test_the_wires_end_january_and_mid_march_are_dates():
    sentence = "The refinery had been operating at half its capacity since end-January, and will reopen by mid-March."
    found = [sentence[a:b] for a, b in questions.spans("date", sentence, "Since when had the refinery been at half?")]
    assert found == ["end-January", "mid-March"], found


@pytest.mark.parametrize("question", ["Where did the dollar close against the yen in European trading on April 6, 1987?",
                                      "And where did April heating oil finish?", "Where did Fed funds trade late Friday?",
                                      "And where had the dollar closed against the yen the day before?",
                                      "And where did Fed funds open that day?",
                                      "Where did sterling close its European day against the dollar?"])
def test_where_a_market_closed_or_traded_asks_its_level_not_a_place(question):
    assert questions.answer_type(question) == "amount" and not questions.asks_place(question)


@pytest.mark.parametrize("question", ["Where will the talks open?", "Where did the talks end?", "Where did the exhibition open?",
                                      "Where did the company open a plant?",
                                      "Where did the ship end its voyage?", "Where had the talks ended?"])
def test_where_talks_end_or_a_ship_ends_its_voyage_is_still_a_place(question):
    assert questions.asks_place(question)


@pytest.mark.parametrize("question", ["To which English port was the ferry bound when it capsized?",
                                      "At which Belgian resort were the finance ministers meeting?",
                                      "What town did Beyonce go to school in?",
                                      "From which basin does the fund produce its oil?"])
def test_a_place_asked_by_its_kind_after_any_preposition_is_a_place(question):
    assert questions.asks_place(question) and questions.answer_type(question) == "name"


@pytest.mark.parametrize("question", ["What is the city's biggest alternative newspaper?",
                                      "Which state-owned company bought the stake?",
                                      "What were Permian Basin Royalty Trust's revenues from proved reserves?"])
def test_a_city_owning_what_is_asked_a_state_owned_company_or_a_name_after_the_verb_asks_no_place(question):
    assert not questions.asks_place(question)


def test_what_an_asked_owner_has_is_a_name_of_its_own_but_not_a_place_describing_a_noun():
    sentence = "Dry weather pushed further into South Africa's Orange Free State's Maize Triangle in the week."
    question = "Into which area of South Africa's Orange Free State did dry weather push further?"
    assert _spans("name", sentence, question) == ["Maize Triangle"]
    described = "Xerox Corp's U.K. unit, Rank Xerox Ltd, agreed to sell its company to Fintech."
    assert "U.K." not in _spans("name", described, "Which unit of Altron agreed to buy Xerox Corp's company?")
    assert _spans("name", "McDonald's Corp opened in Moscow.", "Which company opened in Moscow?") == ["McDonald's Corp"]


def test_a_dealers_two_way_quote_is_one_figure():
    sentence = "The dollar was quoted at 145.10/20 yen, and against the mark at 1.8270/80 marks."
    assert [sentence[a:b] for a, b in questions.spans("amount", sentence, "Where did the dollar close?")] == [
        "145.10/20 yen", "1.8270/80 marks"]


def test_an_adjective_that_starts_a_term_ends_no_name():
    """"U.S. Federal funds": the text names the U.S. and Federal funds, never a "U.S. Federal"."""
    assert questions.entities("At what level were U.S. Federal funds trading on April 13, 1987?") == ["U.S"]
    assert questions.entities("What did the U.S. Federal Reserve say?") == ["U.S. Federal Reserve"]


def test_a_multiplier_or_a_describing_word_after_a_figure_is_no_unit():
    """"three times as much" is no amount of grain, nor "311 new" an amount of short positions."""
    sentence = "Farmers earn three times as much from cotton, and traders added 311 new short positions."
    assert questions.spans("amount", sentence, "What was Anhui's grain output?") == []


def test_a_unit_of_two_words_is_kept_whole():
    sentence = "The quota was set at 1,001,430 short tons, a budget of 7.7 billion European Currency Units."
    assert [sentence[a:b] for a, b in questions.spans("amount", sentence, "How large is the quota?")] == [
        "1,001,430 short tons", "7.7 billion European Currency Units"]


def test_a_labels_number_is_no_amount_and_a_wire_scale_belongs_to_a_count():
    """"the 1984 Chapter 11 bankruptcy" gives no "11 bankruptcy"; "registered 1.4 mln 60 kilo bags" counts 1.4 mln."""
    sentence = "Aetna filed suit over the 1984 Chapter 11 bankruptcy of Paramount, seeking 30 mln dlrs."
    assert [sentence[a:b] for a, b in questions.spans("amount", sentence, "How much is Aetna seeking?")] == [
        "30 mln dlrs"]
    sentence = "The Brazilian Coffee Institute today registered 1.4 mln 60 kilo bags of green coffee."
    assert [sentence[a:b] for a, b in questions.spans("count", sentence, "How many bags?")][0] == "1.4 mln"
    sentence = "The two mature sonatas (No. 2, Op. 35 and No. 3, Op. 58) are in four movements."
    assert [sentence[a:b] for a, b in questions.spans("count", sentence, "How many bars long is it?")] == [
        "two", "four"], "a work's numbers count nothing"


def test_how_long_is_answered_by_a_length_of_time_or_a_distance_never_by_a_count_of_something_else():
    question = "How long a stoppage were Spanish dockers threatening?"
    sentence = "Talks on dockers' demands to reinstate five workers went on."
    assert questions.spans("amount", sentence, question) == []
    sentence = "The island has 14 miles of public beaches."
    assert [sentence[a:b] for a, b in questions.spans("amount", sentence, "How long are the beaches?")] == ["14 miles"]


def test_a_peoples_name_describing_a_named_company_is_not_required_of_the_text():
    """"Belgian arms maker Fabrique Nationale Herstal": the company is the name; its story may never say Belgian. A
    people's name before a verb's subject ("Spanish couple did Sand sell") or standing alone still counts."""
    assert questions.entities("What net loss did Belgian arms maker Fabrique Nationale Herstal report?") == [
        "Fabrique Nationale Herstal"]
    assert "Spanish" in questions.entities("To which local Spanish couple did Sand sell the piano?")
    assert questions.entities("Which Belgian company made a loss?") == ["Belgian"]


def test_what_a_company_lost_is_the_loss_asked_not_a_change():
    sentence = "Purolator lost 57.6 mln dlrs on 841.4 mln dlrs in revenues."
    assert [sentence[a:b] for a, b in questions.spans("amount", sentence, "How much did Purolator lose last year?")] \
        == ["57.6 mln dlrs", "841.4 mln dlrs"]
    assert [sentence[a:b] for a, b in questions.spans("amount", sentence, "What were Purolator's revenues?")] == [
        "841.4 mln dlrs"]


def test_a_sum_of_money_or_a_year_of_an_era_counts_nothing_unless_money_is_counted():
    sentence = "Workers earn no more than US$50 per month since the Han dynasty (202 BCE–220 CE); 300 workers were hired."
    assert [sentence[a:b] for a, b in questions.spans("count", sentence, "How many workers did the plant employ?")] \
        == ["300"]
    assert "50" in [sentence[a:b] for a, b in questions.spans("count", sentence, "How many dollars do they earn?")]


@pytest.mark.parametrize("sentence, expected", [
    ("The offer is designed to raise five mln Canadian dlrs for the new company.", []),  # what the sale raises
    ("It is offering the shares at 4.50 dlrs a share.", ["4.50 dlrs a share"]),
    ("It offered 3,500,000 shares at a maximum price of 11.50 dlrs each.", ["11.50 dlrs"]),
])
def test_a_price_per_share_is_a_figure_for_each_share(sentence, expected):
    assert _spans("amount", sentence, "At what price per share are the new company's shares being offered?") == expected


def test_a_flow_per_day_is_an_amount_and_no_length_of_time_but_no_answer_for_what_is_held():
    fuel = "An estimated 200,000 barrels per day of residual fuel went into the utilities market last year."
    assert _spans("amount", fuel, "How much residual fuel went into the utilities market in 1986?") == [
        "200,000 barrels per day"]
    texaco = "Texaco said its output was 300,000 barrels per day and its reserves 293.7 mln barrels."
    assert _spans("amount", texaco, "What were Texaco's proved crude oil reserves?") == ["293.7 mln barrels"]
    strike = "The strike lasted 12 days over the next five years."
    assert _spans("amount", strike, "How much output was lost?") == [], "a length of time is still none"


def test_a_numbered_thing_and_what_it_belongs_to_are_two_names():
    """"reserve number VI of the U.S. reserve" was one name, "VI U.S", that no document gives."""
    assert questions.entities("How much wheat was held in reserve number VI of the U.S. farmer-owned grain reserve?") \
        == ["VI", "U.S"]
    assert "Civil Rights Act" in questions.entities("What does Title VI of the Civil Rights Act bar?")
    assert questions.entities("Who is the Governor of the Bank of England?") == ["Governor Bank England"]


@pytest.mark.parametrize("name", ["El Nido Biomass Power Plant Associates", "Commerce Departments", "Salomon Brothers"])
def test_a_partnership_or_departments_in_the_plural_are_organizations(name):
    assert questions.is_organization(name)


@pytest.mark.parametrize("question, kind", [
    ("What was East Germany's 1986 winter barley harvest, according to the U.S. officer?", "amount"),  # five words before
    ("What GNP growth does WestLB forecast for West Germany in 1988?", "percent"),  # growth is stated as a rate
    ("How much GNP growth does the Bank of Japan official expect?", "percent"),
    ("What is the Bank of Spain's 1987 target range for growth in liquid assets?", "percent"),
    ("What slowed down the growth of solar energy?", "fact"),  # not growth asked for
    ("Which Commerce Department official said the index was consistent with 3.0 pct growth?", "person"),
    ("What was the outcome of the Japan-U.S. tariff talks?", "fact"),  # "tariff talks" are talks, no tariff
])
def test_a_quantity_or_a_growth_asked_after_several_describing_words(question, kind):
    assert questions.answer_type(question) == kind


def test_a_years_number_does_not_open_a_range_of_rates():
    sentence = "He projected the same rate of growth for 1987 and 11 pct growth in 1988, and 6.5 to 9.5 pct later."
    assert _spans("percent", sentence, "What growth did he project for 1988?") == ["11 pct", "6.5 to 9.5 pct"]


def test_gas_asked_is_not_answered_in_barrels_of_oil():
    sentence = "Egypt produced 1.2 billion cubic feet of gas a day and 850,000 bpd of crude, officials said."
    assert _spans("amount", sentence, "How much natural gas did Egypt produce in 1986?") == ["1.2 billion cubic feet"]
    assert _spans("amount", sentence, "How much oil and gas did Egypt produce in 1986?") == [
        "1.2 billion cubic feet", "850,000 bpd"]


def test_how_many_million_tonnes_asks_tonnes():
    question = "In the USDA's April 9 revision, how many mln tonnes of corn is the Soviet Union expected to import?"
    sentence = "The USDA now expects the Soviet Union to import 20.1 mln tonnes of corn this season."
    assert _spans(questions.answer_type(question), sentence, question) == ["20.1 mln"]


def test_an_award_a_work_or_an_event_is_nobodys_name():
    from assistant.questions import names_a_thing, spans
    sentence = "The group won a Grammy Award for the song and later toured with Kelly Rowland."
    assert [sentence[a:b] for a, b in spans("person", sentence, "Who toured with the group?")] == ["Kelly Rowland"]
    assert names_a_thing("Grammy Awards") and names_a_thing("Best Contemporary R&B Album")
    assert not names_a_thing("Elektra Records") and not names_a_thing("Kelly Rowland")  # (a label is a company)


@pytest.mark.parametrize("question, sentence, span", [
    ("In what year was the gradual abolition act passed?", "Under the gradual abolition act of 1799, children were freed.",
     "1799"),
    ("Until when did the Gelug exchange gifts with the Ming?", "The Gelug exchanged gifts up until the 1430s.", "1430s"),
    ("In which years did Time list her among the most influential people?",
     "Time listed her among the 100 most influential people in 2013 and 2014.", "2013"),
    ("In what decade did the crime rate drop?", "The crime rate began to drop in the 1990s.", "1990s"),
    ("In what century did the Tibetan Empire fall?", "The Tibetan Empire collapsed in the 9th century.", "9th century"),
])
def test_a_year_decade_or_century_asked_is_a_date_and_found_in_encyclopedic_text(question, sentence, span):
    from assistant.questions import answer_type, spans
    assert answer_type(question) == "date"
    assert span in [sentence[a:b] for a, b in spans("date", sentence, question)]


def test_a_figure_or_volume_described_as_a_person_or_a_book_asks_no_quantity():
    from assistant.questions import answer_type
    assert answer_type("New York was renamed after which historical figure?") != "amount"
    assert answer_type("Librarians ranked the book ahead of what famous volume?") != "amount"
    assert answer_type("What trading volume did the exchange report?") == "amount"
    assert answer_type("What was the trade figure for March?") == "amount"
