"""Which span of the answer sentence an answer leads with (its bold value), and where the question's words stand.

The eval counts an answer right when the expected words are anywhere in it, but a reader takes the bold value for
the answer: "2.9 pct in December", not January's "3.0 pct" beside it. The sentence is chosen by the answerer
(answering.py); this module picks, within it, the figure or name the question asks for: the one written for the
asked year or month, the one listed in the asked thing's place before "respectively", the one a follow-up's new
subject names, else the one nearest the question's words.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from assistant.contradictions import excludes_words
from assistant.evidence import (BARE_BASE, RELATIVE_BASE, asked_times, base_years, fits_time,
                                months_in, time_mentions, years_in)
from assistant.follow_ups import Turn
from assistant.questions import NAME_GAP, focus_words, is_opener, without_owner
from assistant.table_rows import column_label, numerals_in
from assistant.text import flat, stopwords, terms

if TYPE_CHECKING:
    from assistant.answering import Candidate


def closest_span(c: Candidate, turn: Turn) -> tuple[int, int]:
    """The typed span closest to the question's words in the sentence, the words naming what is asked counting
    double: "24%" in "the 24% reciprocal tariff rate ... U.S. tariffs of 25% on cars" for "the reciprocal rate",
    "5.6 pct" in "inflation fell to 5.6 pct from 10.7 pct" for "the inflation rate". Where the sentence names what a
    follow-up put in place of the earlier subject, that decides: the first figure after it ("while Japan spends only
    2.9 billion" for "And Japan?"), else the nearest before it ("40 cents in Chile" for "And in Chile?")."""
    base = _base_figure(c, turn)
    if base is not None:
        return base
    spans = _of_the_asked_time(c, turn)
    spans = [s for s in spans if not _measures_another(c.text, s, turn.asked)] or spans
    if _PART_ASKED.search(turn.asked):  # "how much of its debt": the part, not the whole it is "of"
        spans = [s for s in spans if not _the_whole(c.text, s, spans)] or spans
    if c.columns:  # a table row: the figure under the column whose label names what is asked ("OLD RATE 5.60 pct")
        asked = set(terms(" ".join(focus_words(turn.asked)))) | numerals_in(turn.asked)
        named = {s: len(asked & (set(terms(label := column_label(c.text, s))) | numerals_in(label))) for s in spans}
        most = max(named.values(), default=0)
        if most:
            spans = [s for s in spans if named[s] == most]
    paired = _respective(c, turn, spans)
    if paired is not None:
        return paired
    named = word_positions(c, set(terms(" ".join(turn.put_in))))
    if named:  # what a follow-up asks about now: its figure comes after it ("while Japan spends only 2.9 billion")
        after = [s for s in spans if s[0] > named[0]]
        return after[0] if after else min(spans, key=lambda s: named[0] - s[0])
    focus = set(terms(" ".join(focus_words(turn.asked)))) | set(turn.put_in)
    anchors = [(x, 2.0) for x in word_positions(c, focus)] + [(x, 1.0) for x in word_positions(c, set(terms(turn.asked)) - focus)]
    if not anchors:
        return spans[0]
    return max(spans, key=lambda s: (sum(w / (1 + abs(s[0] - x) / 15) for x, w in anchors), -s[0]))


def _measures_another(text: str, span: tuple[int, int], question: str) -> bool:
    """The figure measures something the question excludes, named right after it ("629,000 lbs of electrolytic cut
    nickel" for "How much electrolytic copper ...?")."""
    measured = _MEASURED.match(text, span[1])
    return bool(measured) and excludes_words(question, measured.group(1))


_MEASURED = re.compile(r"\s+of\s+((?:[\w-]+\s+){0,3}[\w-]+)")


def _the_whole(text: str, span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """The figure is the whole another figure is part of: "1.42 billion dlrs of 13 billion dlrs of frozen debt"."""
    return any(other[1] <= span[0] and _OF_BETWEEN.fullmatch(text[other[1]:span[0]]) for other in spans)


_PART_ASKED = re.compile(r"\bhow (?:much|many) of\b", re.IGNORECASE)
_OF_BETWEEN = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+)?", re.IGNORECASE)


def _respective(c: Candidate, turn: Turn, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The figure paired with what the question names in "A and B ... fell 1.5 pct and 4.9 pct, respectively": the
    k-th of the figures listed before "respectively" for the k-th of the things listed before them. None when the
    sentence pairs nothing, or the question names none of the things."""
    end = _RESPECTIVELY.search(c.text)
    if not end or len(spans) < 2:
        return None
    group = [s for s in spans if s[1] <= end.start()][-1:]
    for s in reversed([s for s in spans if s[1] <= end.start()][:-1]):
        if not _LIST_JOIN.fullmatch(c.text[s[1]:group[0][0]]):
            break
        group.insert(0, s)
    if len(group) < 2:
        return None
    chunks = _LIST_SPLIT.split(c.text[: group[0][0]])
    named = [n.lower() for n in turn.entities] or [w.lower() for w in focus_words(turn.asked)]
    hit = next((i for i, chunk in enumerate(chunks) if any(n in chunk.lower() for n in named)), None)
    if hit is None:
        return None
    # the list's last item is the first piece from the asked one on that goes on past a name ("... were among")
    last = next((i for i in range(hit, len(chunks)) if _goes_on(chunks[i], named)), None)
    index = len(group) - 1 - (last - hit) if last is not None else None
    return group[index] if index is not None and 0 <= index < len(group) else None


def _goes_on(chunk: str, named: list[str]) -> bool:
    """A piece of a list that holds more than its item: a lower-case word besides the names the question gives
    ("Dayton Hudson Corp <DH> were among the weaker performers"), not a name alone ("J.C. Penney Co Inc <JCP>")."""
    rest = re.sub(r"<[^>]*>", " ", chunk)
    for name in named:
        rest = re.sub(re.escape(name), " ", rest, flags=re.IGNORECASE)
    return any(w not in stopwords() for w in re.findall(r"\b[a-z]{3,}\b", rest))


_RESPECTIVELY = re.compile(r",?\s+respectively\b", re.IGNORECASE)
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)\s*", re.IGNORECASE)
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+", re.IGNORECASE)


def _of_the_asked_time(c: Candidate, turn: Turn) -> list[tuple[int, int]]:
    """The spans a year or month the question asks is written for, when the sentence writes other times for its other
    spans ("to 9.8 billion ringgit this year from 14.5 billion in 1986" for 1986, "3.0 pct in January ... 2.9 pct in
    December" for December). All spans when none or all fit."""
    asked = [t for t in asked_times(turn.asked) if t.year or t.month]
    if not asked or len(c.spans) < 2:
        return c.spans
    named = [m for m in time_mentions(c.text, c.passage.date) if not any(a <= m[0] < b for a, b in c.spans)]
    fits = {}
    for span in c.spans:
        time = _time_of(c.text, span, named, c.spans)
        if time is not None:
            fits[span] = any(fits_time(time, t, c.passage.date) for t in asked)
    if True not in fits.values() or False not in fits.values():
        return c.spans
    return [s for s in c.spans if fits.get(s, True)]


def figures_of_other_times(c: Candidate, asked: list) -> bool:
    """Every figure of the sentence is written for a time other than the asked one, though the sentence names the
    asked time too: "The target this year is seven pct, down from an actual 9.2 pct last year" gives nothing for
    a target asked for last year... nor "exports were 5 mln tonnes in 1986" for 1987 beside "the 1987 season"."""
    asked = [t for t in asked if t.year or t.month]
    if not asked or not c.spans:
        return False
    named = [m for m in time_mentions(c.text, c.passage.date) if not any(a <= m[0] < b for a, b in c.spans)]
    if not named:
        return False
    for span in c.spans:
        time = _time_of(c.text, span, named, c.spans)
        if time is None or any(_fits(time, t, c.passage.date) for t in asked):
            return False
    return True


def _fits(time, asked, document_date: str | None) -> bool:
    """`fits_time`, and a month written without its year is in the asked year when the document is of that year
    ("between January and February 24" in a 1987 story, for 1987)."""
    if fits_time(time, asked, document_date):
        return True
    return bool(time.month and not time.year and asked.year and not asked.month and document_date
                and document_date[:4] == str(asked.year))


def _time_of(text: str, span: tuple[int, int], named: list, spans: list[tuple[int, int]]):
    """The time written for a figure: a month's possessive right before it ("January's 175.84 billion"), else the
    first time after it within a few words and before the next figure ("3.0 pct in January", "14.5 billion in
    1986"), else the nearest time the sentence names; None when it names none."""
    before = [m for m in named if 0 <= span[0] - m[1] <= 3 and text[m[1]:span[0]].startswith(("'s", "’s"))]
    if before:
        return before[-1][2]
    own = [m for m in named if text[m[1]:m[1] + 2] not in ("'s", "’s")]  # "January's" is the next figure's
    following = min((a for a, _b in spans if a >= span[1]), default=len(text))
    for start, _end, time in own:
        if span[1] <= start < min(span[1] + _TIME_REACH, following):
            return time
    if not own:
        return None
    return min(own, key=lambda m: max(m[0] - span[1], span[0] - m[1], 0))[2]  # else the nearest


_TIME_REACH = 30  # characters after a figure in which the time written for it stands


def _base_figure(c: Candidate, turn: Turn) -> tuple[int, int] | None:
    """The figure compared with, when the year asked is only the comparison's ("61 pct" in "to 35 pct at the end of
    1986 from 61 pct" for 1985), else None."""
    asked = {t.year for t in asked_times(turn.asked) if t.year}
    named = years_in(c.text, c.passage.date)
    if not asked or asked & named or not asked & base_years(c.text, named, months_in(c.text, c.passage.date),
                                                             c.passage.date):
        return None
    compared = BARE_BASE.search(c.text) or RELATIVE_BASE.search(c.text)
    return next((s for s in c.spans if s[0] >= compared.start()), None) if compared else None


def lead_value(c: Candidate, turn: Turn) -> str:
    """The answer span the answer leads with; a name as the document gives it in full ("Louw de Graaf")."""
    value = flat(c.text[slice(*closest_span(c, turn))])
    return full_name(value, c.passage.text) if turn.answer_type in ("person", "name") else value


_PARTICLES = r"(?:de|van|von|der|den|da|di|du|la|le|al|bin|ibn|del|dos)"


def full_name(name: str, text: str) -> str:
    """The longest form of `name` in `text` ending with its last word: "Spiller" -> "Robert J. Spiller"."""
    last = name.split()[-1] if name.split() else name
    if not last[:1].isupper():
        return name
    # (over a wrapped line, not over a blank one: "... THROUGH ROUEN FALL\n\nFrench cereal" gives no "ROUEN FALL French")
    forms = []
    for m in _name_ending(last).finditer(text):
        words = m.group(0).split()
        ends = [i for i, w in enumerate(words[:-1]) if _SENTENCE_END.search(w)]
        if ends:  # "... in Hyrule. After Link" -> "After Link": a name does not run across a sentence's end
            words = words[ends[-1] + 1:]
        words = without_owner(" ".join(words)).split()  # "Orange Free State's Maize Triangle": no owner in the name
        while len(words) > 1 and (words[0].lower().strip(".") in _NOT_NAMES or not words[0][:1].isupper()
                                  or words[0].lower() in stopwords() or is_opener(words[0])):
            words.pop(0)  # "Secretary Scott Bessent" -> "Scott Bessent", "After Link" -> "Link"
        forms.append(" ".join(words))
    longest = max(forms, key=len, default="")
    return flat(longest) if len(longest) > len(name) and longest.lower().endswith(name.lower().split()[-1].lower()) \
        and all(w.lower() in longest.lower() for w in name.split()) else name


@functools.lru_cache(maxsize=4096)
def _name_ending(last: str) -> re.Pattern:
    """Up to two capitalised words (or particles) before `last`, compiled once per word."""
    return re.compile(rf"(?<![\w.])((?:[A-Z][\w'’.-]*{NAME_GAP}|{_PARTICLES}{NAME_GAP}){{1,2}}){re.escape(last)}\b")


# A word closing a sentence: a full stop after two letters or more, not an initial ("J.") or a title ("Mr.", "Dr.").
_SENTENCE_END = re.compile(r"^(?!(?:mr|mrs|ms|dr|st|jr|sr|gen|sen|rep|gov|lt|col|capt|prof|rev)\.$)[^.]*\w{2}\.$",
                           re.IGNORECASE)
_NOT_NAMES = {"the", "a", "an", "minister", "secretary", "president", "chairman", "director", "said", "says", "mr",
              "mrs", "ms", "dr", "affairs", "treasurer", "governor", "chief", "officer", "when", "but", "and", "as"}


def with_prefixes(words: list[str]) -> set[str]:
    """Stemmed words plus their first six letters, so that "produce" finds "production" (stems "produc" and
    "product") where the stemmer leaves two forms of one word apart."""
    return set(words) | {"~" + w[:_PREFIX] for w in words if len(w) >= _PREFIX}


def has_term(words: set[str], term: str) -> bool:
    """The term, or a form of it sharing its first six letters, is among `words` (made by `with_prefixes`)."""
    return term in words or (len(term) >= _PREFIX and "~" + term[:_PREFIX] in words)


_PREFIX = 6


def word_positions(c: Candidate, own: set[str]) -> list[int]:
    """Where the question's own words stand in the sentence (character offsets), forms of one word included."""
    wanted = with_prefixes(sorted(own))
    return [start for start, found in _word_terms(c.text) if any(has_term(wanted, t) for t in found)]


@functools.lru_cache(maxsize=20_000)
def _word_terms(sentence: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """Each word's offset and search terms, read once per sentence: the same sentences come back for every
    question that retrieves their passage, and each is asked for several sets of words."""
    return tuple((m.start(), tuple(terms(m.group()))) for m in re.finditer(r"\w+", sentence))
