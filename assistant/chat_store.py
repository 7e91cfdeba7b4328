"""Conversations and feedback of the web chat, kept server-side in one small SQLite file (docs/contract.md,
"Conversations and feedback").

- `conversations` and `turns`: each user's chats (a title, then one row per question with its answer), so a chat
  survives a page reload and is listed, renamed, deleted and exported per user. Every read and write names the
  user and touches only that user's rows: a conversation id of someone else reads as missing.
- `feedback`: thumbs up or down on an answer, with the question, the earlier questions, the answer, its
  citations and an optional right answer; an administrator turns it into an evaluation item (`suite_item`).

With login off every conversation belongs to one user, `ANONYMOUS` (a name no login can have). All SQL is
parameterized; texts are cut to the sizes below before they are stored. One connection per call (SQLite's
own locking; WAL so readers do not wait for a writer), so the store is safe to share between threads.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from assistant.answers import Answer, Citation
from assistant.errors import AssistantError

ANONYMOUS = "(anonymous)"  # the one user of a server without login; user names of the users file cannot hold "()"

MAX_TITLE_CHARS = 120
MAX_QUESTION_CHARS = 2000
MAX_ANSWER_CHARS = 20_000
MAX_CORRECT_ANSWER_CHARS = 2000
MAX_HISTORY = 50
MAX_CITATIONS = 20
MAX_CONVERSATIONS_LISTED = 100

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    user TEXT NOT NULL,
    title TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_by_user ON conversations (user, updated);
CREATE TABLE IF NOT EXISTS turns (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    question TEXT NOT NULL,
    record TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (conversation_id, n)
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user TEXT NOT NULL,
    conversation_id TEXT,
    turn INTEGER,
    question TEXT NOT NULL,
    history TEXT NOT NULL,
    answer TEXT NOT NULL,
    abstained INTEGER NOT NULL,
    citations TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    correct_answer TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    suite_item TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS feedback_of_a_turn ON feedback (user, conversation_id, turn)
    WHERE conversation_id IS NOT NULL;
"""


class ChatStoreError(AssistantError):
    """The chat database cannot be opened or written (a bad ASSISTANT_CHATS_DB, a full disk)."""


def answer_record(answer: Answer) -> dict:
    """What is kept of an answer: its `ask --json` object, plus what the chat shows beside it (each citation's
    quoted sentence, the notes, the sureness), so a reloaded chat shows the same card."""
    record = answer.to_dict()
    for data, citation in zip(record["citations"], answer.citations):
        data["quote"] = citation.quote
    record["notes"], record["sureness"] = list(answer.notes), answer.sureness
    return record


def answer_from_record(record: dict) -> Answer:
    """The `Answer` of an `answer_record` (for rendering it again)."""
    citations = [Citation(n=int(c["n"]), doc_id=str(c["doc_id"]), title=str(c.get("title", "")),
                          text=str(c.get("text", "")), start=int(c.get("start", 0)), end=int(c.get("end", 0)),
                          page=c.get("page"), score=float(c.get("score", 0.0)), quote=str(c.get("quote", "")),
                          date=c.get("date") or "")
                 for c in record.get("citations") or []]
    return Answer(question=str(record.get("question", "")), answer=str(record.get("answer", "")),
                  abstained=bool(record.get("abstained")), citations=citations,
                  latency_ms=float(record.get("latency_ms", 0.0)), notes=list(record.get("notes") or []),
                  sureness=str(record.get("sureness", "")))


@dataclass(frozen=True)
class Turn:
    """One question of a conversation: the answer's record (`answer_record`), or `{"error": message}` when the
    question was refused (an empty date range, an index being rebuilt)."""

    n: int
    question: str
    record: dict

    @property
    def answered(self) -> bool:
        return "error" not in self.record

    @property
    def answer(self) -> Answer | None:
        return answer_from_record(self.record) if self.answered else None


@dataclass(frozen=True)
class Conversation:
    id: str
    title: str
    created: float
    updated: float
    turns: list[Turn] = field(default_factory=list)

    @property
    def questions(self) -> list[str]:
        """The questions that were answered, oldest first: the history of the next one."""
        return [t.question for t in self.turns if t.answered]

    def summary(self) -> dict:
        return {"id": self.id, "title": self.title, "created": _iso(self.created), "updated": _iso(self.updated)}

    def to_dict(self) -> dict:
        turns = [{"question": t.question, **({"error": t.record["error"]} if not t.answered else
                                              {"answer": {k: v for k, v in t.record.items()
                                                          if k not in ("notes", "sureness")}})}
                 for t in self.turns]
        return {**self.summary(), "turns": turns}


@dataclass(frozen=True)
class Feedback:
    id: int
    user: str
    question: str
    history: list[str]
    answer: str
    abstained: bool
    citations: list[dict]
    rating: str
    correct_answer: str
    created: float
    suite_item: str | None
    conversation_id: str | None = None
    turn: int | None = None


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(seconds))


def clip(text: str, limit: int) -> str:
    """`text` without control characters (newlines and tabs kept), at most `limit` characters."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", str(text))[:limit]


def title_of(question: str) -> str:
    """A conversation's first title: its first question on one line, shortened."""
    one_line = " ".join(clip(question, MAX_QUESTION_CHARS).split())
    return one_line if len(one_line) <= 80 else one_line[:79].rstrip() + "…"


def _citation(data: dict) -> dict:
    """A citation as kept with feedback: the contract's keys only, texts cut to size."""
    keep = {k: data.get(k) for k in ("n", "doc_id", "title", "text", "start", "end", "page", "score", "date")}
    for key in ("doc_id", "title", "text", "date"):
        if keep[key] is not None:
            keep[key] = clip(keep[key], 4000)
    return keep


class ChatStore:
    """The chat database at `path` (created, with its folder, on first use)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._db() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise ChatStoreError(f"cannot open the chat database {self.path}: {exc}") from None

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """A connection for one unit of work: committed when it ends well, rolled back otherwise."""
        try:
            with closing(sqlite3.connect(self.path, timeout=10)) as db:
                db.row_factory = sqlite3.Row
                db.execute("PRAGMA foreign_keys=ON")
                with db:
                    yield db
        except sqlite3.Error as exc:
            raise ChatStoreError(f"the chat database {self.path} failed: {exc}") from None

    # -- conversations ---------------------------------------------------------------------------------------
    def conversations(self, user: str, limit: int = MAX_CONVERSATIONS_LISTED) -> list[Conversation]:
        """The user's conversations, most recently used first (without their turns)."""
        with self._db() as db:
            rows = db.execute("SELECT id, title, created, updated FROM conversations WHERE user = ? "
                              "ORDER BY updated DESC, rowid DESC LIMIT ?", (user, limit)).fetchall()
        return [Conversation(r["id"], r["title"], r["created"], r["updated"]) for r in rows]

    def conversation(self, user: str, conversation_id: str | None) -> Conversation | None:
        """The user's conversation with its turns; None when there is none of that id for this user."""
        if not conversation_id:
            return None
        with self._db() as db:
            row = db.execute("SELECT id, title, created, updated FROM conversations WHERE id = ? AND user = ?",
                             (str(conversation_id), user)).fetchone()
            if row is None:
                return None
            turns = db.execute("SELECT n, question, record FROM turns WHERE conversation_id = ? ORDER BY n",
                               (row["id"],)).fetchall()
        return Conversation(row["id"], row["title"], row["created"], row["updated"],
                            [Turn(t["n"], t["question"], json.loads(t["record"])) for t in turns])

    def create(self, user: str, title: str) -> str:
        """A new, empty conversation of the user; its id."""
        conversation_id, now = uuid.uuid4().hex, time.time()
        with self._db() as db:
            db.execute("INSERT INTO conversations (id, user, title, created, updated) VALUES (?, ?, ?, ?, ?)",
                       (conversation_id, user, self._title(title), now, now))
        return conversation_id

    def add_turn(self, user: str, conversation_id: str | None, question: str, record: dict) -> tuple[str, int]:
        """Append a question and its answer's record (or `{"error": ...}`) to the user's conversation, started
        (titled by the question) when `conversation_id` is None or not the user's. (conversation id, turn number)."""
        question = clip(question, MAX_QUESTION_CHARS)
        if self.conversation(user, conversation_id) is None:
            conversation_id = self.create(user, title_of(question))
        record = json.dumps(record, ensure_ascii=False)  # made by the app from its own answer: no user text to cut
        with self._db() as db:
            n = db.execute("SELECT COALESCE(MAX(n) + 1, 0) FROM turns WHERE conversation_id = ?",
                           (conversation_id,)).fetchone()[0]
            now = time.time()
            db.execute("INSERT INTO turns (conversation_id, n, question, record, created) VALUES (?, ?, ?, ?, ?)",
                       (conversation_id, n, question, record, now))
            db.execute("UPDATE conversations SET updated = ? WHERE id = ? AND user = ?", (now, conversation_id, user))
        return conversation_id, n

    def rename(self, user: str, conversation_id: str, title: str) -> bool:
        """Retitle the user's conversation; False when the user has none of that id."""
        with self._db() as db:
            changed = db.execute("UPDATE conversations SET title = ? WHERE id = ? AND user = ?",
                                 (self._title(title), str(conversation_id), user)).rowcount
        return bool(changed)

    def delete(self, user: str, conversation_id: str) -> bool:
        """Delete the user's conversation and its turns (feedback given on it stays, detached); False when the
        user has none of that id."""
        with self._db() as db:
            owned = db.execute("SELECT 1 FROM conversations WHERE id = ? AND user = ?",
                               (str(conversation_id), user)).fetchone()
            if not owned:
                return False
            db.execute("UPDATE feedback SET conversation_id = NULL, turn = NULL WHERE conversation_id = ?",
                       (str(conversation_id),))
            db.execute("DELETE FROM conversations WHERE id = ? AND user = ?", (str(conversation_id), user))
        return True

    @staticmethod
    def _title(title: str) -> str:
        title = " ".join(clip(title or "", MAX_TITLE_CHARS * 2).split())[:MAX_TITLE_CHARS]
        return title or "Untitled chat"

    # -- feedback --------------------------------------------------------------------------------------------
    def add_feedback(self, user: str, *, question: str, history: list[str], answer: str, rating: str,
                     correct_answer: str = "", citations: list[dict] | None = None, abstained: bool | None = None,
                     conversation_id: str | None = None, turn: int | None = None) -> int:
        """Store a thumbs up or down (`rating` "up" or "down") on an answer; its id. Given on a turn of one of the
        user's conversations, it replaces the user's earlier feedback on that turn (the id stays)."""
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        answer = clip(answer, MAX_ANSWER_CHARS)
        if abstained is None:
            abstained = answer.startswith("Not found in the documents")
        if conversation_id is not None and self.conversation(user, conversation_id) is None:
            conversation_id, turn = None, None  # not the user's: kept as feedback on its own
        values = (user, conversation_id, turn, clip(question, MAX_QUESTION_CHARS),
                  json.dumps([clip(h, MAX_QUESTION_CHARS) for h in history[:MAX_HISTORY]], ensure_ascii=False),
                  answer, int(bool(abstained)),
                  json.dumps([_citation(c) for c in (citations or [])[:MAX_CITATIONS]], ensure_ascii=False),
                  rating, clip(correct_answer or "", MAX_CORRECT_ANSWER_CHARS).strip(), time.time())
        with self._db() as db:
            if conversation_id is not None:
                row = db.execute("SELECT id FROM feedback WHERE user = ? AND conversation_id = ? AND turn = ?",
                                 (user, conversation_id, turn)).fetchone()
                if row is not None:
                    db.execute("UPDATE feedback SET rating = ?, correct_answer = ?, created = ? WHERE id = ?",
                               (rating, values[9], values[10], row["id"]))
                    return int(row["id"])
            cursor = db.execute(
                "INSERT INTO feedback (user, conversation_id, turn, question, history, answer, abstained, citations, "
                "rating, correct_answer, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
            return int(cursor.lastrowid)

    def ratings(self, user: str, conversation_id: str) -> dict[int, str]:
        """The user's thumbs on the turns of a conversation: {turn number: "up" or "down"}, for showing them again."""
        with self._db() as db:
            rows = db.execute("SELECT turn, rating FROM feedback WHERE user = ? AND conversation_id = ?",
                              (user, str(conversation_id))).fetchall()
        return {int(r["turn"]): r["rating"] for r in rows}

    def withdraw(self, user: str, conversation_id: str, turn: int) -> bool:
        """Remove the user's feedback on a turn (the thumb clicked again); False when there was none."""
        with self._db() as db:
            gone = db.execute("DELETE FROM feedback WHERE user = ? AND conversation_id = ? AND turn = ? AND "
                              "suite_item IS NULL", (user, str(conversation_id), int(turn))).rowcount
        return bool(gone)

    def correct(self, user: str, feedback_id: int, correct_answer: str) -> bool:
        """Set "the right answer is …" of the user's own feedback; False when it is not theirs."""
        with self._db() as db:
            changed = db.execute("UPDATE feedback SET correct_answer = ? WHERE id = ? AND user = ?",
                                 (clip(correct_answer, MAX_CORRECT_ANSWER_CHARS).strip(), int(feedback_id),
                                  user)).rowcount
        return bool(changed)

    def feedback(self, feedback_id: int | None = None, limit: int = 200) -> list[Feedback]:
        """Every user's feedback, newest first (for administrators), or the one of `feedback_id`."""
        query, args = "SELECT * FROM feedback", ()
        if feedback_id is not None:
            query, args = query + " WHERE id = ?", (int(feedback_id),)
        with self._db() as db:
            rows = db.execute(query + " ORDER BY id DESC LIMIT ?", (*args, limit)).fetchall()
        return [Feedback(id=r["id"], user=r["user"], question=r["question"], history=json.loads(r["history"]),
                         answer=r["answer"], abstained=bool(r["abstained"]), citations=json.loads(r["citations"]),
                         rating=r["rating"], correct_answer=r["correct_answer"], created=r["created"],
                         suite_item=r["suite_item"], conversation_id=r["conversation_id"], turn=r["turn"])
                for r in rows]

    def mark_added(self, feedback_id: int, item_id: str) -> None:
        """Note that the feedback became the evaluation item `item_id`."""
        with self._db() as db:
            db.execute("UPDATE feedback SET suite_item = ? WHERE id = ?", (item_id, int(feedback_id)))


# -- feedback -> evaluation items ------------------------------------------------------------------------------
FEEDBACK_CATEGORY = "feedback"


def suggested_item(feedback: Feedback) -> dict:
    """What an administrator starts from when turning feedback into an evaluation item: the expected answer
    (the given right answer; for a thumbs up, the answer's bold lead such as "24%"), whether the question is
    answerable (a thumbs up on "Not found" says it is not) and the sources (a thumbs up's first citation)."""
    up = feedback.rating == "up"
    lead = re.search(r"\*\*(.+?)\*\*", feedback.answer)
    expected = feedback.correct_answer or (lead.group(1).strip() if up and lead and not feedback.abstained else "")
    answerable = not (up and feedback.abstained and not feedback.correct_answer)
    sources = [feedback.citations[0]["doc_id"]] if up and not feedback.abstained and feedback.citations else []
    return {"expected": expected, "answerable": answerable, "sources": sources}


def feedback_item(feedback: Feedback, expected: str, answerable: bool, sources: list[str]) -> dict:
    """The evaluation item (docs/contract.md, "Evaluation suites") an administrator confirmed for `feedback`:
    id `feedback-<id>`, category "feedback". An answerable item needs an expected answer."""
    expected = " ".join((expected or "").split())
    if answerable and not expected:
        raise ValueError("an answerable item needs the expected answer (or untick \"answerable\" if the right "
                         "response is \"Not found\")")
    return {"id": f"feedback-{feedback.id}", "question": feedback.question,
            "answers": [expected] if answerable else [], "must_include": [],
            "sources": [s.strip() for s in sources if s.strip()] if answerable else [],
            "answerable": bool(answerable), "history": list(feedback.history), "category": FEEDBACK_CATEGORY}
