"""Plain-text table rows read with their column headers (wire copy's spaced columns)."""

from __future__ import annotations

from assistant.table_rows import read_row
from assistant.text import sentence_spans

RATES = ("SALLIE MAE ADJUSTS SHORT-TERM DISCOUNT NOTE RATES\n\n"
         "The Student Loan Marketing\nAssociation said its rates on short-term discount notes were as\nfollows:\n"
         "    MATURITY   NEW RATE    OLD RATE  MATURITY\n"
         "    5-14 days  5.65 pct    5.60 pct     5-14 days\n"
         "   79-85 days  5.83 pct    5.75 pct    82-88 days\n"
         "                           5.85 pct  175-180 days\n")
RESERVE = ("GRAIN RESERVE HOLDINGS BREAKDOWN\n\n"
           "The U.S. Agriculture Department gave the breakdown of grain in the reserve, in mln bushels --\n"
           "             I    II  III    IV      V      VI\n"
           " Wheat      nil  nil  0.1   0.3    10.5  479.7\n"
           " Corn        --   --   --   4.1 1,231.9     --\n")
LABELLED_ROWS = ("ARGENTINE GRAIN REGISTRATIONS\n\nRegistrations were as follows, in tonnes.\n"
                 "    BREAD WHEAT         nil        nil       nil\n"
                 "    MAIZE              113,500    21,800    51,300\n")


def readings(text: str) -> list[str]:
    return [r for a, b in sentence_spans(text) if (r := read_row(text, a, b))]


def test_each_cell_is_read_under_its_columns_label():
    assert readings(RATES) == [
        "MATURITY 5-14 days, NEW RATE 5.65 pct, OLD RATE 5.60 pct, MATURITY 5-14 days",
        "MATURITY 79-85 days, NEW RATE 5.83 pct, OLD RATE 5.75 pct, MATURITY 82-88 days",
        "OLD RATE 5.85 pct, MATURITY 175-180 days",  # a row with empty first columns: its cells keep their columns
    ]


def test_a_rows_own_name_stands_alone_and_figures_one_space_apart_are_two_cells():
    assert readings(RESERVE) == ["Wheat, I nil, II nil, III 0.1, IV 0.3, V 10.5, VI 479.7",
                                 "Corn, I --, II --, III --, IV 4.1, V 1,231.9, VI --"]


def test_rows_under_no_header_and_prose_are_not_read_as_table_rows():
    assert readings(LABELLED_ROWS) == [], "a row of 'nil' figures is no header"
    prose = "Shr 75 cts vs 67 cts\n    Net 46.8 mln vs 39.8 mln\n"
    assert readings(prose) == []


def test_a_cells_label_is_the_one_its_reading_puts_before_it():
    from assistant.table_rows import column_label

    reading = "MATURITY 5-14 days, NEW RATE 5.65 pct, OLD RATE 5.60 pct, MATURITY 5-14 days"
    at = reading.index("5.60 pct")
    assert column_label(reading, (at, at + 8)) == "OLD RATE "
    assert column_label(reading, (9, 18)) == "MATURITY "


def test_dot_leaders_part_columns_as_spaces_do():
    weather = ("ARGENTINE GRAIN BELT WEATHER REPORT\n\n"
               "ARGENTINE GRAIN BELT TEMPERATURES\n(CENTIGRADE) AND RAIN (MM) IN THE 24 HOURS TO 12.00 GMT WERE:\n"
               "    ...............MAX TEMP..MIN TEMP..RAINFALL\n"
               "    BUENOS AIRES.......24.......12............0\n"
               "    SANTA FE...........21.......18...........17\n")
    assert readings(weather) == ["BUENOS AIRES, MAX TEMP 24, MIN TEMP 12, RAINFALL 0",
                                 "SANTA FE, MAX TEMP 21, MIN TEMP 18, RAINFALL 17"]


def test_a_rows_bare_figures_and_roman_numeral_labels_are_read():
    from assistant.table_rows import bare_figures, numerals_in

    reading = "Corn, I --, II --, III --, IV 4.1, V 1,231.9, VI --"
    assert [reading[a:b] for a, b in bare_figures(reading)] == ["4.1", "1,231.9"]
    assert bare_figures("MATURITY 5-14 days, NEW RATE 5.65 pct") == [], "a figure with its unit is read as such"
    assert numerals_in("How much corn was held in reserve number V?") == {"V"}
