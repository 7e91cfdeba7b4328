"""Capitals restored to a question typed in lower case, as the documents write its words.

The answerer reads names by their capitals ("Omnicom Group", "OPEC", "the U.S."): they are what the entity check,
the place check and the name spans look for. In a chat, staff often type "what was omnicom's net profit in the
fourth quarter" all in lower case; retrieval does not mind (BM25 and the embedding model ignore case), but without
capitals the question names nothing. Each word the retrieved passages write with a capital, and never in lower case
except to open a sentence, gets their capitals back.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_WORD = re.compile(r"[A-Za-z](?:[A-Za-z'’&.-]*[A-Za-z])?")
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;\"“(]\s+|\n\s*)$")
_POSSESSIVE = re.compile(r"['’]s$")
_MONTH_DAY = re.compile(r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
                        r"\s+\d{1,2}\b")


def typed_in_lower_case(question: str) -> bool:
    """No capital at all, not even the first letter: the writer did not mark names ("what did opec decide?"). A
    question opening with a capital and naming nothing ("What department ...?") is written as meant."""
    return not any(ch.isupper() for ch in question)


def restore_case(question: str, texts: Iterable[str]) -> str:
    """The question with the capitals the texts give its words ("omnicom's" -> "Omnicom's", "opec" -> "OPEC",
    "u.s." -> "U.S."), its first letter capitalized. A word the texts also write in lower case ("may", "march" of
    "to march") keeps it, and so does a function word; a capital opening a sentence counts half, as it may be no
    name's."""
    from assistant.text import stopwords

    texts_seen = list(texts)
    written: dict[str, Counter] = {}
    weight: Counter = Counter()
    lower: Counter = Counter()
    for text in texts_seen:
        for m in _WORD.finditer(text):
            word = _POSSESSIVE.sub("", m.group())
            key = word.lower()
            if word == key:
                lower[key] += 1
                continue
            written.setdefault(key, Counter())[word] += 1
            weight[key] += 0.5 if _SENTENCE_OPENING.search(text[max(0, m.start() - 3):m.start()]) else 1.0

    def recased(m: re.Match) -> str:
        word = m.group()
        possessive = _POSSESSIVE.search(word)
        bare = word[: possessive.start()] if possessive else word
        key = bare.lower()
        forms = written.get(key)
        if _MONTH_DAY.match(question, m.start()):  # "march 18", "may 29": a date
            return word.capitalize()
        if not forms or key in stopwords() or lower[key] * 2 >= weight[key]:
            return word
        # a headline's capitals ("OMNICOM GROUP INC") only where the body never writes the word otherwise
        mixed = [form for form, _n in forms.most_common() if not form.isupper()]
        return (mixed or [forms.most_common(1)[0][0]])[0] + (possessive.group() if possessive else "")

    out = _WORD.sub(recased, question)
    if any("U.S." in text for text in texts_seen):  # "the japan us talks", "us tariffs": the U.S., not "tell us"
        out = _US.sub(lambda m: m.group(0) if (m.group(1) or "").lower() in _BEFORE_PRONOUN_US else
                      f"{m.group(1) or ''}{' ' if m.group(1) else ''}U.S.", out)
    # "new york", "standard oil": a name of two words the texts write together, and only with capitals
    for pattern in (_LOWER_THEN_NAME, _NAME_THEN_LOWER):
        at = 0
        while (pair := pattern.search(out, at)):
            at = pair.start() + 1
            words = pair.group(0).split()
            if any(w.lower() in stopwords() for w in words):
                continue
            forms = _pair_forms(pair.group(0), texts_seen)
            if forms:
                out = out[: pair.start()] + forms[0][0] + out[pair.end():]
    return out[:1].upper() + out[1:]


_US = re.compile(r"\b(?:([A-Za-z]+)\s+)?us\b(?=[\s-]+[a-z])")
_BEFORE_PRONOUN_US = {"tell", "give", "show", "let", "help", "for", "to", "with", "of", "about", "from", "send", "get",
                      "told", "gave", "showed", "lets", "helps", "sends", "gets", "ask", "asked", "among", "by"}
_LOWER_THEN_NAME = re.compile(r"(?<![\w'’])[a-z]+\s+[A-Z][\w'’.-]*")
_NAME_THEN_LOWER = re.compile(r"(?<![\w'’])[A-Z][\w'’.-]*\s+[a-z]+(?![\w'’])")


def _pair_forms(pair: str, texts: list[str]) -> list[tuple[str, int]]:
    """How the texts write the two words together, most written first, when they do so only with capitals."""
    first, second = pair.split()
    together = re.compile(rf"(?<!\w){re.escape(first)}\s+{re.escape(second)}(?!\w)", re.IGNORECASE)
    found = Counter(m.group(0) for text in texts for m in together.finditer(text))
    if not found or any(form.split()[0].islower() for form in found):
        return []
    return found.most_common()
