"""How likely a sentence answers the question: features of the sentence, and a model fitted on them.

The features are what a careful reader checks: the question's words in the sentence and around it, a span
of the asked type near them, the names and times the question gives (with their variants and the
document's date), how well retrieval ranked the passage. The weights and the abstention threshold are not
set by hand: `benchmarks/fit_answerer.py` fits a logistic regression on the development suite's train split
and on SQuAD 2.0 questions, and writes `assistant/data/answerer.json`, which `load_model` reads.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).parent / "data" / "answerer.json"

FEATURES = (
    "own_terms",  # IDF-weighted share of the question's words in the sentence
    "window_terms",  # ... in the sentence and its neighbours
    "passage_terms",  # ... in the whole passage and the document title
    "history_terms",  # share of words borrowed from earlier turns in the sentence
    "bigrams",  # share of the question's word pairs found as pairs in the sentence
    "soft_terms",  # the question's words matched softly (nearest word vector in the sentence), IDF-weighted
    "sentence_dense",  # cosine of the sentence (its MiniLM vector in context, stored at index time) to the question
    "sentence_dense_gap",  # sentence_dense minus the best among the candidates
    "own_terms_gap",  # own_terms minus the best own_terms among the candidates (<= 0): relative standing
    "soft_terms_gap",  # the same for soft_terms
    "bigrams_gap",  # the same for bigrams
    "type_ok",  # the question asks for no typed span, or the sentence has a span of the asked type
    "span_found",  # the question asks for a typed span (date, rate, amount, count, person, name), the sentence has one
    "span_near",  # ... close to the question's words
    "span_terms",  # IDF-weighted share of the question's words within a few words of a typed span (best span)
    "own_terms_x_span",  # word overlap when a typed span is present (the two together)
    "focus_sentence",  # share of the words naming what is asked ("inflation rate", "port") found in the sentence
    "focus_sentence_gap",  # focus_sentence minus the best among the candidates: another sentence names it better
    "focus_window",  # ... found in the sentence or its neighbours
    "focus_passage",  # ... found in the passage or its title (none of "coffee" in an article about cocoa)
    "focus_near",  # a typed span stands next to those words ("Itaqui port", "inflation fell to 5.6 pct")
    "figure",  # the question asks for a number (rate, amount, count, date) and the sentence states one it does not
    "dense",  # cosine similarity of the passage to the question
    "rank",  # 1 / (1 + the passage's retrieval rank)
    "doc_top",  # the sentence is from the best-ranked document
    "entities_sentence",  # share of the question's names and numbers in the sentence
    "entities_context",  # ... in the passage, its title and the neighbouring sentences
    "entities_absent",  # some name of the question is in none of the retrieved passages
    "place_conflict",  # a country the question names is not in the sentence or its neighbours, another one is; or (a
    #                   figure asked) another company is the sentence's subject
    "missing_passage",  # rarest question word absent from the passage and title (its IDF over the largest IDF)
    "missing_window",  # rarest question word absent from the sentence and its neighbours
    "time_asked",  # the question names a year or month
    "time_stated",  # ... which the sentence states (relative dates resolved against the document date)
    "time_dated",  # ... which fits the document's date or the passage
    "time_conflict",  # the sentence states another year or month and not the asked one
    "number_conflict",  # the sentence counts what the question counts with another number ("three men" for "four men")
    "exclusive_conflict",  # the sentence has a word excluding one of the question's ("imports" for "exports")
    "lead",  # the first sentence of the document's body (news ledes carry the main fact)
    "headline",  # the headline itself
    "length",  # log of the sentence's words
)


# What the decision to answer or abstain looks at: the best sentence's score, its lead over the runner-up,
# and what its own features say about the evidence (a name or rare word of the question missing, a time conflict).
DECISION_FEATURES = ("best_score", "margin", "own_terms", "focus_sentence", "focus_near", "soft_terms", "sentence_dense", "window_terms", "passage_terms", "type_ok",
                     "span_found", "entities_sentence", "entities_context", "entities_absent", "place_conflict", "missing_passage",
                     "missing_window", "time_asked", "time_stated", "time_dated", "time_conflict", "number_conflict",
                     "exclusive_conflict", "dense", "rank")


@dataclass(frozen=True)
class ScorerModel:
    """A linear model over FEATURES ranks sentences; a second one over DECISION_FEATURES gives the confidence that
    the best sentence answers, compared with `threshold`. `link` "linear" (the hand-set scorer) uses the best
    sentence's plain weighted sum as the confidence instead."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    link: str = "logistic"
    name: str = "fitted"
    required: tuple[str, ...] = ()  # features that must be 1 for a sentence to be eligible (the hand-set gates)
    decision_weights: tuple[float, ...] = ()
    decision_bias: float = 0.0

    def eligible(self, rows: np.ndarray, scores: np.ndarray, coverage: np.ndarray | None = None) -> np.ndarray:
        """Which candidates may answer: past the model's gates, and with every name of the question in their
        context. A sentence from a document that never names the asked company does not answer, however close its
        wording: Exxon's North Sea output is no answer for Mobil's, and "MI66" is not MI6.
        `coverage`: how fully each candidate's context names them, if not its passage's (`entities_context`)."""
        if len(rows) == 0:
            return np.zeros(0, dtype=bool)
        coverage = rows[:, FEATURES.index("entities_context")] if coverage is None else coverage
        return (scores >= 0) & (coverage >= 1.0 - 1e-9)

    def decision_row(self, rows: np.ndarray, scores: np.ndarray) -> np.ndarray:
        best = int(np.argmax(scores))
        ordered = np.sort(scores)
        margin = ordered[-1] - ordered[-2] if len(scores) > 1 else ordered[-1]
        own = [rows[best, FEATURES.index(name)] for name in DECISION_FEATURES[2:]]
        return np.array([scores[best], margin, *own])

    def confidence(self, rows: np.ndarray, scores: np.ndarray) -> float:
        """How sure the answer is (0..1 when fitted): the decision model over the best sentence."""
        if len(scores) == 0:
            return 0.0
        if self.link != "logistic" or not self.decision_weights:
            return float(scores.max())
        z = float(self.decision_row(rows, scores) @ np.asarray(self.decision_weights) + self.decision_bias)
        return 1.0 / (1.0 + math.exp(-z))

    def scores(self, rows: np.ndarray) -> np.ndarray:
        if len(rows) == 0:
            return np.zeros(0)
        z = rows @ np.asarray(self.weights) + self.bias
        if self.link == "logistic":
            z = 1.0 / (1.0 + np.exp(-z))
        for name in self.required:
            column = rows[:, FEATURES.index(name)]
            z = np.where(column >= 1.0, z, -1.0)
        return z

    def to_json(self, **extra) -> str:
        data = {"features": list(FEATURES), "weights": [round(w, 6) for w in self.weights],
                "bias": round(self.bias, 6), "decision_features": list(DECISION_FEATURES),
                "decision_weights": [round(w, 6) for w in self.decision_weights],
                "decision_bias": round(self.decision_bias, 6), "threshold": round(self.threshold, 6),
                "link": self.link, **extra}
        return json.dumps(data, indent=1) + "\n"


@functools.lru_cache(maxsize=4)
def load_model(path: str | Path = MODEL_FILE) -> ScorerModel:
    """The fitted model; its feature list must match FEATURES (refit after changing them)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data["features"] != list(FEATURES) or data.get("decision_features") != list(DECISION_FEATURES):
        raise ValueError(f"{path}: fitted on other features than the code computes; refit with "
                         "benchmarks/fit_answerer.py")
    return ScorerModel(tuple(data["weights"]), data["bias"], data["threshold"], data.get("link", "logistic"),
                       decision_weights=tuple(data["decision_weights"]), decision_bias=data["decision_bias"])


def hand_set_model(settings) -> ScorerModel:
    """The earlier hand-set scorer (AnswerSettings weights), kept to measure the fitted one against."""
    weights = dict.fromkeys(FEATURES, 0.0)
    weights.update(own_terms=settings.weight_sentence_terms, window_terms=settings.weight_context_terms,
                   history_terms=settings.weight_history_terms, dense=settings.weight_dense)
    weights["type_ok"] = settings.weight_type
    # Its gates: every name of the question in the passage, and a span of the asked type in the sentence.
    return ScorerModel(tuple(weights[f] for f in FEATURES), 0.0, settings.min_confidence, link="linear",
                       name="hand-set", required=("entities_context", "type_ok"))


def length_feature(words: int) -> float:
    return math.log1p(words) / 4


_HEADLINE = re.compile(r"^[^a-z]*[A-Z][^a-z]*$")


def is_headline(text: str) -> bool:
    """A line in capitals, as wire headlines are written."""
    return bool(_HEADLINE.match(text.strip())) and sum(c.isalpha() for c in text) > 8
