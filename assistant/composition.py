"""The composition root: settings -> the parts of the app, built once and handed to whoever runs them.

The CLI, the web app, the tests and the benchmarks all build here, so the parts are wired one way only.
One process keeps one Chroma client and one copy of the model: every part built from an `App` shares its
`store` and `embedder` (a rebuild's indexer included).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from assistant.access import Users
from assistant.asking import Assistant
from assistant.chat_store import ChatStore
from assistant.corpus_files import CorpusFiles
from assistant.embedding import MiniLMEmbedding, resolve_device
from assistant.indexing import Indexer, made_by_older_pipeline
from assistant.rebuilds import Rebuilds
from assistant.retrieval import warm_up
from assistant.settings import Settings
from assistant.store import IndexStore


@dataclass
class App:
    """The built parts: `assistant` answers, `corpus` adds and deletes corpus files, `rebuilds` brings the index
    in line with them in the background, `users` (None: login off) may use the web app, `reports_dir` receives
    the web app's evaluation reports, `chats` keeps the web chat's conversations and feedback, `feedback_suite`
    receives the evaluation items an administrator makes of feedback."""

    settings: Settings
    store: IndexStore
    embedder: MiniLMEmbedding
    assistant: Assistant
    corpus: CorpusFiles
    rebuilds: Rebuilds = field(init=False)

    def __post_init__(self):
        # Done means searchable: the rebuild's thread brings the chunk table up to its last commit.
        self.rebuilds = Rebuilds(self.indexer, after=self.assistant.retriever.refresh)

    @cached_property
    def users(self) -> Users | None:
        """The users file's users (ASSISTANT_USERS_FILE), read when first asked for: only the web app needs it."""
        path = self.settings.access.users_file
        return Users(path) if path else None

    @property
    def reports_dir(self) -> Path:
        return self.settings.evaluation.reports_for(self.settings.index)

    @cached_property
    def chats(self) -> ChatStore:
        """The conversations and feedback (SQLite, ASSISTANT_CHATS_DB; default in the index folder), opened when
        first asked for: only the web app needs it."""
        return ChatStore(self.settings.chats.db_for(self.settings.index))

    @property
    def feedback_suite(self) -> Path:
        """The suite file "Add to suite" appends to: a fixed name inside the project's evaluation folder."""
        return self.settings.evaluation.feedback_suite_path()

    def indexer(self) -> Indexer:
        """An indexer on this app's store and model (one Chroma client per process)."""
        return Indexer(self.settings, self.store, self.embedder)


def build_embedder(settings: Settings) -> MiniLMEmbedding:
    return MiniLMEmbedding(embed_batch_size=settings.index.embed_batch_size, device=settings.index.device)


def check_device(settings: Settings) -> None:
    """An accelerator asked for by name (ASSISTANT_DEVICE=cuda or mps) must be there: a ConfigError before
    anything is opened, not at the first embedding (the indexer loads the model only when something changed)."""
    if settings.index.device not in ("auto", "cpu"):
        resolve_device(settings.index.device)


def build_indexer(settings: Settings, embedder: MiniLMEmbedding | None = None) -> Indexer:
    """The indexer alone (`assistant index`): opens, or creates, the index; no answering parts."""
    check_device(settings)
    return Indexer(settings, IndexStore(settings.index), embedder)


def build(settings: Settings, *, create_index: bool = False, store: IndexStore | None = None,
          embedder: MiniLMEmbedding | None = None) -> App:
    """The app over a built index; IndexMissingError (saying how to build it) when there is none, unless
    `create_index` (an empty index is made, for `app.indexer().run()` to fill: tests and benchmarks).

    `store` and `embedder`, when given (e.g. an indexer's, after a build), are reused rather than opened again.
    """
    check_device(settings)
    store = store or (IndexStore(settings.index) if create_index else IndexStore.open_built(settings.index))
    if embedder is None:  # the table and Chroma's vector index are read while the model loads
        warm_up(store)
        embedder = build_embedder(settings)
    assistant = Assistant(settings, store=store, embedder=embedder)
    return App(settings=settings, store=store, embedder=embedder, assistant=assistant,
               corpus=CorpusFiles(settings.index))


def build_with_index(settings: Settings, on_build: Callable[[Indexer], None],
                     on_outdated: Callable[[int, int], None] | None = None) -> App:
    """The app, its index built first when it is missing or holds no document (`assistant eval` and `serve`).

    `on_build(indexer)` runs the build (and shows its progress); the app then uses the indexer's store and model.
    `on_outdated(older, total)` hears of documents an older version of the pipeline indexed (after an upgrade).
    """
    if IndexStore.is_built(settings.index):
        app = build(settings)
        documents = app.store.documents()
        if not documents:
            on_build(app.indexer())
        elif on_outdated is not None:
            older = made_by_older_pipeline(documents.values(), app.indexer().pipeline_signature)
            if older:
                on_outdated(older, len(documents))
        return app
    indexer = build_indexer(settings)
    on_build(indexer)
    return build(settings, store=indexer.store, embedder=indexer.embedder)
