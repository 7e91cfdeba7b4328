"""Text analysis on wire copy: paragraphs of hard-wrapped lines, sentences across line breaks, wire
abbreviations, search terms, and readable titles from headlines in capitals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.documents import load_document, readable_title
from assistant.text import american, flat, paragraph_spans, sentence_spans, terms
from conftest import REUTERS_CORPUS, SEED_CORPUS, SEED_DOC  # tests/ is on sys.path (rootdir conftest, no package)

# A Reuters article as stored in the development corpus: headline in capitals, a blank line, the body
# hard-wrapped at about 65 characters, each new paragraph indented with spaces.
WIRE = """N.Z. TRADING BANK DEPOSIT GROWTH RISES SLIGHTLY

New Zealand's trading bank seasonally
adjusted deposit growth rose 2.6 pct in January compared with a
rise of 9.4 pct in December, the Reserve Bank said.
    Year-on-year total deposits rose 30.6 pct compared with a
26.3 pct increase in the December year and 34.5 pct rise a year
ago period, it said in its weekly statistical release.
    Total deposits rose to 17.18 billion N.Z. Dlrs in January
compared with 16.74 billion in December and 13.16 billion in
January 1986.
"""

WIRE_SENTENCES = [
    "N.Z. TRADING BANK DEPOSIT GROWTH RISES SLIGHTLY",
    "New Zealand's trading bank seasonally adjusted deposit growth rose 2.6 pct in January compared with a "
    "rise of 9.4 pct in December, the Reserve Bank said.",
    "Year-on-year total deposits rose 30.6 pct compared with a 26.3 pct increase in the December year and "
    "34.5 pct rise a year ago period, it said in its weekly statistical release.",
    "Total deposits rose to 17.18 billion N.Z. Dlrs in January compared with 16.74 billion in December and "
    "13.16 billion in January 1986.",
]

# Wire copy dense with abbreviations that end in a full stop without ending the sentence.
ABBREVIATIONS = """U.S. HOUSE PANEL BACKS TRADE BILL

    WASHINGTON, March 3 - Rep. Richard Gephardt and Sen. Lloyd
Bentsen said the U.S. Commerce Dept. would report on Jan. 15 how
far Chrysler Corp. and Toyota Motor Inc. had gone in buying N.Z.
parts for assembly plants in the United States and Canada.
    TOKYO, March 3 - Japan's trade surplus widened to 3.2 mln dlrs. Exports
rose 5.4 pct to 18.6 billion dlrs in February, the Finance Ministry
said in a statement on the figures released on Tuesday.
    The ministry said imports fell 2.1 pct from a year earlier and
the U.S. share of exports was unchanged at 38.5 pct of the total.
"""


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_hard_wrapped_paragraphs_are_read_as_one_sentence_across_line_breaks():
    found = [flat(s) for s in sentences(WIRE)]
    assert found == WIRE_SENTENCES, f"wire sentences should run across line breaks, got {found}"


def test_every_sentence_span_points_exactly_into_the_original_text():
    spans = sentence_spans(WIRE)
    assert len(spans) == len(WIRE_SENTENCES), f"expected {len(WIRE_SENTENCES)} sentences, got {len(spans)}"
    for (start, end), expected in zip(spans, WIRE_SENTENCES):
        piece = WIRE[start:end]
        assert piece == piece.strip(), f"span ({start}, {end}) has surrounding whitespace: {piece!r}"
        assert flat(piece) == expected, f"span ({start}, {end}) is {piece!r}, not the sentence {expected!r}"
        assert WIRE.find(piece) == start, f"span ({start}, {end}) is not where its text sits in the document"
    body = WIRE[spans[1][0]:spans[1][1]]
    assert body == ("New Zealand's trading bank seasonally\nadjusted deposit growth rose 2.6 pct in January "
                    "compared with a\nrise of 9.4 pct in December, the Reserve Bank said."), \
        f"the slice keeps the original line breaks, got {body!r}"


def test_sentence_spans_of_a_slice_are_offsets_into_the_whole_text():
    start = WIRE.index("    Year-on-year")
    spans = sentence_spans(WIRE, start, len(WIRE))
    assert [flat(WIRE[a:b]) for a, b in spans] == WIRE_SENTENCES[2:], \
        f"sentences of the slice should be the last two, got {[WIRE[a:b] for a, b in spans]}"
    assert all(a >= start for a, _ in spans), "no span of a slice may start before the slice"


def test_real_dev_corpus_articles_give_sentences_that_never_cross_a_paragraph_break(tmp_path):
    names = ["100.txt", "10011.txt", "10014.txt", "10048.txt", "10078.txt"]
    for name in names:
        shutil.copyfile(REUTERS_CORPUS / name, tmp_path / name)
        text = (tmp_path / name).read_text(encoding="utf-8")
        headline = text.split("\n", 1)[0].strip()
        spans = sentence_spans(text)
        assert text[spans[0][0]:spans[0][1]] == headline, f"{name}: the headline should be the first sentence"
        for a, b in spans:
            piece = text[a:b]
            assert "\n\n" not in piece and "\n " not in piece, f"{name}: sentence crosses a paragraph: {piece!r}"
            assert piece == piece.strip(), f"{name}: span ({a}, {b}) has surrounding whitespace"


def test_an_indented_line_starts_a_new_paragraph():
    text = ("Japan's trade surplus widened in February as exports of cars\n"
            "and electronics rose faster than imports of crude oil and\n"
            "    The ministry said the figures were seasonally adjusted and\n"
            "would be revised next month.\n")
    paragraphs = [text[a:b] for a, b in paragraph_spans(text)]
    assert len(paragraphs) == 2, f"the indented line should open a second paragraph, got {paragraphs}"
    assert paragraphs[1].startswith("    The ministry"), f"second paragraph starts at the indent: {paragraphs[1]!r}"
    assert not any("crude oil and" in s and "ministry" in s for s in sentences(text)), \
        "no sentence runs across the indent"


def test_a_blank_line_starts_a_new_paragraph():
    text = ("Canadian oil exports rose 20 pct in 1986 over the previous year\n"
            "to 33.96 mln cubic meters, while oil imports soared 25.2 pct\n"
            "\n"
            "Natural gas exports plunged 19.4 pct to 21.09 billion cubic\n"
            "meters, while Canadian sales slipped 4.1 pct to 48.09 billion\n")
    paragraphs = [flat(text[a:b]) for a, b in paragraph_spans(text)]
    assert len(paragraphs) == 2, f"a blank line separates two paragraphs, got {paragraphs}"
    assert paragraphs[1].startswith("Natural gas"), f"the second paragraph follows the blank line: {paragraphs}"
    assert len(sentences(text)) == 2, "the unfinished first paragraph does not run into the second"


def test_a_headline_in_capitals_stands_alone_even_without_a_blank_line():
    text = ("CANADA OIL EXPORTS RISE 20 PCT IN 1986\n"
            "Canadian oil exports rose 20 pct in 1986\n"
            "over the previous year to 33.96 mln cubic meters, while oil\n"
            "imports soared 25.2 pct to 20.58 mln cubic meters, Statistics\n"
            "Canada said.\n")
    found = sentences(text)
    assert found[0] == "CANADA OIL EXPORTS RISE 20 PCT IN 1986", f"the headline is a sentence of its own: {found}"
    assert len(found) == 2, f"headline and one body sentence expected, got {found}"
    assert flat(found[1]).startswith("Canadian oil exports rose 20 pct in 1986 over"), found[1]


def test_a_body_written_in_capitals_wraps_on_from_a_line_ending_mid_sentence():
    text = ("ARGENTINE CATTLE MARKET REPORT\n\n"
            "ABOUT 3,314 HEAD OF CATTLE WERE\n"
            "AUCTIONED IN LINIERS CATTLE MARKET, AGAINST 13,952 ON WEDNESDAY\n"
            "AND 9,217 LAST THURSDAY, TRADE SOURCES SAID.\n"
            "    MAXIMUN PRICES, IN AUSTRALES PER KILO, WITH DOLLAR\n"
            "EQUIVALENT IN BRACKETS, INCLUDED:\n")
    found = [flat(s) for s in sentences(text)]
    assert found[:2] == ["ARGENTINE CATTLE MARKET REPORT", "ABOUT 3,314 HEAD OF CATTLE WERE AUCTIONED IN LINIERS "
                         "CATTLE MARKET, AGAINST 13,952 ON WEDNESDAY AND 9,217 LAST THURSDAY, TRADE SOURCES SAID."], found


def test_text_with_one_paragraph_a_line_is_split_at_least_once_per_line(tmp_path):
    path = tmp_path / SEED_DOC
    shutil.copyfile(SEED_CORPUS / SEED_DOC, path)
    text = path.read_text(encoding="utf-8")
    spans = sentence_spans(text)
    for a, b in spans:
        assert "\n" not in text[a:b], f"a sentence of long-line text crosses a line: {text[a:b]!r}"
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            inside = [(a, b) for a, b in spans if offset <= a and b <= offset + len(line)]
            assert inside, f"line at {offset} ({line[:50]!r}) holds no whole sentence"
        offset += len(line) + 1
    assert text[spans[0][0]:spans[0][1]] == \
        "U.S. President Donald Trump and Japanese Prime Minister Shigeru Ishiba./AFP-Reuters-Yonhap", \
        "the photo caption line is the first sentence, as before"


def test_wire_abbreviations_and_datelines_do_not_end_a_sentence():
    found = [flat(s) for s in sentences(ABBREVIATIONS)]
    assert found[0] == "U.S. HOUSE PANEL BACKS TRADE BILL", f"headline with U.S. is one sentence: {found}"
    assert found[1] == ("WASHINGTON, March 3 - Rep. Richard Gephardt and Sen. Lloyd Bentsen said the U.S. Commerce "
                        "Dept. would report on Jan. 15 how far Chrysler Corp. and Toyota Motor Inc. had gone in "
                        "buying N.Z. parts for assembly plants in the United States and Canada."), \
        f"Rep., Sen., U.S., Dept., Jan., Corp., Inc. and N.Z. split nothing: {found[1]!r}"
    assert found[2] == "TOKYO, March 3 - Japan's trade surplus widened to 3.2 mln dlrs.", \
        f"the dateline stays in its sentence, which ends after 'dlrs.': {found[2]!r}"
    assert found[3].startswith("Exports rose 5.4 pct"), f"'Exports' starts the next sentence: {found[3]!r}"
    assert found[4].startswith("The ministry said") and "the U.S. share" in found[4], found[4]
    assert len(found) == 5, f"five sentences expected, got {len(found)}: {found}"


def test_a_capitalized_word_after_initials_continues_the_sentence_unless_it_opens_one():
    text = ("The financial rand is headed above 30 U.S. Cents, dealers said. Talks between the U.S. And Japan "
            "ended. Sugar went to the U.S. In 1982 quotas came back. Inspired by J.S. Bach, Chopin wrote preludes.")
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "The financial rand is headed above 30 U.S. Cents, dealers said.", "Talks between the U.S. And Japan ended.",
        "Sugar went to the U.S.", "In 1982 quotas came back.", "Inspired by J.S. Bach, Chopin wrote preludes."]


def test_i_e_e_g_and_opus_numbers_end_no_sentence():
    text = "It ruptured two faults, i.e. the Beichuan Fault, and e.g. others. His Sonata No. 2, Op. 35 was praised."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "It ruptured two faults, i.e. the Beichuan Fault, and e.g. others.", "His Sonata No. 2, Op. 35 was praised."]


def test_a_short_first_line_ending_in_an_abbreviation_continues_its_paragraph():
    """Regression: paragraph_spans ends a paragraph after a short line ending in '.', even when the full stop belongs to an abbreviation: 'There were no shipments of U.S.' (the short first body line of tests/data/reuters-dev/corpus/10172.txt, 11043.txt) is cut from 'grain or soybeans ...'"""
    text = ("NO GRAIN SHIPMENTS TO THE USSR -- USDA\n"
            "\n"
            "There were no shipments of U.S.\n"
            "grain or soybeans to the Soviet Union in the week ended March\n"
            "19, according to the U.S. Agriculture Department's latest\n"
            "Export Sales report.\n")
    found = [flat(s) for s in sentences(text)]
    assert found[1] == ("There were no shipments of U.S. grain or soybeans to the Soviet Union in the week ended "
                        "March 19, according to the U.S. Agriculture Department's latest Export Sales report."), \
        f"the body is one sentence, got {found[1:]}"


def test_a_capitals_headline_with_us_in_the_middle_is_one_sentence():
    """Regression: Punkt splits a headline in capitals after 'U.S.' when the next word is one it knows in lower case: 'CHINA SWITCHES U.S.' | 'WHEAT TO 1987/88 FROM 86/87' (about 50 headlines of the dev corpus, e.g. 10120.txt, 19996.txt)"""
    for headline in ("CHINA SWITCHES U.S. WHEAT TO 1987/88 FROM 86/87",
                     "JAPAN UNDERSTANDS U.S. ATTACK ON IRAN OIL PLATFORM"):
        text = headline + "\n\nChina has switched purchases of wheat.\n"
        assert sentences(text)[0] == headline, f"headline split: {sentences(text)}"


def test_terms_drop_stopwords_question_words_and_single_letters_but_keep_digits():
    found = terms("What did the U.S. say, and which 7 pct rise in 1987 was when who how where why whom whose?")
    for dropped in ("what", "which", "who", "when", "how", "where", "why", "whom", "whose", "the", "and", "in",
                    "u", "s"):
        assert dropped not in found, f"{dropped!r} is no search term, got {found}"
    assert "7" in found and "1987" in found, f"digits are kept, even a single one: {found}"
    assert "percent" in found and "rise" in found and "say" in found, f"content words are kept (stemmed, \"pct\" read as \"percent\"): {found}"
    assert terms("Exports rose") == ["export", "rose"], "terms are lower-cased and stemmed"


@pytest.mark.parametrize("headline,expected", [
    ("N.Z. TRADING BANK DEPOSIT GROWTH RISES SLIGHTLY", "N.Z. Trading Bank Deposit Growth Rises Slightly"),
    ("CANADA OIL EXPORTS RISE 20 PCT IN 1986", "Canada Oil Exports Rise 20 pct in 1986"),
    ("U.S. TRADE DEFICIT NARROWS TO 12.2 BLN DLRS", "U.S. Trade Deficit Narrows to 12.2 bln dlrs"),
    ("U.K. MONEY MARKET GIVEN FURTHER 437 MLN STG HELP", "U.K. Money Market Given Further 437 mln stg Help"),
    ("COFFEE, SUGAR AND COCOA EXCHANGE NAMES CHAIRMAN", "Coffee, Sugar and Cocoa Exchange Names Chairman"),
    ("EC FARM MINISTERS MEET IN BRUSSELS", "EC Farm Ministers Meet in Brussels"),
    ("THE U.S. AND JAPAN", "The U.S. and Japan"),
])
def test_readable_title_turns_a_wire_headline_into_title_case(headline, expected):
    assert readable_title(headline) == expected, f"readable_title({headline!r})"


def test_readable_title_leaves_a_mixed_case_title_as_it_is():
    title = "Japan to open ministerial-level tariff talks with the U.S. on April 16"
    assert readable_title(title) == title, "a title in mixed case is not rewritten"
    assert readable_title("  OPEC  ") == "OPEC", "a short title in capitals is only stripped"


def test_readable_title_keeps_a_ticker_symbol_in_capitals():
    """Regression: readable_title lower-cases a ticker in angle brackets: '<CBT>' becomes '<cbt>' (the brackets defeat the abbreviation check, then the title-casing keeps only the bracket upper case)"""
    assert readable_title("CABOT <CBT> CALLS NOTES FOR REDEMPTION") == "Cabot <CBT> Calls Notes for Redemption"


def test_readable_title_capitalises_a_word_after_a_quote_mark():
    """Regression: the first character of the word, the quote, was capitalised: '"RESTRICTED' became '"restricted'."""
    assert readable_title('PAPANDREOU SHOWS "RESTRICTED OPTIMISM" OVER CRISIS') == \
        'Papandreou Shows "Restricted Optimism" over Crisis'


def test_load_document_titles_a_text_file_by_its_capitals_headline(corpus_dir):
    shutil.copyfile(REUTERS_CORPUS / "100.txt", corpus_dir / "100.txt")  # no sidecar
    document = load_document(corpus_dir / "100.txt", corpus_dir)
    assert document.title == "N.Z. Trading Bank Deposit Growth Rises Slightly", \
        f"the headline line, made readable, is the title; got {document.title!r}"
    assert document.text.startswith("N.Z. TRADING BANK DEPOSIT GROWTH RISES SLIGHTLY\n\n"), \
        "the text itself is kept exactly as written"
    assert document.date == "", "no sidecar, no date"


def test_load_document_without_a_standalone_headline_falls_back_to_the_file_name(corpus_dir):
    (corpus_dir / "oil-exports.txt").write_text(
        "Canadian oil exports rose 20 pct in 1986 over the previous year.\nImports soared 25.2 pct.\n",
        encoding="utf-8")
    document = load_document(corpus_dir / "oil-exports.txt", corpus_dir)
    assert document.title == "Oil exports", f"a first line ending in a full stop is no headline: {document.title!r}"


def test_a_sidecar_title_in_capitals_is_made_readable_too(corpus_dir):
    shutil.copyfile(REUTERS_CORPUS / "10011.txt", corpus_dir / "oil.txt")
    (corpus_dir / "oil.txt.meta.json").write_text(
        json.dumps({"title": "CANADA OIL EXPORTS RISE 20 PCT IN 1986", "date": "1987-03-26"}), encoding="utf-8")
    document = load_document(corpus_dir / "oil.txt", corpus_dir)
    assert document.title == "Canada Oil Exports Rise 20 pct in 1986", f"sidecar title made readable: {document.title!r}"
    assert document.date == "1987-03-26", "the sidecar's date is read"


def test_a_mixed_case_sidecar_title_wins_over_the_headline_unchanged(corpus_dir):
    shutil.copyfile(REUTERS_CORPUS / "100.txt", corpus_dir / "100.txt")
    (corpus_dir / "100.txt.meta.json").write_text(json.dumps({"title": "Deposit growth in New Zealand"}),
                                                  encoding="utf-8")
    document = load_document(corpus_dir / "100.txt", corpus_dir)
    assert document.title == "Deposit growth in New Zealand", f"the sidecar title is kept: {document.title!r}"


def test_punkt_tables_are_read_from_the_package_not_from_another_library():
    """Punkt used to be loaded from llama_index.core's private `_static/nltk_cache` folder."""
    import nltk

    from assistant.text import NLTK_DATA, _punkt

    _punkt()
    found = Path(str(nltk.data.find("tokenizers/punkt_tab/english/")))
    assert found.is_relative_to(NLTK_DATA), f"Punkt found at {found}, not in the package's {NLTK_DATA}"
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"data/nltk_data/tokenizers/punkt_tab/english/*"' in pyproject, "package-data must ship the tables"


def test_auxiliaries_and_function_words_are_not_search_terms():
    """"do" in "When do the talks open?" is in no passage: taken as a word to look for, it made every passage
    look as if it missed the question's rarest word."""
    from assistant.text import terms

    assert terms("When do the Japan-U.S. talks open?") == ["japan", "talk", "open"]
    assert terms("How many people were jobless after the cut?") == ["peopl", "jobless", "cut"]


def test_wire_shorthand_is_read_as_the_words_a_reader_asks_with():
    assert terms("Revs 608,181 in the 2ND QTR, up 15 pct to 3 mln dlrs") == \
        terms("revenues 608,181 in the second quarter, up 15 percent to 3 million dollars")
    assert terms("Avg shrs nine mths") == terms("average shares nine months")
    assert terms("Qtly div 28 cts; oper net excl extraord gain") == \
        terms("quarterly dividend 28 cents; operating net excluding extraordinary gain")


def test_british_and_american_spellings_are_one_search_term():
    assert terms("privatisation of the Labour harbour centre, totalled 5 kilometres") == \
        terms("privatization of the Labor harbor center, totaled 5 kilometers")
    assert terms("164.1 sq mi") == terms("164.1 square miles")
    for word in ("four", "hour", "flour", "raise", "called", "killed", "filled"):  # each keeps its own spelling
        assert american(word) in (word, "flor"), word
    assert len({american(w) for w in ("filled", "filed", "killed", "kiled")}) == 4, "no two words become one"
