"""The scoring rules of docs/contract.md, on answers built by hand (no model, no index)."""

from __future__ import annotations

import pytest

from assistant.evaluation.scoring import (
    SUMMARY_KEYS,
    ItemResult,
    citation_correct,
    gold_rank,
    is_correct,
    normalize,
    percentile,
    score_item,
    source_matches,
    summarize,
    summarize_by_category,
    word_count,
)
from assistant.evaluation.suite import SuiteItem
from assistant.answers import Answer, Citation, Passage

DOC = "japan-us-tariff-talks.txt"


def item(**kw) -> SuiteItem:
    kw.setdefault("id", "q")
    kw.setdefault("question", "What is Japan's reciprocal rate?")
    kw.setdefault("sources", (DOC,))
    return SuiteItem(**kw)


def passage(doc_id: str, text: str = "text") -> Passage:
    return Passage(chunk_id=f"{doc_id}#0", doc_id=doc_id, title=doc_id, text=text, start=0, end=len(text))


def cite(doc_id: str, text: str = "text", n: int = 1) -> Citation:
    return Citation(n=n, doc_id=doc_id, title=doc_id, text=text, start=0, end=len(text), page=None, score=1.0)


def answer(text: str, abstained: bool = False, citations=(), retrieved=()) -> Answer:
    return Answer(question="q", answer=text, abstained=abstained, citations=list(citations), retrieved=list(retrieved))


# --- normalize ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["24 percent", "24 per cent", "24%", "24 %", "２４％", "24 PERCENT"])
def test_normalize_reads_every_spelling_of_24_percent_as_24_sign(text):
    assert normalize(text) == "24%", f"{text!r} normalized to {normalize(text)!r}"


def test_normalize_strips_citation_markers_before_removing_punctuation():
    got = normalize("The rate is 24%[1] on April 16 [2][3].")
    assert got == "the rate is 24% on april 16", f"markers must vanish, digits inside them too: {got!r}"


def test_normalize_turns_punctuation_into_single_spaces_and_lowers_case():
    got = normalize("Japan’s  “fast and bold” — Han Duck-soo, U.S.")
    assert got == "japan s fast and bold han duck soo u s", f"got {got!r}"


def test_normalize_does_not_touch_words_that_merely_contain_percent():
    assert normalize("percentage") == "percentage", "only the word percent/per cent becomes %"


# --- is_correct ----------------------------------------------------------------------------------------------

def test_answer_containing_an_accepted_answer_is_correct():
    assert is_correct(item(answers=("24 percent",)), answer("Japan faces a 24% reciprocal tariff [1].")), \
        "normalized containment of one accepted answer should suffice"


def test_answer_missing_every_accepted_answer_is_wrong():
    assert not is_correct(item(answers=("24%", "twenty-four")), answer("Japan faces a 25% tariff [1].")), \
        "25% is not an accepted answer"


def test_answer_of_61_words_is_wrong_even_when_it_contains_the_answer():
    text = "24% " + " ".join(["word"] * 60)
    assert word_count(text) == 61, "fixture should be 61 words"
    assert not is_correct(item(answers=("24%",)), answer(text)), "answers over 60 words are wrong"


def test_answer_of_exactly_60_words_plus_markers_is_correct():
    text = "24% " + " ".join(["word"] * 59) + " [1] [2] —"
    assert word_count(text) == 60, f"markers and lone dashes are not words, counted {word_count(text)}"
    assert is_correct(item(answers=("24%",)), answer(text)), "60 words is within the limit"


def test_abstaining_on_an_answerable_item_is_wrong_even_if_the_text_matches():
    assert not is_correct(item(answers=("24%",)), answer("I could not find 24% in the documents.", abstained=True)), \
        "an abstention never answers an answerable item"


def test_abstaining_on_an_unanswerable_item_is_right_and_answering_it_is_wrong():
    unanswerable = item(answerable=False, sources=())
    assert is_correct(unanswerable, answer("The documents do not say.", abstained=True)), "abstaining is right"
    assert not is_correct(unanswerable, answer("China faces 34%.")), "answering an unanswerable item is wrong"


def test_every_must_include_entry_is_required():
    partners = ("United Kingdom", "Australia", "South Korea", "India", "Japan")
    full = "The priority partners are the United Kingdom, Australia, South Korea, India, and Japan [1]."
    assert is_correct(item(must_include=partners), answer(full)), "all five named: correct"
    assert not is_correct(item(must_include=partners), answer(full.replace("India, ", ""))), "India missing: wrong"


def test_item_with_answers_and_must_include_needs_both():
    it = item(answers=("April 16",), must_include=("Japan",))
    assert is_correct(it, answer("Japan opens talks on April 16.")), "both present"
    assert not is_correct(it, answer("Talks open on April 16.")), "must_include missing"


# --- retrieval: gold rank, hit@k, mrr -----------------------------------------------------------------------------

def test_source_without_extension_matches_any_extension():
    assert source_matches("japan-us-tariff-talks", DOC), "bare name matches .txt"
    assert source_matches("briefs/memo", "briefs/memo.pdf"), "bare relative path matches .pdf"
    assert not source_matches("briefs/memo.docx", "briefs/memo.pdf"), "an explicit extension must match exactly"
    assert not source_matches("memo", "briefs/memo.pdf"), "paths are relative to the corpus, not base names"


def test_gold_rank_is_the_rank_of_the_first_passage_from_a_gold_source():
    retrieved = [passage("other.txt"), passage("other.txt"), passage(DOC), passage(DOC)]
    assert gold_rank(item(), retrieved) == 3, "first gold passage is third"
    assert gold_rank(item(sources=("japan-us-tariff-talks",)), retrieved) == 3, "extension-less source works"


def test_gold_rank_is_cut_at_10_and_none_without_a_gold_passage():
    retrieved = [passage("other.txt")] * 10 + [passage(DOC)]
    assert gold_rank(item(), retrieved) is None, "a gold passage at rank 11 does not count"
    assert gold_rank(item(), []) is None, "nothing retrieved, no rank"


# --- citation precision ----------------------------------------------------------------------------------------

def test_citation_is_correct_when_the_first_citation_is_from_a_gold_source():
    good = answer("24% [1]", citations=[cite(DOC), cite("other.txt", n=2)])
    bad = answer("24% [1]", citations=[cite("other.txt"), cite(DOC, n=2)])
    assert citation_correct(item(answers=("24%",)), good) is True, "first citation gold"
    assert citation_correct(item(answers=("24%",)), bad) is False, "only the first citation counts"
    assert citation_correct(item(answers=("24%",)), answer("24%")) is False, "an answer with no citation is not precise"


def test_citation_without_sources_is_judged_by_the_cited_sentence():
    it = item(answers=("24 percent",), sources=())
    assert citation_correct(it, answer("x [1]", citations=[cite("a.txt", "the 24% reciprocal rate")])) is True
    assert citation_correct(it, answer("x [1]", citations=[cite("a.txt", "tariffs of 25%")])) is False


def test_citation_is_not_judged_for_abstentions_or_unanswerable_items():
    assert citation_correct(item(), answer("no", abstained=True, citations=[cite(DOC)])) is None, "abstained"
    assert citation_correct(item(answerable=False, sources=()), answer("x", citations=[cite(DOC)])) is None


# --- summary -------------------------------------------------------------------------------------------------

def result(correct: bool, answerable: bool = True, rank: int | None = None, abstained: bool = False,
           cited: bool | None = None, ms: float = 10.0, category: str | None = None) -> ItemResult:
    return ItemResult(
        id="x", question="q", answer="a", abstained=abstained, correct=correct, gold_rank=rank, latency_ms=ms,
        answerable=answerable, category=category, sources=(DOC,) if answerable else (), citation_correct=cited,
    )


def test_summary_computes_every_contract_metric():
    results = [
        result(True, rank=1, cited=True, ms=10, category="rate"),
        result(False, rank=3, cited=False, ms=20, category="rate"),
        result(False, rank=None, abstained=True, ms=30, category="name"),
        result(True, answerable=False, abstained=True, ms=40, category="unanswerable"),
    ]
    s = summarize(results)
    assert tuple(s) == SUMMARY_KEYS, f"summary keys must be exactly the contract's, got {list(s)}"
    expected = {
        "n": 4, "answer_accuracy": 1 / 3, "abstention_accuracy": 1.0, "overall_accuracy": 0.5,
        "hit_at_1": 1 / 3, "hit_at_5": 2 / 3, "mrr": (1 + 1 / 3) / 3, "citation_precision": 0.5,
        "p50_ms": 25.0, "p95_ms": 38.5,
    }
    for key, value in expected.items():
        assert s[key] == pytest.approx(value), f"{key}: expected {value}, got {s[key]}"


def test_metrics_with_nothing_to_measure_are_none_not_zero():
    s = summarize([result(True, rank=1, cited=True)])
    assert s["abstention_accuracy"] is None, "no unanswerable items: abstention accuracy is unmeasured"
    empty = summarize([])
    assert empty["n"] == 0 and all(empty[k] is None for k in SUMMARY_KEYS if k != "n"), f"empty run: {empty}"


def test_summary_by_category_groups_items_and_names_the_uncategorized():
    by = summarize_by_category([result(True, category="rate"), result(False, category="rate"), result(True)])
    assert list(by) == ["rate", "uncategorized"], f"categories: {list(by)}"
    assert by["rate"]["n"] == 2 and by["rate"]["answer_accuracy"] == 0.5, f"rate summary: {by['rate']}"


def test_percentile_interpolates_between_ranks():
    assert percentile([10, 20, 30, 40], 50) == 25, "median of four values"
    assert percentile([5.0], 95) == 5.0, "one value is every percentile"
    assert percentile([], 50) is None, "no values"


def test_score_item_fills_the_contract_record_from_an_answer():
    ans = answer("It is 24% [1].", citations=[cite(DOC)], retrieved=[passage("x.txt"), passage(DOC)])
    r = score_item(item(id="q01", answers=("24%",)), ans, latency_ms=12.345)
    assert r.to_contract() == {
        "id": "q01", "question": "What is Japan's reciprocal rate?", "answer": "It is 24% [1].", "abstained": False,
        "correct": True, "gold_rank": 2, "latency_ms": 12.35,
    }, f"record: {r.to_contract()}"
    assert r.citation_correct is True and r.cited_doc == DOC, "first citation recorded"


def test_percentile_agrees_with_the_linear_rule_on_uneven_samples():
    values = [812.0, 95.5, 1204.25, 330.0, 47.0, 999.9, 610.0]
    ordered = sorted(values)
    pos = (len(ordered) - 1) * 0.95  # rank 5.7: 70% of the way from the 6th to the 7th value
    expected = ordered[5] + (ordered[6] - ordered[5]) * (pos - 5)
    assert percentile(values, 95) == pytest.approx(expected), "p95 interpolates linearly between ranks"
    assert isinstance(percentile(values, 50), float), "a plain float, ready for json"
