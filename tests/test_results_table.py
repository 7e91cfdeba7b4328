"""Which row of a wire results table a question asks for: the item by the row's label."""

import pytest

from assistant.results_table import asked_item, gives_item


@pytest.mark.parametrize("question, item", [
    ("What were Atlas Mining's fourth-quarter revenues?", "revenues"),
    ("What were Kenner Parker Toys' nine-month sales?", "revenues"),
    ("What was Citizens and Southern's net income for the nine months?", "net"),
    ("What net loss did Mellon Bank report?", "net"),
    ("What were its net earnings per share in the year?", "share"),  # per share first, not the company's total
    ("What was the quarterly dividend?", "dividend"),
    ("How many average shares did it have outstanding?", "average shares"),
    ("What was its operating profit in the quarter?", None),  # a row's label cannot tell operating from net
    ("Who is the company's chairman?", None),
])
def test_a_question_asks_for_one_item_of_a_results_table(question, item):
    assert asked_item(question) == item


@pytest.mark.parametrize("row, item, gives", [
    ("Revs 27.3 mln vs 23.7 mln", "revenues", True),
    ("Net loss 14.5 mln vs loss 18.0 mln", "net", True),
    ("Net 108.3 mln vs 114.7 mln", "net", True),
    ("Net sales 1.2 billion vs 1.1 billion", "net", False),  # net sales are revenues, not the net result
    ("Net sales 1.2 billion vs 1.1 billion", "revenues", True),
    ("Shr loss 17 cts vs loss 22 cts", "net", False),
    ("Qtly div 28 cts vs 25 cts prior", "dividend", True),
    ("Avg shrs 60.3 mln vs 57.7 mln", "average shares", True),
])
def test_a_rows_label_gives_the_item_it_names(row, item, gives):
    assert gives_item(row, item) is gives
