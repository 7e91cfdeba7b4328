"""The `assistant` command. Errors a user can act on become one clear line and an exit code.

Exit codes: 0 success, 1 evaluation below --min-accuracy, 2 usage or configuration error,
3 some files were skipped by `index`, 4 index missing or busy, 5 store unreachable.
"""

from __future__ import annotations

import json
import sys
from functools import wraps
from pathlib import Path

import click
from pydantic import ValidationError

from assistant.errors import AssistantError, ConfigError, IndexBusyError, IndexMissingError, StoreError

_EXIT = {IndexMissingError: 4, IndexBusyError: 4, StoreError: 5, ConfigError: 2}


def _folders(command):
    """Add --corpus and --index to a subcommand (defaults from ASSISTANT_CORPUS_DIR / ASSISTANT_INDEX_DIR)."""
    command = click.option("--index", "index_dir", type=click.Path(path_type=Path), envvar="ASSISTANT_INDEX_DIR",
                           default="index", show_default=True, help="Folder of the built index.")(command)
    command = click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), envvar="ASSISTANT_CORPUS_DIR",
                           default="corpus", show_default=True, help="Folder of source documents.")(command)
    return command


def _friendly(func):
    """Turn AssistantError into `error: <message>` on stderr and a distinct exit code."""
    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except AssistantError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(next((code for kind, code in _EXIT.items() if isinstance(exc, kind)), 2))
        except ValidationError as exc:  # settings from the environment (ASSISTANT_*) that fail validation
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first.get("loc", ()))
            message = str(first.get("msg", exc)).removeprefix("Value error, ")
            click.echo(f"error: invalid setting{' ' + where if where else ''}: {message}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """Chat assistant over negotiation documents: answers with cited passages, says so when the documents do not.

    \b
    Examples:
      assistant index                      # bring index/ in line with corpus/
      assistant ask "What is Japan's reciprocal rate?"
      assistant eval --min-accuracy 0.8    # run the project's evaluation suite
      assistant serve                      # the web chat on http://127.0.0.1:7860
      assistant adduser alice --admin      # require a login (see docs/access.md)
    """
    from assistant import heap

    heap.frozen_at_exit()  # the process's exit walks no heap (heap.py)


@main.command()
@_folders
@click.option("--full", is_flag=True, help="Re-embed every document, not only new and changed ones.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.option("--watch", is_flag=True, help="Keep running and re-index as files change (Ctrl-C stops).")
@click.option("-v", "--verbose", is_flag=True, help="Print one line per committed, removed or skipped document.")
@_friendly
def index(corpus_dir, index_dir, full, as_json, watch, verbose):
    """Bring the index in line with the corpus: add new, re-index changed, remove deleted, skip unchanged.

    \b
    Exit 0 when every document was indexed, 3 when some were skipped (each listed with its reason).
    \b
    Examples:
      assistant index
      assistant index --full --json
      assistant index --corpus ~/briefings --index ~/briefings-index --watch
    """
    from assistant.composition import build_indexer
    from assistant.progress import IndexProgress
    from assistant.settings import load_settings

    indexer = build_indexer(load_settings(corpus_dir, index_dir))

    def show(report):
        if as_json:
            click.echo(json.dumps(report.to_dict()))
        else:
            for line in report.summary_lines():
                click.echo(line)

    if watch:
        from assistant.indexing import watch_corpus

        click.echo(f"watching {corpus_dir} (Ctrl-C stops)", err=True)

        def on_report(report):
            show(report)
            sys.stdout.flush()

        watch_corpus(indexer, on_report, progress_factory=lambda: IndexProgress(verbose=verbose))
        return
    with IndexProgress(verbose=verbose) as progress:
        report = indexer.run(full=full, on_event=progress)
    show(report)
    sys.exit(report.exit_code)


def _app_with_index(corpus_dir: Path, index_dir: Path):
    """The app for the folders, building the index first when it is missing (eval and serve do this)."""
    from assistant import heap
    from assistant.composition import build_with_index
    from assistant.progress import IndexProgress
    from assistant.settings import load_settings

    settings = load_settings(corpus_dir, index_dir)

    def build_first(indexer):
        click.echo(f"no index yet in {settings.index.chroma_url or index_dir}: building it from {corpus_dir} ...",
                   err=True)
        with IndexProgress() as progress, heap.collecting():  # a long job: collected as usual even while starting
            report = indexer.run(on_event=progress)
        for line in report.summary_lines():
            click.echo(line, err=True)

    def outdated(older: int, total: int):
        click.echo(f"{older} of {total} documents were indexed by an older version of the assistant; they answer "
                   f"as they are until `assistant index --corpus {corpus_dir} --index {index_dir}` re-reads them.",
                   err=True)

    return build_with_index(settings, build_first, outdated)


@main.command()
@_folders
@click.argument("question")
@click.option("--history", multiple=True, metavar="Q", help="An earlier user question of the conversation (repeat, oldest first).")
@click.option("--document", "documents", multiple=True, metavar="DOC_ID", help="Answer only from this document (repeatable).")
@click.option("--since", metavar="YYYY-MM-DD", help="Only documents dated on or after this day (sidecar \"date\").")
@click.option("--until", metavar="YYYY-MM-DD", help="Only documents dated on or before this day.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object (see docs/contract.md).")
@_friendly
def ask(corpus_dir, index_dir, question, history, documents, since, until, as_json):
    """Answer one question from the indexed documents, with cited passages.

    \b
    Examples:
      assistant ask "What is Japan's reciprocal rate?"
      assistant ask "When will he meet Bessent?" --history "Who is Japan's chief negotiator?"
      assistant ask "When do the talks open?" --json
      assistant ask "What did the minister say?" --document briefings/2025-04.pdf --since 2025-04-01
    """
    from assistant.composition import build
    from assistant.settings import load_settings

    answer = build(load_settings(corpus_dir, index_dir)).assistant.ask(question, list(history),
                                                                       list(documents) or None, since=since, until=until)
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False))
        return
    click.echo(answer.answer)
    for note in answer.notes:
        click.echo(f"note: {note}")
    if answer.citations:
        click.echo("")
        click.echo("Related passages:" if answer.abstained else "Sources:")
    for c in answer.citations:
        where = f"page {c.page}, " if c.page else ""
        dated = f"{c.date}, " if c.date else ""
        click.echo(f"[{c.n}] {c.title} ({dated}{c.doc_id}, {where}chars {c.start}-{c.end}, score {c.score:.3f})")
        if c.quote:
            click.echo(f"    “{' '.join(c.quote.split())}”")


@main.command(name="eval")
@_folders
@click.option("--dataset", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Suite in JSON Lines (default: the project's tests/eval/suite.jsonl).")
@click.option("--report", "report_dir", type=click.Path(path_type=Path, file_okay=False), default="reports",
              show_default=True, help="Folder for report.json, report.md and report.html.")
@click.option("--min-accuracy", type=click.FloatRange(0, 1), default=None, help="Exit 1 when overall_accuracy is below this.")
@click.option("--baseline", is_flag=True, help="Also run the naive dense baseline and show it side by side.")
@_friendly
def eval_command(corpus_dir, index_dir, dataset, report_dir, min_accuracy, baseline):
    """Run an evaluation suite through the assistant and write reports.

    \b
    Examples:
      assistant eval
      assistant eval --baseline --min-accuracy 0.8
      assistant eval --dataset my-suite.jsonl --corpus ~/briefings --index ~/briefings-index --report out/
    """
    from assistant.evaluation import check_sources, load_suite, run_suite, write_report
    from assistant.evaluation.suite import project_suite

    items = load_suite(dataset or project_suite())
    assistant = _app_with_index(corpus_dir, index_dir).assistant
    for problem in check_sources(items, [d["doc_id"] for d in assistant.documents()]):
        click.echo(f"warning: {problem}", err=True)
    naive = None
    if baseline:
        from assistant.evaluation.baseline import NaiveBaseline

        naive = NaiveBaseline(assistant)
    run = run_suite(assistant, items, progress=True, baseline=naive)
    path = write_report(run, report_dir)
    s = run.summary

    def fmt(v):
        return "–" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))

    click.echo("  ".join(f"{k}={fmt(s[k])}" for k in s))
    if run.baseline is not None:
        b = run.baseline.summary
        click.echo("baseline: " + "  ".join(f"{k}={fmt(b[k])}" for k in b))
    click.echo(f"reports: {path.parent}/report.md, report.html, report.json")
    if min_accuracy is not None and (s["overall_accuracy"] or 0.0) < min_accuracy:
        click.echo(f"overall_accuracy {s['overall_accuracy']:.3f} is below --min-accuracy {min_accuracy}", err=True)
        sys.exit(1)


@main.command()
@_folders
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=7860, show_default=True, type=int, help="Port to listen on.")
@_friendly
def serve(corpus_dir, index_dir, host, port):
    """Start the web chat (builds the index first when missing).

    \b
    Examples:
      assistant serve
      assistant serve --port 8080
    """
    import importlib
    from concurrent.futures import ThreadPoolExecutor

    from assistant import heap

    heap.starting()  # no full garbage collections while the server starts; server.serve() ends this (heap.py)
    # The web stack (Gradio, FastAPI) is imported in a thread while this one opens the index and loads the model:
    # the parts of either that leave the interpreter's lock (reading files, torch's own work) use the other core.
    with ThreadPoolExecutor(1, thread_name_prefix="import-web") as pool:
        web = pool.submit(importlib.import_module, "assistant.web.server")
        parts = _app_with_index(corpus_dir, index_dir)
        server = web.result()
    server.serve(parts, host=host, port=port)


@main.command()
@click.argument("name")
@click.option("--admin", is_flag=True, help="May upload, delete and rebuild, and run evaluations.")
@click.option("--file", "users_file", type=click.Path(path_type=Path, dir_okay=False), envvar="ASSISTANT_USERS_FILE",
              default="users.json", show_default=True, help="Users file (ASSISTANT_USERS_FILE when set).")
@_friendly
def adduser(name, admin, users_file):
    """Add (or replace) a user of the web chat; the password is asked for twice, or read from stdin.

    \b
    Examples:
      assistant adduser alice --admin --file users.json
      echo 's3cret-pass' | assistant adduser bob --file users.json
      ASSISTANT_USERS_FILE=users.json make run
    """
    from assistant.access import USERS_ENV, add_user

    if sys.stdin.isatty():
        password = click.prompt(f"password for {name}", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    add_user(users_file, name, password, admin=admin)
    role = "admin" if admin else "user"
    click.echo(f"{name} ({role}) saved in {users_file}; start the app with {USERS_ENV}={users_file}")
