"""Fit the extractive answerer's sentence scorer and abstention threshold; write assistant/data/answerer.json.

Data: the Reuters development suite's train split (never its holdout) over the 1,500-article corpus, the
seed article's tuning suite (tests/eval/suite.jsonl; never tests/eval/holdout.jsonl), and SQuAD 2.0 training questions (other writers, encyclopedic text, adversarial unanswerables) over their
paragraphs. For every question the answerer gathers its candidate sentences as it does when answering;
a sentence is a positive when it contains an accepted answer and comes from a gold source. A logistic
regression over `sentence_scorer.FEATURES` learns to rank sentences; a second one over DECISION_FEATURES
learns when the best sentence answers; the threshold is the one that maximizes accuracy when the best
sentence is taken or the assistant abstains (every data set weighing the same, unanswerable questions
counted as 30% of each).

    python benchmarks/fit_answerer.py --workdir /tmp/fit       # indexes built there once, then reused
    python benchmarks/fit_answerer.py --workdir /tmp/fit --squad 1500 --out /tmp/answerer.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.evaluation.scoring import is_gold, normalize  # noqa: E402
from assistant.evaluation.suite import SuiteItem, load_suite  # noqa: E402
from assistant.sentence_scorer import DECISION_FEATURES, FEATURES, MODEL_FILE, ScorerModel  # noqa: E402

REUTERS_CORPUS = ROOT / "tests" / "data" / "reuters-dev" / "corpus"
REUTERS_TRAIN = ROOT / "tests" / "eval" / "reuters-dev" / "train.jsonl"
SEED_CORPUS = ROOT / "corpus"
SEED_SUITE = ROOT / "tests" / "eval" / "suite.jsonl"  # the seed article's tuning suite (its holdout.jsonl is not used)
SQUAD_FILE = ROOT / "tests" / "data" / "squad2-train-sample" / "train-v2.0-first10.json"
UNANSWERABLE_SHARE = 0.3  # the share of unanswerable questions the threshold is chosen for, in every data set
# Thresholds whose smoothed objective is within TIE of the best form one plateau; the lowest is taken: where the
# fitting data cannot tell answering from abstaining apart, the user gets the answer with its source to check.
TIE = 0.005


def squad_corpus(folder: Path) -> list[SuiteItem]:
    """Write each SQuAD paragraph as a document; return its questions as suite items."""
    data = json.loads(SQUAD_FILE.read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for article in data["data"]:
        title = re.sub(r"\W+", "-", article["title"]).strip("-")
        for i, paragraph in enumerate(article["paragraphs"]):
            name = f"{title}-{i:03d}.txt"
            path = folder / name
            if not path.exists():
                path.write_text(paragraph["context"] + "\n", encoding="utf-8")
            for qa in paragraph["qas"]:
                answers = tuple(dict.fromkeys(a["text"] for a in qa["answers"] if normalize(a["text"])))
                impossible = qa.get("is_impossible", False)
                items.append(SuiteItem(id=qa["id"], question=qa["question"], answers=() if impossible else answers,
                                       sources=() if impossible else (name,), answerable=not impossible))
    return items


def build_assistant(corpus: Path, index: Path):
    from assistant.composition import build_with_index
    from assistant.settings import load_settings

    settings = load_settings(corpus, index)
    settings.answer.scorer = "hand-set"  # only the features are used here

    def index_first(indexer):
        print(f"indexing {corpus} into {index} ...", flush=True)
        indexer.run()

    return build_with_index(settings, index_first).assistant


def collect(assistant, items: list[SuiteItem], label: str) -> list[dict]:
    """Per question: the candidates' feature rows and which of them hold an accepted answer."""
    from assistant.follow_ups import condense

    out = []
    started = time.perf_counter()
    for n, item in enumerate(items, start=1):
        turn = condense(item.question, list(item.history))
        found = assistant.answerer.gather(turn)
        answers = [normalize(a) for a in item.answers]
        rows, labels = [], []
        for c in found.candidates:
            text = normalize(c.text)
            gold_doc = not item.sources or is_gold(c.passage.doc_id, item.sources)
            labels.append(bool(item.answerable and gold_doc and any(a and a in text for a in answers)))
            rows.append(c.features)
        out.append({"rows": np.array(rows).reshape(-1, len(FEATURES)), "labels": np.array(labels, dtype=bool),
                    "answerable": item.answerable})
        if n % 500 == 0:
            print(f"  {label}: {n}/{len(items)} questions, {time.perf_counter() - started:.0f} s", flush=True)
    return out


def accuracy(questions: list[dict], model: ScorerModel, threshold: float) -> dict:
    """Question-level accuracy when the best sentence is the answer and a confidence under `threshold` abstains."""
    answered_right = abstained_right = answerable = unanswerable = 0
    for q in questions:
        rows, labels, scores = _eligible(q, model)
        best = int(np.argmax(scores)) if len(scores) else -1
        answers = best >= 0 and model.confidence(rows, scores) >= threshold
        if q["answerable"]:
            answerable += 1
            answered_right += bool(answers and labels[best])
        else:
            unanswerable += 1
            abstained_right += not answers
    answer_acc = answered_right / max(answerable, 1)
    abstain_acc = abstained_right / max(unanswerable, 1) if unanswerable else 1.0
    return {"answer_accuracy": round(answer_acc, 4), "abstention_accuracy": round(abstain_acc, 4),
            "balanced": (1 - UNANSWERABLE_SHARE) * answer_acc + UNANSWERABLE_SHARE * abstain_acc}


def _eligible(q: dict, model: ScorerModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The question's eligible candidates (as the answerer chooses among them): rows, labels, scores."""
    if not len(q["rows"]):
        return q["rows"], q["labels"], np.zeros(0)
    scores = model.scores(q["rows"])
    keep = model.eligible(q["rows"], scores)
    return q["rows"][keep], q["labels"][keep], scores[keep]


def _dataset_weights(questions: list[dict], per_row: bool) -> np.ndarray:
    """Weights that give every data set the same total, and unanswerable questions UNANSWERABLE_SHARE of it."""
    unanswerable = sum(not q["answerable"] for q in questions)
    out = []
    for q in questions:
        share = (UNANSWERABLE_SHARE / unanswerable if not q["answerable"] else
                 (1 - UNANSWERABLE_SHARE if unanswerable else 1.0) / (len(questions) - unanswerable))
        out.append(np.full(len(q["rows"]) if per_row else 1, share / (len(q["rows"]) if per_row else 1)))
    return np.concatenate(out) if out else np.zeros(0)


# The direction each piece of evidence may push the decision to answer. Unconstrained, correlated features
# (the question's words in the sentence, its window and its passage) take opposite signs that cancel on the
# fitting data and misfire elsewhere: a sentence holding every word of the question would count against itself.
DECISION_SIGNS = {name: +1 for name in (
    "best_score", "margin", "own_terms", "focus_sentence", "focus_near", "soft_terms", "sentence_dense", "window_terms",
    "passage_terms", "type_ok", "span_found", "entities_sentence", "entities_context", "time_stated", "time_dated",
    "dense", "rank")} | {name: -1 for name in (
    "entities_absent", "place_conflict", "missing_passage", "missing_window", "time_conflict", "number_conflict",
    "exclusive_conflict")}


def signed_logistic(x: np.ndarray, y: np.ndarray, weights: np.ndarray, c: float, signs: list[int]) -> tuple[np.ndarray, float]:
    """L2-regularized logistic regression (scikit-learn's objective for the same C) whose coefficients keep the
    given signs (+1: not negative, -1: not positive, 0: free); the intercept is free."""
    from scipy.optimize import minimize

    def loss(theta):
        z = x @ theta[:-1] + theta[-1]
        p = 1.0 / (1.0 + np.exp(-z))
        value = c * np.sum(weights * (np.logaddexp(0, z) - y * z)) + 0.5 * theta[:-1] @ theta[:-1]
        grad = np.append(c * (x.T @ (weights * (p - y))) + theta[:-1], c * np.sum(weights * (p - y)))
        return value, grad

    bounds = [(0, None) if s > 0 else (None, 0) if s < 0 else (None, None) for s in signs] + [(None, None)]
    result = minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B", bounds=bounds,
                      options={"maxiter": 5000})
    return result.x[:-1], float(result.x[-1])


def fit(datasets: dict[str, list[dict]], c: float) -> ScorerModel:
    """Stage 1 ranks sentences (positives: sentences holding an answer); stage 2 decides to answer or abstain
    from the best sentence (positive: the best sentence holds an answer)."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([q["rows"] for qs in datasets.values() for q in qs if len(q["rows"])])
    y = np.concatenate([q["labels"] for qs in datasets.values() for q in qs if len(q["rows"])])
    w = np.concatenate([_dataset_weights([q for q in qs if len(q["rows"])], True) for qs in datasets.values()])
    ranker = LogisticRegression(C=c, max_iter=5000).fit(x, y, sample_weight=w / w.mean())
    model = ScorerModel(tuple(float(v) for v in ranker.coef_[0]), float(ranker.intercept_[0]), 0.5)

    rows, labels, weights = [], [], []
    for qs in datasets.values():
        kept = [q for q in qs if len(q["rows"])]
        for q in kept:
            q_rows, q_labels, scores = _eligible(q, model)
            if not len(scores):  # no candidate may answer: the answerer abstains without asking the decision
                continue
            rows.append(model.decision_row(q_rows, scores))
            labels.append(bool(q["answerable"] and q_labels[int(np.argmax(scores))]))
        weights.append(_dataset_weights(kept, False)[[bool(len(_eligible(q, model)[2])) for q in kept]])
    w = np.concatenate(weights)
    coef, intercept = signed_logistic(np.vstack(rows), np.array(labels, dtype=float), w / w.mean(), c,
                                      [DECISION_SIGNS.get(name, 0) for name in DECISION_FEATURES])
    model = ScorerModel(model.weights, model.bias, 0.5, decision_weights=tuple(float(v) for v in coef),
                        decision_bias=float(intercept))
    grid = np.linspace(0.05, 0.95, 91)
    objective = np.array([np.mean([accuracy(q, model, t)["balanced"] for q in datasets.values()]) for t in grid])
    # Smoothed over neighbouring thresholds: a plateau generalizes, a spike between two questions does not.
    smooth = np.convolve(objective, np.ones(7) / 7, mode="same")
    best = grid[smooth >= smooth.max() - TIE].min()
    return ScorerModel(model.weights, model.bias, float(best), decision_weights=model.decision_weights,
                       decision_bias=model.decision_bias)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, required=True, help="Folder for the indexes (reused when present).")
    parser.add_argument("--squad", type=int, default=2000, help="Answerable SQuAD questions to sample (all "
                        "unanswerable ones are kept); 0 leaves SQuAD out.")
    parser.add_argument("--c", type=float, default=1.0, help="Inverse regularization strength of the regression.")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help="Where to write the fitted model.")
    args = parser.parse_args()

    datasets: dict[str, list[dict]] = {}
    reuters = build_assistant(REUTERS_CORPUS, args.workdir / "reuters-index")
    datasets["reuters-train"] = collect(reuters, load_suite(REUTERS_TRAIN), "reuters")
    seed = build_assistant(SEED_CORPUS, args.workdir / "seed-index")
    datasets["seed-suite"] = collect(seed, load_suite(SEED_SUITE), "seed")
    if args.squad:
        squad_items = squad_corpus(args.workdir / "squad-corpus")
        answerable = [i for i in squad_items if i.answerable]
        chosen = random.Random(7).sample(answerable, min(args.squad, len(answerable)))
        chosen += [i for i in squad_items if not i.answerable]
        squad = build_assistant(args.workdir / "squad-corpus", args.workdir / "squad-index")
        datasets["squad2-sample"] = collect(squad, chosen, "squad")

    model = fit(datasets, args.c)
    metrics = {name: accuracy(q, model, model.threshold) for name, q in datasets.items()}
    for name, m in metrics.items():
        print(f"{name:14} answer {m['answer_accuracy']:.3f}  abstention {m['abstention_accuracy']:.3f}  "
              f"(best sentence taken or abstain, threshold {model.threshold:.2f})")
    for name, weight in sorted(zip(FEATURES, model.weights), key=lambda fw: -abs(fw[1])):
        print(f"  {name:18} {weight:+.3f}")
    print("decision:")
    for name, weight in sorted(zip(DECISION_FEATURES, model.decision_weights), key=lambda fw: -abs(fw[1])):
        print(f"  {name:18} {weight:+.3f}")
    sizes = {name: len(q) for name, q in datasets.items()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(model.to_json(fitted_on=sizes, c=args.c, fit_metrics={
        n: {k: v for k, v in m.items() if k != "balanced"} for n, m in metrics.items()}), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
