"""What `Indexer.run` reports as it goes, one typed record an event: for the terminal's progress bar
(progress.py) and the web app's rebuild status (rebuilds.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Removed:
    """A document gone from the corpus was removed from the index."""

    doc_id: str
    label: ClassVar[str] = "removed"

    @property
    def detail(self) -> str:
        return self.doc_id


@dataclass(frozen=True)
class Skipped:
    """A file was not indexed (unsupported, unreadable, too big, a duplicate...), for `reason`."""

    path: str
    reason: str
    label: ClassVar[str] = "skipped"

    @property
    def detail(self) -> str:
        return self.reason


@dataclass(frozen=True)
class Planned:
    """The plan is made: `documents` new or changed documents will be (re)indexed."""

    documents: int
    label: ClassVar[str] = "plan"

    @property
    def detail(self) -> str:
        return str(self.documents)


@dataclass(frozen=True)
class Read:
    """A planned document was read and cut into `chunks` chunks, not embedded yet."""

    doc_id: str
    chunks: int
    label: ClassVar[str] = "read"

    @property
    def detail(self) -> str:
        return f"{self.doc_id} ({self.chunks} chunks)"


@dataclass(frozen=True)
class Embedded:
    """`chunks` more chunks of the documents read were embedded (one slice of a group, a few model batches):
    what moves a progress bar steadily between two commits."""

    chunks: int
    label: ClassVar[str] = "embedded"

    @property
    def detail(self) -> str:
        return str(self.chunks)


@dataclass(frozen=True)
class Committed:
    """A group of documents was embedded and committed: answers use them from now on."""

    doc_ids: tuple[str, ...]
    label: ClassVar[str] = "committed"

    @property
    def documents(self) -> int:
        return len(self.doc_ids)

    @property
    def detail(self) -> str:
        return ", ".join(self.doc_ids)


IndexEvent = Removed | Skipped | Planned | Read | Embedded | Committed
EventHandler = Callable[[IndexEvent], None]
