"""Evaluation suites: JSON Lines files of questions with accepted answers (docs/contract.md, "Evaluation suites").

A suite is hand-written, so every mistake in it is reported with its line number and field instead of
quietly scoring a broken item; `check_sources` catches items that name documents the corpus lacks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import SuiteError
from assistant.evaluation.scoring import normalize, source_matches

_LIST_FIELDS = ("answers", "must_include", "sources", "history")
KNOWN_FIELDS = frozenset({"id", "question", "answerable", "category", *_LIST_FIELDS})


@dataclass(frozen=True)
class SuiteItem:
    """One question of a suite; `line` is where it stands in the file, for messages."""

    id: str
    question: str
    answers: tuple[str, ...] = ()
    must_include: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    answerable: bool = True
    history: tuple[str, ...] = ()
    category: str | None = None
    line: int = 0


def project_suite() -> Path:
    """The project's own suite: tests/eval/suite.jsonl in the working folder, else in the source tree the
    package was installed from (an editable install)."""
    local = Path("tests/eval/suite.jsonl")
    return local if local.is_file() else Path(__file__).resolve().parents[2] / "tests" / "eval" / "suite.jsonl"


def load_suite(path: str | Path) -> list[SuiteItem]:
    """Read a suite file; raise SuiteError naming the line of the first problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SuiteError(f"suite file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SuiteError(f"cannot read suite file {path}: {exc}") from None
    return parse_suite(text, name=str(path))


def parse_suite(text: str, name: str = "suite") -> list[SuiteItem]:
    """Parse JSON Lines text; blank lines are skipped, ids must be unique, an empty suite is an error."""
    items: list[SuiteItem] = []
    first_line_of: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        item = _parse_line(raw, number)
        if item.id in first_line_of:
            raise SuiteError(f'line {number}: duplicate id "{item.id}" (first used on line {first_line_of[item.id]})')
        first_line_of[item.id] = number
        items.append(item)
    if not items:
        raise SuiteError(f"{name}: the suite has no items")
    return items


def _parse_line(raw: str, number: int) -> SuiteItem:
    def fail(message: str) -> SuiteError:
        return SuiteError(f"line {number}: {message}")

    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise fail(f"malformed JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise fail(f"expected a JSON object, got {type(data).__name__}")
    unknown = sorted(set(data) - KNOWN_FIELDS)
    if unknown:
        raise fail(f'unknown field "{unknown[0]}" (known fields: {", ".join(sorted(KNOWN_FIELDS))})')

    question = data.get("question")
    if not isinstance(question, str) or not question.strip():
        raise fail('field "question" is required and must be a non-empty string')
    item_id = data.get("id", f"line-{number}")
    if not isinstance(item_id, str) or not item_id.strip():
        raise fail('field "id" must be a non-empty string')
    answerable = data.get("answerable", True)
    if not isinstance(answerable, bool):
        raise fail('field "answerable" must be true or false')
    category = data.get("category")
    if category is not None and (not isinstance(category, str) or not category.strip()):
        raise fail('field "category" must be a non-empty string')

    lists: dict[str, tuple[str, ...]] = {}
    for key in _LIST_FIELDS:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f'field "{key}" must be a list of strings')
        lists[key] = tuple(value)
    for key in ("answers", "must_include"):
        # An entry that normalizes to "" would be contained in every answer and make the item always correct.
        if any(not normalize(v) for v in lists[key]):
            raise fail(f'field "{key}" has an entry with no letters or digits')
    if any(not s.strip() for s in lists["sources"]):
        raise fail('field "sources" has an empty entry')

    return SuiteItem(
        id=item_id.strip(),
        question=question.strip(),
        answerable=answerable,
        category=category.strip() if category else None,
        line=number,
        **lists,
    )


def append_item(path: str | Path, item: dict) -> SuiteItem:
    """Append one item (a dict of the suite's fields) as a line of the suite at `path` (created when missing);
    the item is checked as the suite reader checks it, and its id must be new to the file. SuiteError otherwise."""
    path = Path(path)
    line = json.dumps(item, ensure_ascii=False)
    existing = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    number = len(existing.splitlines()) + 1
    parsed = _parse_line(line, number)
    if existing.strip():
        taken = {i.id: i.line for i in parse_suite(existing, name=str(path))}
        if parsed.id in taken:
            raise SuiteError(f'{path.name} already has an item "{parsed.id}" (line {taken[parsed.id]})')
    with path.open("a", encoding="utf-8") as out:
        out.write(("" if not existing or existing.endswith("\n") else "\n") + line + "\n")
    return parsed


def check_sources(items: list[SuiteItem], doc_ids: list[str]) -> list[str]:
    """Problems, one line each, for items naming a source no corpus document matches.

    Such an item can never score a retrieval hit, so the caller should report it rather than score it silently.
    """
    problems = []
    for item in items:
        for source in item.sources:
            if not any(source_matches(source, doc_id) for doc_id in doc_ids):
                problems.append(f'line {item.line}: item "{item.id}" names source "{source}", which is not in the corpus')
    return problems


def unsupported_answers(items: list[SuiteItem], read_source) -> list[str]:
    """Problems, one line each, where an accepted answer or must_include entry is missing from a listed source.

    `read_source(source)` returns the source document's text (None when it does not exist). An answer is
    supported when its normalized form is inside the normalized document, so wire line breaks do not matter.
    Unanswerable items must list no answers.
    """
    problems = []
    for item in items:
        if not item.answerable:
            if item.answers or item.must_include:
                problems.append(f'line {item.line}: item "{item.id}" is unanswerable but lists answers')
            continue
        if not item.sources:
            problems.append(f'line {item.line}: item "{item.id}" names no source')
        for source in item.sources:
            text = read_source(source)
            if text is None:
                problems.append(f'line {item.line}: item "{item.id}" names source "{source}", which does not exist')
                continue
            body = normalize(text)
            for entry in item.answers:
                if normalize(entry) not in body:
                    problems.append(f'line {item.line}: item "{item.id}": answer "{entry}" is not in "{source}"')
            for entry in item.must_include:
                if normalize(entry) not in body:
                    problems.append(f'line {item.line}: item "{item.id}": must_include "{entry}" is not in "{source}"')
    return problems


def main(argv: list[str] | None = None) -> int:
    """Check a suite against a corpus folder: python -m assistant.evaluation.suite SUITE CORPUS_DIR"""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m assistant.evaluation.suite SUITE.jsonl CORPUS_DIR", file=sys.stderr)
        return 2
    items, corpus = load_suite(args[0]), Path(args[1])

    def read_source(source: str) -> str | None:
        path = corpus / source
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None

    problems = unsupported_answers(items, read_source)
    for line in problems:
        print(line)
    print(f"{len(items)} items, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
