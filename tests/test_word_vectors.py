"""Soft word matching over the packaged model's word-piece table, batched over a question's candidates."""

import numpy as np
import pytest

from assistant.word_vectors import soft_overlaps


def test_a_sentence_with_the_question_word_scores_one_and_a_related_word_beats_an_unrelated_one():
    scores = soft_overlaps(["profit"], [1.0], [["profit", "rose"], ["earnings", "rose"], ["weather", "cold"], []])
    assert scores[0] == pytest.approx(1.0, abs=1e-5), "the question's own word is a perfect match"
    assert scores[1] > scores[2], "'earnings' is nearer 'profit' than 'weather' and 'cold' are"
    assert scores[3] == 0.0, "a sentence with no content words matches nothing"


def test_each_sentence_scores_the_same_alone_as_in_a_batch_and_weights_count():
    question, weights = ["exports", "fell", "japan"], [1.0, 0.5, 3.0]
    sentences = [["japan", "exports", "rose"], ["imports", "fell", "sharply"], ["tokyo", "shipments", "dropped"]]
    batch = soft_overlaps(question, weights, sentences)
    alone = [soft_overlaps(question, weights, [s])[0] for s in sentences]
    assert np.allclose(batch, alone, atol=1e-6), "a sentence's score must not depend on the others in the batch"
    assert batch[0] > batch[1], "the sentence naming the heavily weighted 'japan' wins"
