"""Conversations: turn a follow-up question and its history into a question that stands alone.

Without an LLM, the rewrite is lexical and says what it did:
- Ellipsis ("And in December?", "And Unocal Norge's?", "What about South Korea?") takes the earlier
  question and puts the new name or time in place of the old one: "What share does Unocal Norge hold?".
- A pronoun ("When will he meet Bessent?") is replaced by what it refers to: the name the earlier answer
  gave (the caller may pass a `recall` function that answers the earlier question), else the last name
  the conversation used. The answer then starts "Taking 'he' as Akazawa: ...".
The earlier questions' words still go to retrieval, weighted below the question's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.evidence import asked_times, is_place
from assistant.questions import TIME_EXPRESSION, answer_type, entities, has_question_word, is_follow_up

_ELLIPSIS_START = re.compile(r"^\s*(?:and|also|but|so|then)?\s*(?:what|how)\s+about\b|^\s*(?:and|also|but)\b",
                             re.IGNORECASE)
_PERSON_PRONOUN = re.compile(r"\b(he|him|his|she|her|hers)\b", re.IGNORECASE)
_THING_PRONOUN = re.compile(r"\b(it|its|their|theirs|they|them|the company|the country|the firm|the bank)\b",
                            re.IGNORECASE)
_FILLER = re.compile(r"^\s*(?:and|also|but|so|then)\s+|^\s*(?:what|how)\s+about\s+|\?+\s*$|\s+(?:then|too|instead)"
                     r"\s*\?*\s*$", re.IGNORECASE)


@dataclass
class Turn:
    """What the answerer works from: the user's question, the question it was taken to mean, the retrieval
    query, and borrowed context."""

    question: str
    query: str
    answer_type: str
    entities: list[str]
    context: str = ""  # words borrowed from history; weighted lower than the question's own
    history: list[str] = field(default_factory=list)
    resolved: str = ""  # what a reference was taken to mean, said in the answer ("'he' as Akazawa")
    asked: str = ""  # the question as it stands alone (the rewrite of a follow-up); "" when the same as `question`

    def __post_init__(self):
        self.asked = self.asked or self.question


Recall = Callable[[str, list[str]], str]  # (earlier question, its history) -> the name its answer gave, or ""


def condense(question: str, history: list[str] | tuple[str, ...] = (), recall: Recall | None = None) -> Turn:
    """The Turn for `question` given earlier user turns (oldest first)."""
    history = [h.strip() for h in history if h and h.strip()]
    if not history:
        return Turn(question, question, answer_type(question), entities(question))
    if not is_follow_up(question, history[-1]):
        # It reads as standing alone, but a chat seldom changes subject without saying so ("When does the cut
        # take effect?" after a question on a rate cut): the earlier question's words still join the search,
        # weighted below the question's own, as they do for a follow-up.
        context = history[-1]
        return Turn(question, f"{question} {context}", answer_type(question), entities(question), context=context,
                    history=history)
    previous = history[-1]
    asked, resolved, replaced = question, "", ""
    if _is_ellipsis(question):
        asked, replaced = _substitute(previous, question)
    else:
        asked, resolved = _resolve_pronoun(question, history, recall)
    asked_type = answer_type(asked)
    if asked_type == "fact" and not has_question_word(question):
        asked_type = answer_type(previous)
    own = entities(asked)
    context = " ".join(reversed(history))  # the latest first; the answerer weighs these words below its own
    if replaced:  # "And Brazil?" replaced the earlier subject: it must not be rewarded
        context = context.replace(replaced, " ")
    return Turn(question, f"{asked} {context}", asked_type, own, context=context, history=history, resolved=resolved,
                asked=asked)


def _is_ellipsis(question: str) -> bool:
    """"And in 1984?", "What about Brazil's?": no question of its own, it continues the earlier one."""
    words = re.findall(r"\w+", question)
    return bool(_ELLIPSIS_START.match(question)) and (not has_question_word(_FILLER.sub("", question))
                                                      or len(words) <= 4) or len(words) <= 3


def _substitute(previous: str, follow_up: str) -> tuple[str, str]:
    """The earlier question with the follow-up's time and name put in place of its own, and the name replaced."""
    fragment = _FILLER.sub("", follow_up).strip(" ?")
    rewritten, replaced = previous, ""
    times = list(TIME_EXPRESSION.finditer(fragment))
    if times and asked_times(fragment):
        new_time = " ".join(m.group() for m in times)
        old = list(TIME_EXPRESSION.finditer(previous))
        rewritten = (rewritten[: old[-1].start()] + new_time + rewritten[old[-1].end():]) if old else \
            f"{rewritten.rstrip(' ?')} in {new_time}?"
    names = entities(TIME_EXPRESSION.sub(" ", fragment))
    if names:
        new_name = fragment if len(names) == 1 and len(fragment.split()) <= 5 else names[-1]
        new_name = re.sub(r"^(?:in|for|of|on|at)\s+", "", new_name)
        old_names = [n for n in entities(previous) if not re.fullmatch(r"[\d.,]+", n)]
        if old_names:  # the subject, usually named first, is what "And Brazil?" replaces
            replaced = old_names[0]
            rewritten = rewritten.replace(replaced, new_name.removesuffix("'s").removesuffix("’s"), 1)
        elif _THING_PRONOUN.search(rewritten) or _PERSON_PRONOUN.search(rewritten):
            rewritten = _replace_pronoun(rewritten, new_name.removesuffix("'s").removesuffix("’s"))
        else:
            rewritten = f"{rewritten.rstrip(' ?')} for {new_name}?"
    elif not times:
        rewritten = f"{previous.rstrip(' ?')} {fragment}?"
    return rewritten, replaced


def _replace_pronoun(text: str, name: str) -> str:
    def swap(m: re.Match) -> str:
        word = m.group(1).lower()
        return f"{name}'s" if word in ("his", "her", "hers", "its", "their", "theirs") else name
    pattern = _PERSON_PRONOUN if _PERSON_PRONOUN.search(text) else _THING_PRONOUN
    return pattern.sub(swap, text, count=1)


def _resolve_pronoun(question: str, history: list[str], recall: Recall | None) -> tuple[str, str]:
    """The question with its first pronoun replaced by its referent, and what was taken ("'he' as Akazawa")."""
    person = _PERSON_PRONOUN.search(question)
    thing = None if person else _THING_PRONOUN.search(question)
    match = person or thing
    if not match:
        return question, ""
    referent = ""
    if recall is not None:
        referent = recall(history[-1], history[:-1])
    if not referent:  # the last name the conversation used (for "he"/"she", not a place)
        names = [e for h in reversed(history) for e in reversed(entities(h))
                 if not re.fullmatch(r"[\d.,]+", e) and not (person and is_place(e))]
        referent = names[0] if names else ""
    if not referent:
        return question, ""
    return _replace_pronoun(question, referent), f"'{match.group(1)}' as {referent}"
