"""The naive LlamaIndex baseline of `assistant eval --baseline`, on a real index of two tiny documents."""

from __future__ import annotations

import pytest

from assistant.evaluation.baseline import NaiveBaseline, cut_to_words
from assistant.evaluation.scoring import word_count

COFFEE = "coffee-quotas.txt"
COFFEE_TEXT = (
    "Coffee producers and consumers met in London on Monday for a week of talks at the International Coffee "
    "Organization. The talks follow the collapse of the export quota system last year. Brazil's delegate said "
    "his country would accept an export quota of 30.5 million bags. Colombia wants a larger share of the world "
    "market."
)
ANSWER_SENTENCE = "Brazil's delegate said his country would accept an export quota of 30.5 million bags."

STEEL = "steel-safeguards.txt"
LONG_SENTENCE = (
    "The provisional safeguard measures cover hot-rolled flat products, cold-rolled sheets, metallic coated "
    "sheets, organic coated sheets, tin mill products, quarto plates, stainless cold-rolled sheets, merchant "
    "bars, rebars, wire rod, angles, shapes and sections, sheet piles, railway material, gas pipes, hollow "
    "sections, seamless stainless tubes and other welded pipes, and they will stay in force for two hundred "
    "days while the Commission completes its investigation into the surge of steel imports from several "
    "countries in Asia and eastern Europe."
)
STEEL_TEXT = (
    "The European Commission opened steel safeguard consultations in Brussels on May 5.\n\n"
    f"{LONG_SENTENCE} Officials declined to comment further."
)


@pytest.fixture
def baseline(write_corpus, make_indexer, settings):
    from assistant.composition import build

    write_corpus({COFFEE: COFFEE_TEXT, STEEL: STEEL_TEXT, f"{COFFEE}.meta.json": '{"date": "1987-03-02"}'})
    report = make_indexer().run()
    assert not report.skipped, report
    return NaiveBaseline(build(settings).assistant)


def test_answer_is_the_best_matching_sentence_not_the_first(baseline, corpus_dir):
    answer = baseline.ask("What export quota would Brazil accept?")
    assert not answer.abstained
    assert answer.answer == f"{ANSWER_SENTENCE} [1]", answer.answer
    assert "London" not in answer.answer, "the first sentence of the chunk does not answer the question"
    citation = answer.citations[0]
    assert citation.doc_id == COFFEE
    document = (corpus_dir / COFFEE).read_text(encoding="utf-8")
    assert document[citation.start:citation.end] == ANSWER_SENTENCE, "offsets must point at the quoted sentence"
    assert citation.quote == ANSWER_SENTENCE
    assert citation.date == "1987-03-02", "the citation carries its document's date, as the assistant's do"
    assert answer.retrieved and answer.retrieved[0].doc_id == COFFEE, "the ranked passages are kept for hit@k"
    assert {p.doc_id for p in answer.retrieved} == {COFFEE, STEEL}


def test_long_best_sentence_is_cut_to_sixty_words(baseline, corpus_dir):
    assert word_count(LONG_SENTENCE) > 60
    answer = baseline.ask("Which steel products do the provisional safeguard measures cover?")
    assert not answer.abstained
    assert answer.answer.startswith("The provisional safeguard measures cover hot-rolled flat products"), answer.answer
    assert answer.answer.endswith("[1]")
    assert word_count(answer.answer) <= 60, answer.answer
    citation = answer.citations[0]
    document = (corpus_dir / STEEL).read_text(encoding="utf-8")
    assert document[citation.start:citation.end] == LONG_SENTENCE, "the citation still points at the whole sentence"


def test_never_abstains(baseline):
    answer = baseline.ask("What is the capital of Peru?")
    assert not answer.abstained
    assert answer.citations and answer.answer.endswith("[1]")
    assert word_count(answer.answer) <= 60


def test_cut_counts_words_as_the_scoring_rules_do():
    text = " ".join(["word"] * 30 + ["—"] + ["U.S."] * 40)
    cut = cut_to_words(text)
    assert word_count(cut) == 60 and cut.endswith("U.S. …")
    assert cut_to_words("short answer") == "short answer"


def test_a_chunk_asked_about_again_reuses_its_sentence_vectors_and_answers_the_same(baseline):
    """An evaluation asks many questions of one chunk; its sentences are embedded once per baseline."""
    batches = []
    embed = baseline.embedder.get_text_embedding_batch
    baseline.embedder.get_text_embedding_batch = lambda texts: batches.append(texts) or embed(texts)
    try:
        first = baseline.ask("What export quota would Brazil accept?")
        again = baseline.ask("What export quota would Brazil accept?")
        other = baseline.ask("Which country wants a larger share of the world market?")
    finally:
        del baseline.embedder.get_text_embedding_batch
    assert again.answer == first.answer == f"{ANSWER_SENTENCE} [1]"
    assert other.answer == "Colombia wants a larger share of the world market. [1]", other.answer
    assert len(batches) == 1, f"the coffee chunk's sentences were embedded {len(batches)} times"
