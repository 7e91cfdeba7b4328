"""Suite files: clear line-numbered errors for hand-written mistakes, and the project's own suite is sound."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from assistant.errors import AssistantError, SuiteError
from assistant.evaluation.scoring import normalize
from assistant.evaluation.suite import check_sources, load_suite, parse_suite

ROOT = Path(__file__).resolve().parents[1]
PROJECT_SUITE = ROOT / "tests" / "eval" / "suite.jsonl"
HOLDOUT_SUITE = ROOT / "tests" / "eval" / "holdout.jsonl"  # written after tuning, never tuned on
BOTH_SUITES = pytest.mark.parametrize("suite", [PROJECT_SUITE, HOLDOUT_SUITE], ids=["suite", "holdout"])
CORPUS = ROOT / "corpus"
GOOD = '{"id": "q1", "question": "What is Japan\'s reciprocal rate?", "answers": ["24%"]}'


def error_of(text: str) -> str:
    with pytest.raises(SuiteError) as info:
        parse_suite(text)
    return str(info.value)


def test_suite_error_is_an_assistant_error_the_edges_can_translate():
    assert issubclass(SuiteError, AssistantError), "the CLI turns AssistantError into one clear line"


def test_malformed_json_is_reported_with_its_line_number():
    message = error_of(GOOD + "\n\n" + '{"question": "x", "answers": ["a"')
    assert message.startswith("line 3: malformed JSON"), f"blank lines still count: {message}"


def test_missing_or_empty_question_is_reported_with_its_line_number():
    assert error_of(GOOD + '\n{"id": "q2", "answers": ["a"]}').startswith('line 2: field "question" is required')
    assert "line 1" in error_of('{"question": "   "}'), "a blank question is missing too"


def test_field_of_the_wrong_type_is_named():
    text = "\n".join(['{"question": "x"}'] * 6 + ['{"question": "y", "answers": "24%"}'])
    assert error_of(text) == 'line 7: field "answers" must be a list of strings', error_of(text)
    assert 'field "answerable" must be true or false' in error_of('{"question": "y", "answerable": "no"}')
    assert 'field "history" must be a list of strings' in error_of('{"question": "y", "history": [1]}')
    assert 'field "id" must be a non-empty string' in error_of('{"question": "y", "id": 3}')


def test_unknown_field_is_named_so_typos_do_not_pass_silently():
    message = error_of('{"question": "x", "answer": ["24%"]}')
    assert message.startswith('line 1: unknown field "answer"'), message


def test_duplicate_ids_and_non_object_lines_are_errors():
    assert "duplicate id" in error_of(GOOD + "\n" + GOOD), "ids must be unique"
    assert error_of('["question"]').startswith("line 1: expected a JSON object"), "a list is not an item"


def test_an_answer_that_normalizes_to_nothing_is_rejected():
    message = error_of('{"question": "x", "answers": ["..."]}')
    assert 'field "answers"' in message, f"'...' would match every answer: {message}"


def test_missing_id_becomes_line_n_and_defaults_apply():
    items = parse_suite("\n" + '{"question": "When do talks open?", "answers": ["April 16"]}')
    assert items[0].id == "line-2", f"generated id: {items[0].id}"
    assert items[0].answerable is True and items[0].history == () and items[0].category is None, "defaults"


def test_missing_file_and_empty_suite_are_clear_errors(tmp_path):
    with pytest.raises(SuiteError, match="not found"):
        load_suite(tmp_path / "nope.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    with pytest.raises(SuiteError, match="no items"):
        load_suite(tmp_path / "empty.jsonl")


def test_check_sources_reports_items_naming_documents_not_in_the_corpus():
    items = parse_suite(
        '{"id": "a", "question": "x", "answers": ["y"], "sources": ["japan-us-tariff-talks"]}\n'
        '{"id": "b", "question": "x", "answers": ["y"], "sources": ["missing.pdf"]}'
    )
    problems = check_sources(items, ["japan-us-tariff-talks.txt"])
    assert len(problems) == 1 and '"b"' in problems[0] and "missing.pdf" in problems[0], problems


# --- the project's own suite ----------------------------------------------------------------------------------------

def test_project_suite_loads_with_enough_items_of_every_kind():
    items = load_suite(PROJECT_SUITE)
    assert len(items) >= 40, f"only {len(items)} items"
    assert sum(not i.answerable for i in items) >= 8, "too few unanswerable items"
    assert sum(bool(i.history) for i in items) >= 4, "too few multi-turn items"
    assert all(i.category for i in items), "every item needs a category"
    assert all(i.sources for i in items if i.answerable), "every answerable item names its source"
    assert all(not i.sources for i in items if not i.answerable), "unanswerable items name no source"
    kinds = Counter(i.category for i in items)
    for kind in ("rate", "date", "name", "count", "list", "paraphrase", "followup", "unanswerable"):
        assert kinds[kind] >= 3, f"category {kind!r} has {kinds[kind]} items"


@BOTH_SUITES
def test_project_suite_sources_exist_in_the_corpus(suite):
    doc_ids = [p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file()]
    assert check_sources(load_suite(suite), doc_ids) == [], "suite names a missing document"


@BOTH_SUITES
def test_every_expected_answer_of_the_project_suite_is_literally_in_the_corpus(suite):
    corpus = normalize((CORPUS / "japan-us-tariff-talks.txt").read_text(encoding="utf-8"))
    for it in load_suite(suite):
        for expected in it.answers + it.must_include:
            assert normalize(expected) in corpus, f"{it.id}: {expected!r} is not in the document"
        assert it.answers or it.must_include or not it.answerable, f"{it.id}: answerable item accepts anything"


@BOTH_SUITES
def test_project_suite_lines_use_the_contract_field_names(suite):
    for number, line in enumerate(suite.read_text(encoding="utf-8").splitlines(), start=1):
        data = json.loads(line)
        assert {"id", "question", "answers", "must_include", "sources", "answerable", "history"} <= set(data), \
            f"line {number} omits a contract field"


REUTERS_DEV = ROOT / "tests" / "eval" / "reuters-dev"
REUTERS_CORPUS = ROOT / "tests" / "data" / "reuters-dev" / "corpus"


@pytest.mark.parametrize("part", ["train.jsonl", "train2.jsonl", "train3.jsonl", "train4.jsonl", "train5.jsonl", "train6.jsonl",
                                  "train7.jsonl", "holdout.jsonl", "holdout2.jsonl", "holdout3.jsonl",
                                  "holdout4.jsonl", "holdout5.jsonl", "holdout6.jsonl", "train8.jsonl", "train9.jsonl",
                                  "holdout7.jsonl", "train10.jsonl", "train11.jsonl", "train12.jsonl", "train13.jsonl",
                                  "holdout8.jsonl", "train14.jsonl", "holdout9.jsonl", "train15.jsonl", "tables.jsonl",
                                  "tables-holdout.jsonl", "holdout10.jsonl", "train16.jsonl",
                                  "holdout11.jsonl", "train17.jsonl", "holdout12.jsonl", "train18.jsonl",
                                  "holdout13.jsonl", "train19.jsonl", "holdout14.jsonl", "train20.jsonl",
                                  "holdout15.jsonl", "train21.jsonl", "train22.jsonl"])
def test_every_answer_of_the_development_suite_is_in_every_source_it_names(part):
    from assistant.evaluation.suite import unsupported_answers

    def read_source(source):
        path = REUTERS_CORPUS / source
        return path.read_text(encoding="utf-8") if path.is_file() else None

    assert unsupported_answers(load_suite(REUTERS_DEV / part), read_source) == []


def test_the_development_suites_train_parts_share_no_article_with_its_holdouts():
    train = {}
    for part in ("train.jsonl", "train2.jsonl", "train3.jsonl", "train4.jsonl", "train5.jsonl", "train6.jsonl",
                 "train7.jsonl", "train8.jsonl", "train9.jsonl", "train10.jsonl", "train11.jsonl",
                 "train12.jsonl", "train13.jsonl", "train14.jsonl", "train15.jsonl", "train16.jsonl", "train17.jsonl",
                 "train18.jsonl", "train19.jsonl", "train20.jsonl", "train21.jsonl", "train22.jsonl",
                 "tables.jsonl"):
        train[part] = {s for item in load_suite(REUTERS_DEV / part) for s in item.sources}
    for held_out in ("holdout.jsonl", "holdout2.jsonl", "holdout3.jsonl", "holdout4.jsonl", "holdout5.jsonl",
                     "holdout6.jsonl", "holdout7.jsonl", "holdout8.jsonl", "holdout9.jsonl", "holdout10.jsonl",
                     "holdout11.jsonl", "holdout12.jsonl", "holdout13.jsonl", "holdout14.jsonl", "holdout15.jsonl",
                     "tables-holdout.jsonl"):
        held = {s for item in load_suite(REUTERS_DEV / held_out) for s in item.sources}
        for part, sources in train.items():
            assert not sources & held, f"{part} and {held_out} both use {sorted(sources & held)}"


SQUAD_DEV = ROOT / "tests" / "eval" / "squad-dev"
SQUAD_SAMPLE = ROOT / "tests" / "data" / "squad2-train-sample" / "train-v2.0-first10.json"


def _squad_paragraphs() -> dict[str, str]:
    """The sample's paragraphs by the document name `benchmarks/fit_answerer.py` writes each under."""
    import re

    data = json.loads(SQUAD_SAMPLE.read_text(encoding="utf-8"))
    out = {}
    for article in data["data"]:
        title = re.sub(r"\W+", "-", article["title"]).strip("-")
        for i, paragraph in enumerate(article["paragraphs"]):
            out[f"{title}-{i:03d}.txt"] = paragraph["context"]
    return out


@pytest.mark.parametrize("part", ["adversarial-holdout.jsonl", "adversarial-train.jsonl", "adversarial-train2.jsonl",
                                  "adversarial-train3.jsonl", "adversarial-train4.jsonl"])
def test_every_answer_of_the_encyclopedic_adversarial_sets_is_in_its_paragraph(part):
    from assistant.evaluation.suite import unsupported_answers

    paragraphs = _squad_paragraphs()
    items = load_suite(SQUAD_DEV / part)
    assert unsupported_answers(items, paragraphs.get) == []
    assert all(source in paragraphs for item in items for source in item.sources)
    assert sum(not item.answerable for item in items) == 40


def test_the_encyclopedic_tuning_sets_share_no_paragraph_with_the_held_out_one():
    held = {s for item in load_suite(SQUAD_DEV / "adversarial-holdout.jsonl") for s in item.sources}
    for part in ("adversarial-train.jsonl", "adversarial-train2.jsonl", "adversarial-train3.jsonl",
                 "adversarial-train4.jsonl"):
        assert not held & {s for item in load_suite(SQUAD_DEV / part) for s in item.sources}


def test_eval_parts_compare_counts_what_a_run_won_and_lost_item_by_item(tmp_path):
    import subprocess
    import sys

    def run_file(name, outcomes):
        items = [{"id": i, "question": f"q{i}", "answer": "a", "abstained": False, "correct": ok, "answerable": True}
                 for i, ok in outcomes.items()]
        path = tmp_path / name
        path.write_text(json.dumps({"train": {"summary": {}, "items": items}}), encoding="utf-8")
        return path

    before = run_file("before.json", {"1": True, "2": False, "3": False})
    after = run_file("after.json", {"1": False, "2": True, "3": True})
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "eval_parts.py"), "compare", str(before),
                           str(after), "--show"], capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("+2 -1"), done.stdout
    assert "LOST train 1: q1" in done.stdout


def test_the_near_miss_probe_swaps_only_for_what_the_source_never_states(monkeypatch):
    import random

    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    from near_miss_probe import near_misses

    item = {"question": "What were Japan's exports in the first quarter of 1986?"}
    text = "Japan's exports rose to 50 billion dlrs in the first quarter of 1986, from 45 billion in 1985."
    made = dict(near_misses(item, text, "1987-04-10", random.Random(5)))
    assert made["year"] == "What were Japan's exports in the first quarter of 1983?", "1985 is in the text"
    assert made["quantity"] == "What were Japan's imports in the first quarter of 1986?"
    assert made["quarter"].startswith("What were Japan's exports in the second quarter")
    assert "Japan" not in made["country"]
    assert "quantity" not in dict(near_misses(item, text + " Imports fell.", "1987-04-10", random.Random(5))), \
        "the text gives imports: no near miss"
