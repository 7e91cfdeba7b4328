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
    """


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
    from assistant.services import build_indexer
    from assistant.progress import IndexProgress

    indexer = build_indexer(corpus_dir, index_dir)

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
