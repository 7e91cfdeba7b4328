"""A question's misspelt words read as the documents spell them ("Liszy" -> "Liszt", "Septermber" -> "September").

Staff type names fast. A name no document uses finds nothing by its words, and the answerer's check that the
question's names are in the passage then abstains ("they do not mention Liszy") although the story is there. A word
is corrected only when no document holds it (by its search term) and a word one typing slip away (a letter added,
dropped, changed, or two swapped) is in the passages retrieved for the question, so a word the collection lacks for
another reason ("Bolivia" in a collection on Japan) is left as typed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from assistant.evidence import without_accents
from assistant.text import stopwords, terms

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
MIN_LENGTH = 5  # shorter words have too many neighbours one slip away ("hoe": "how", "hose", "shoe")


def unknown_words(question: str, known: Callable[[str], bool]) -> list[str]:
    """The question's words of MIN_LENGTH letters or more whose search term no document holds."""
    out = []
    for m in _WORD.finditer(question):
        word = m.group()
        if len(word) < MIN_LENGTH or word.lower() in stopwords():
            continue
        found = terms(word)
        if found and not all(known(t) for t in found) and word not in out:
            out.append(word)
    return out


def corrections(words: list[str], texts: Iterable[str]) -> dict[str, str]:
    """Each word's likeliest spelling in `texts`: two words there it runs together ("Superbowl"), else the most
    frequent word there one slip away that starts with the same letter (a slip is rarely the first letter), written
    as the texts write it."""
    seen: Counter = Counter()
    pairs: dict[str, str] = {}
    for text in texts:
        found = list(_WORD.finditer(text))
        seen.update(m.group() for m in found if len(m.group()) >= MIN_LENGTH - 1)
        for m, n in zip(found, found[1:]):
            if text[m.end():n.start()] == " ":  # "Super Bowl" for "Superbowl": two words typed as one
                pairs.setdefault(without_accents(m.group() + n.group()).lower(), f"{m.group()} {n.group()}")
    out = {}
    for word in words:
        plain = without_accents(word).lower()
        if plain in pairs:
            out[word] = pairs[plain]
            continue
        near = [(n, w) for w, n in seen.items() if w.lower() != word.lower()
                and _one_slip(plain, without_accents(w).lower()) and w[0].lower() == word[0].lower()]
        if near:
            out[word] = max(near)[1]
    return out


def corrected(question: str, fixes: dict[str, str]) -> str:
    """The question with each word in `fixes` replaced, whole words only."""
    for word, fix in fixes.items():
        question = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", fix, question)
    return question


def _one_slip(a: str, b: str) -> bool:
    """`a` and `b` differ by one letter added, dropped or changed, or two neighbouring letters swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1:]
