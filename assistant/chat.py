"""Conversations: turn a follow-up question and its history into what retrieval and answering need.

Without an LLM, condensation is lexical: a follow-up ("When will he meet Bessent?", "And the reciprocal
rate?") borrows the words of the latest earlier question, which carry the entity a pronoun refers to or
the subject an "And …?" continues. The current question's own words keep the larger weight.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.questions import analyse, answer_kind, entities, has_question_word, is_follow_up


@dataclass
class Turn:
    """What the answerer works from: the question, the retrieval query, and borrowed context."""

    question: str
    query: str
    kind: str
    entities: list[str]
    context: str = ""  # words borrowed from history; weighted lower than the question's own
    history: list[str] = field(default_factory=list)


def condense(question: str, history: list[str] | tuple[str, ...] = ()) -> Turn:
    """Build the retrieval query for `question` given earlier user turns (oldest first)."""
    info = analyse(question)
    history = [h.strip() for h in history if h and h.strip()]
    if not history or not is_follow_up(question):
        return Turn(question, question, info.kind, info.entities, history=history)
    previous = history[-1]
    kind = info.kind
    if kind == "fact" and not has_question_word(question):  # "And South Korea?" asks what the previous one asked
        kind = answer_kind(previous)
    context = previous
    if info.entities:  # "And South Korea?" replaces the earlier subject: do not reward the replaced one
        for entity in entities(previous):
            context = context.replace(entity, " ")
    return Turn(question, f"{question} {context}", kind, info.entities, context=context, history=history)
