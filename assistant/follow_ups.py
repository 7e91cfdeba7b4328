"""Conversations: turn a follow-up question and its history into a question that stands alone.

Without an LLM, the rewrite is lexical and says what it did:
- Ellipsis ("And in December?", "And Unocal Norge's?", "What about South Korea?", "And its trade surplus?",
  "And a year before that?") takes the earlier question and puts the new name, time or phrase in place of the
  old one: "What share does Unocal Norge hold?". What it put aside stops counting for the answer.
- A pronoun ("When will he meet Bessent?") is replaced by what it refers to: the name the earlier answer
  gave (the caller may pass a `recall` function that answers the earlier question), else the last name
  the conversation used. The answer then starts "Taking 'he' as Akazawa: ...".
The earlier questions' words still go to retrieval, weighted below the question's own.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from assistant.evidence import MONTH_NAMES, asked_times, is_country, is_place
from assistant.questions import (QUARTER_NUMBERS, TIME_EXPRESSION, answer_type, entities, focus_words, has_question_word, is_follow_up,
                                 is_organization, name_after_title, names_person)
from assistant.text import stem, stopwords

_ELLIPSIS_START = re.compile(r"^\s*(?:and|also|but|so|then)?\s*(?:what|how)\s+about\b|^\s*(?:and|also|but)\b",
                             re.IGNORECASE)
# An ellipsis that names its own thing, owned by the earlier subject: "its recent purchases of rapeseed"
_OWN_PHRASE = re.compile(r"(?:its|their|his|her)\s+(?:\S+\s+){3,}\S", re.IGNORECASE)
_PERSON_PRONOUN = re.compile(r"\b(he|him|his|she|her|hers)\b", re.IGNORECASE)
_THING_PRONOUN = re.compile(r"\b(it|its|their|theirs|they|them|the company|the country|the firm|the bank)\b",
                            re.IGNORECASE)
_FILLER = re.compile(r"^\s*(?:and|also|but|so|then)\s+(?:(?:what|how)\s+about\s+)?|^\s*(?:what|how)\s+about\s+|\?+\s*$|"
                     r"\s+(?:then|too|instead|alone|(?:(?:in|over|for|during)\s+)?(?:that|the\s+same)\s+(?:year|month|quarter|period))"
                     r"\s*\?*\s*$",
                     re.IGNORECASE)
_SAME_OF_ANOTHER_TIME = re.compile(r"^\W*(?:and\s+)?(?:what|how\s+much|how\s+many)\s+(?:was|were|is|are|will|would)\s+"
                                   r"(?:it|they|that)\s+(?:be\s+)?((?:in|for|during|by)\s+[^?]+|"
                                   r"(?:a|the|one)\s+(?:\w+\s+)?(?:year|season|quarter|month|week)\s+(?:before|earlier|later|"
                                   r"after)(?:\s+that)?|the\s+(?:previous|preceding|prior|following|next)\s+(?:\w+\s+)?"
                                   r"(?:year|season|quarter|month|week))\??\s*$", re.IGNORECASE)
# "And a year before that?", "What about the previous year?": the year before the one the earlier question asked.
_A_YEAR_BEFORE = r"(?:(?:in|for)\s+)?(?:a|the|one)\s+(?:fiscal\s+|crop\s+)?(?:year|season)\s+(?:before|earlier)"
_PREVIOUS_YEAR = r"(?:(?:in|for)\s+)?the\s+(?:previous|preceding|prior{})\s+(?:fiscal\s+|crop\s+)?(?:year|season)"
_YEAR_BEFORE = re.compile(rf"^{_A_YEAR_BEFORE}(?:\s+that)?$|^{_PREVIOUS_YEAR.format('|last')}$", re.IGNORECASE)
# "And for the following year?", "And a year later?": the year after the one the earlier question asked
_YEAR_AFTER = re.compile(r"^(?:(?:in|for)\s+)?(?:the\s+(?:following|next|subsequent)\s+(?:fiscal\s+|crop\s+)?(?:year|season)|"
                         r"(?:a|the|one)\s+(?:year|season)\s+(?:later|after)(?:\s+that)?)$", re.IGNORECASE)
# "And in the quarter before that?", "What about the previous week?", "And a month later?": the earlier question's
# quarter, month or week moved by one
_PERIOD_BEFORE = re.compile(r"^(?:(?:in|for|during)\s+)?(?:(?:a|the|one)\s+(quarter|month|week)\s+(?:before|earlier)"
                            r"(?:\s+that)?|the\s+(?:previous|preceding|prior)\s+(quarter|month|week))$", re.IGNORECASE)
_PERIOD_AFTER = re.compile(r"^(?:(?:in|for|during)\s+)?(?:(?:a|the|one)\s+(quarter|month|week)\s+(?:later|after)"
                           r"(?:\s+that)?|the\s+(?:following|next|subsequent)\s+(quarter|month|week))$", re.IGNORECASE)
# "And in the whole of that year?", "And for the full year?": the year whose part the earlier question asked
# (the filler has taken a closing "that year" off: "in the whole of")
_WHOLE_YEAR = re.compile(r"^(?:(?:in|for|during|over)\s+)?(?:the\s+)?(?:whole|full|entire)(?:\s+of)?(?:\s+(?:that|the))?"
                         r"(?:\s+year)?(?:\s+as\s+a\s+whole)?$|^(?:(?:in|for|over)\s+)?(?:that|the)\s+year\s+as\s+a\s+whole$",
                         re.IGNORECASE)
_ORDINALS = ("first", "second", "third", "fourth")
_QUARTER_ASKED = re.compile(r"\b(first|second|third|fourth|final|1st|2nd|3rd|4th)([\s-]+quarter)"
                            r"(?:(\s+of\s+|,?\s+)((?:19|20)\d\d))?", re.IGNORECASE)
_PART_OF_YEAR = re.compile(r"(?:\b(?:in|for|during|over)\s+)?(?:(?:the|its)\s+)?(?:(?:first|second|third|fourth|final|1st|2nd|3rd|"
                           r"4th)[\s-]+(?:quarter|half)|first\s+\w+\s+months)(?:\s+of|,)?\s+((?:19|20)\d\d)\b",
                           re.IGNORECASE)
_MONTH_ASKED = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
                          r"(?:\s+(\d{1,2})\b)?(?:,?\s+((?:19|20)\d\d))?")
# ... closing a question of its own: "And how much was crushed the year before?"
_YEAR_BEFORE_END = re.compile(rf"\s+(?:{_A_YEAR_BEFORE}|{_PREVIOUS_YEAR.format('')})(?=\s*\?*\s*$)", re.IGNORECASE)
_COMPARED_WITH = re.compile(r"\b(?:from|than|over|against|with|versus|vs)$", re.IGNORECASE)
# A time the earlier question gives relative to its report: "for the coming year", "this year"
_RELATIVE_TIME = re.compile(r"\b(?:(?:in|for|during|over)\s+)?(?:the\s+)?(?:coming|next|current|this|last|past)\s+"
                            r"(?:year|month|quarter|season)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b((?:1[89]|20)\d\d)(?:/((?:1[89]|20)?\d\d))?\b")
# "How much of it did PASAR export?": a part of the quantity asked before, not a name.
_PARTITIVE = re.compile(r"\b(?:of|from)\s+(?:it|that|this|them|those)\b", re.IGNORECASE)
# "that day", "the same month", a closing "then": the time the earlier question asked ("... on April 8, 1987?", "And
# what was the total so far that day?"), not a time shifted from it ("the same month a year earlier")
_THAT_TIME = re.compile(r"\b(?:(?:in|on|during|for|over|at|by)\s+)?(?:that|the\s+same)\s+(?:day|week|month|quarter|year)\b"
                        r"(?!\s+(?:a\s+year\s+)?(?:earlier|before|ago|later|last))|\bthen(?=\s*\?*\s*$)", re.IGNORECASE)
# "the day before", "the previous session": the day before the one the earlier question asked
_DAY_BEFORE = re.compile(r"\b(?:on\s+)?(?:the\s+(?:day|session)\s+before|the\s+(?:previous|preceding|prior)\s+(?:day|session)|"
                         r"a\s+day\s+(?:earlier|before))\b", re.IGNORECASE)
# An owner's possessive, before what it owns ("Wainoco Oil's proposed offering"), not a name's last word ("according to
# Standard and Poor's in March 1987")
_OWNS = r"['’]s\s+(?!(?:in|on|at|of|for|to|by|from|with|and|or|as|the|a|an)\b)\w"
# A source a question cites for its facts: "according to the USDA", "as reported by MEES".
_CITED = re.compile(r"\b(?:according\s+to|reported\s+by|quoted\s+by|cited\s+by)\s+(?:the\s+)?"
                    r"((?:[A-Z][\w.&'’-]*\s*)+)")
# "And against the mark?" after "... finish against the yen in New York ...": the same preposition's phrase replaced.
_PREPOSITIONS = r"against|versus|for|to|from|with|into|on|at|by|among|over|under|per|in"
_PREPOSITION_START = re.compile(rf"^(?:{_PREPOSITIONS})\s", re.IGNORECASE)
_PHRASE_END = rf"(?=\s+(?:{_PREPOSITIONS}|ahead|after|before|since|and|or|when|while|if|than)\b|\s*[?,;:]|\s*$)"
_DETERMINER = re.compile(r"^(?:(?:for|to|at|on|of|from|with|by|among)\s+)?(?:(?:the|its|their|his|her|our|a|an)\s+)*",
                         re.IGNORECASE)


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
    notes: list[str] = field(default_factory=list)  # how the question was read, for the answer's notes (a spelling)
    asked: str = ""  # the question as it stands alone (the rewrite of a follow-up); "" when the same as `question`
    # What an ellipsis put aside and what it put in its place, as word stems ("And the world group's?" after a
    # question on the domestic group: {"domest"} and {"world"}). A sentence with the first and none of the second
    # answers the earlier question, not this one.
    put_aside: frozenset[str] = frozenset()
    put_in: frozenset[str] = frozenset()
    # A follow-up that replaced the earlier subject ("And M-2?") or asks a question of its own about it ("And what
    # is its conversion price?") asks for another value than the earlier answer gave; one that only narrows the
    # earlier question ("And the EU?" after "When will the steel consultations be held?") may get the same.
    asks_another: bool = False
    follows: bool = False  # continues the earlier question (any follow-up): the conversation stays on its story
    # The value the earlier question's answer led with ("430 mln dlrs"), lower-cased, when `asks_another`: no
    # answer to this question; and the document that answer quoted, where a follow-up's answer is looked for first
    # ("And in Chile?" after Zambia's mining cost: the article compares both). Set by the caller that can answer
    # the earlier question.
    earlier_value: str = ""
    earlier_document: str = ""

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
    # The earlier question as it stood alone ("And in 1985-1986?" after a question on Burma's paddy).
    previous = condense(history[-1], history[:-1]).asked if len(history) > 1 and _is_ellipsis(history[-1]) \
        else history[-1]
    asked, resolved, replaced = question, "", ""
    same_of_time = _SAME_OF_ANOTHER_TIME.match(question)
    if same_of_time:  # "And what was it in 1985/86?": the earlier question's quantity, asked of another time
        asked, replaced = _substitute(previous, f"And {same_of_time.group(1)}")
    elif _is_ellipsis(question) and not _OWN_PHRASE.match(_FILLER.sub("", question)):
        asked, replaced = _substitute(previous, question)
    else:  # (a phrase of its own, "What about its recent purchases of Polish rapeseed?", keeps its words)
        asked, resolved = _resolve_pronoun(question, history, recall)
    asked = _at_earlier_time(asked, previous)
    asked_type = answer_type(previous) if _is_ellipsis(question) and not replaced and not same_of_time \
        else answer_type(asked)  # ("What about its purchases?" asks what the earlier question asked: an amount)
    if asked_type == "fact" and not has_question_word(question):
        asked_type = answer_type(previous)
    own = entities(asked)
    context = " ".join(reversed(history))  # the latest first; the answerer weighs these words below its own
    put_aside = put_in = frozenset()
    if replaced:  # "And Brazil?" replaced the earlier subject: it must not be rewarded
        context = context.replace(replaced, " ")
        # (what the fragment names, though the earlier question named it too: "And Japan?" after a question citing
        # Japan's minister on the United States)
        # (a year moved by words, "And in the previous year?", puts no word in: the time evidence reads the year)
        # (nor does a month or week moved by words: "And the previous week?" is read by the time evidence)
        put_in = frozenset() if _MONTH_ASKED.fullmatch(replaced) or (
            _PART_OF_YEAR.fullmatch(replaced) and not re.search(r"\b(?:quarter|half|months|period)\b", asked)) \
            else content_stems(asked) - content_stems(previous) or (
            frozenset() if _YEAR.fullmatch(replaced) else content_stems(question) - content_stems(replaced))
        figures = _FIGURE_PHRASE.search(question)
        if figures and _FIGURE_PHRASE.fullmatch(replaced):  # "350-360 day": the sentence must give those figures
            put_in = frozenset(re.findall(r"\d[\d.,/]*\d|\d", figures.group()))
        put_aside = content_stems(replaced) - content_stems(asked)
    elif _is_ellipsis(question) and _has_pronoun(previous):
        # "And Unocal Norge's?" filled in the pronoun of "What share does it hold?"
        put_in = content_stems(re.sub(r"['’]s\b", "", question)) - content_stems(previous)
    return Turn(question, f"{asked} {context}", asked_type, own, context=context, history=history, resolved=resolved,
                asked=asked, put_aside=put_aside if put_in else frozenset(), put_in=put_in,
                asks_another=bool(replaced) or not _is_ellipsis(question), follows=True)


def content_stems(text: str) -> frozenset[str]:
    """The stems of a text's content words (no numbers: a year put aside is weighed by the time evidence). A name
    with a number in it ("M-1", "G-7", "A330") is one word, kept whole: "And M-2?" puts M-1 aside."""
    return frozenset(w if _NAMED_NUMBER.search(w) else stem(w)
                     for w in re.findall(r"[a-z][a-z-]*(?:\d+[a-z]*)?", text.lower()) if w not in stopwords())


_NAMED_NUMBER = re.compile(r"\d")


def _is_ellipsis(question: str) -> bool:
    """"And in 1984?", "What about Brazil's?": no question of its own, it continues the earlier one."""
    words = re.findall(r"\w+", question)
    return bool(_ELLIPSIS_START.match(question)) and (not has_question_word(_FILLER.sub("", question))
                                                      or len(words) <= 4) or len(words) <= 3


def _at_earlier_time(asked: str, previous: str) -> str:
    """The question with "that day" ("then", "the same year") replaced by the time the earlier question asked, and
    "the day before" by the day before it, so that a sentence of another day speaks of another time, as it would had
    the question named the day itself."""
    earlier = asked_times(previous)
    if asked_times(asked) or not earlier:
        return asked
    years = list(_YEAR.finditer(previous))
    year_before = _YEAR_BEFORE_END.search(asked)
    if year_before and years and not _COMPARED_WITH.search(asked[:year_before.start()]):
        # "And how much was crushed the year before?" after "... crush in 1986?": in 1985 (not "up from the year before")
        return f"{asked[:year_before.start()]} in {_shift_year(years[-1], -1)}{asked[year_before.end():]}"
    before = _DAY_BEFORE.search(asked)
    days = [t for t in earlier if t.year and t.month and t.day]
    if before and len(days) == 1:
        try:
            day = datetime.date(days[0].year, days[0].month, days[0].day) - datetime.timedelta(days=1)
        except ValueError:
            return asked
        return f"{asked[:before.start()]}on {day:%B} {day.day}, {day.year}{asked[before.end():]}"
    that = _THAT_TIME.search(asked)
    if not that:
        return asked
    when = _time_phrase(previous, list(TIME_EXPRESSION.finditer(previous)))
    return f"{asked[:that.start()]}in {when}{asked[that.end():]}" if when else asked


def _time_phrase(text: str, times: list[re.Match]) -> str:
    """The times a text names as one phrase: a range whole ("January-September", "1985 to 1986"), else each."""
    if not times:
        return ""
    gaps = [text[a.end():b.start()] for a, b in zip(times, times[1:])]
    if all(re.fullmatch(r"\s*(?:-|/|to|and)\s*", g) for g in gaps):
        return text[times[0].start():times[-1].end()]
    return " ".join(m.group() for m in times)


def _substitute(previous: str, follow_up: str) -> tuple[str, str]:
    """The earlier question with the follow-up's time, name or phrase put in place of its own, and what it replaced."""
    fragment = _FILLER.sub("", follow_up).strip(" ?")
    how = re.match(r"(how\s+(?:much|many))\s+(?=\w)", fragment, re.IGNORECASE)
    if how and re.match(rf"\s*(?:and\s+)?{how.group(1)}\b", previous, re.IGNORECASE):
        fragment = fragment[how.end():]  # "And how much barley?" after "How much wheat ...?": barley for wheat
    rewritten, replaced = previous, ""
    year = list(_YEAR.finditer(previous))
    step = -1 if _YEAR_BEFORE.match(fragment) else 1 if _YEAR_AFTER.match(fragment) else 0
    if step and year:  # "And the previous year?", "And for the following year?"
        return previous[: year[-1].start()] + _shift_year(year[-1], step) + previous[year[-1].end():], year[-1].group()
    period = _PERIOD_BEFORE.match(fragment) or _PERIOD_AFTER.match(fragment)
    moved = period and _shift_period(previous, (period.group(1) or period.group(2)).lower(),
                                     -1 if period.re is _PERIOD_BEFORE else 1)
    if moved:
        return moved
    whole = _PART_OF_YEAR.search(previous) if _WHOLE_YEAR.match(fragment) else None
    if whole:  # "... in the first quarter of 1986?", then "And in the whole of that year?": in 1986
        return previous[:whole.start()] + f"in {whole.group(1)}" + previous[whole.end():], whole.group()
    times = list(TIME_EXPRESSION.finditer(fragment))
    if times and asked_times(fragment):
        new_time = _time_phrase(fragment, times)
        old = list(TIME_EXPRESSION.finditer(previous))
        relative = _RELATIVE_TIME.search(previous)
        if old:  # "January-September": the whole range, which "And for September alone?" narrows
            start = old[-2].start() if len(old) > 1 and previous[old[-2].end():old[-1].start()] == "-" else old[-1].start()
            rewritten = rewritten[:start] + new_time + rewritten[old[-1].end():]
        elif relative:  # "... predict for the coming year?", then "And what was it in calendar 1986?"
            rewritten = f"{previous[:relative.start()]}in {new_time}{previous[relative.end():]}"
        else:
            rewritten = f"{rewritten.rstrip(' ?')} in {new_time}?"
    names = entities(TIME_EXPRESSION.sub(" ", fragment))
    if _SCOPE.fullmatch(fragment):
        earlier = _SCOPE.search(previous)  # "And abroad?" after "... invest at home ...?": one scope for the other
        # "And worldwide?" after a question on the Gulf of Mexico: the place widened to the whole
        place = earlier.group() if earlier else _place_phrase(previous) if _WIDE_SCOPE.fullmatch(fragment) else ""
        if place:
            return previous.replace(place, fragment, 1), place
        return f"{previous.rstrip(' ?')} {fragment}?", ""
    if names and all(re.fullmatch(r"[\d.,]+", n) for n in names):
        # "And on its 350-360 day notes?" after "... its 124-150 day discount notes?": figures that say which of a
        # kind are asked, in place of the earlier figures before the same word; they name no one
        return _other_figures(previous, fragment) or _swap_focus(previous, fragment)
    if names:
        new_name = fragment if len(names) == 1 and len(fragment.split()) <= 5 else names[-1]
        if new_name != names[-1] and _restates(fragment, names[-1], previous):
            new_name = names[-1]  # "Argentina's crop for that season" after a question on Brazil's crop: Argentina
        new_name = re.sub(r"^(?:(?:in|for|of|on|at|to|from|with|by)\s+)?(?:the\s+)?", "", new_name)
        new_name = new_name.removesuffix("'s").removesuffix("’s")  # "And Qatar's?": Qatar, for Iraq in "Iraq's quota"
        old_names = [n for n in entities(previous) if not re.fullmatch(r"[\d.,]+", n)]
        # a place for a place ("What about Ghana?" after "... did Senegal receive"), else the subject, usually
        # named first
        same_kind = [n for n in old_names if is_place(n) == is_place(names[-1])]
        if old_names:
            replaced = (same_kind or old_names)[0]
            rewritten = rewritten.replace(replaced, new_name, 1)
        elif _has_pronoun(rewritten):
            rewritten = _replace_pronoun(rewritten, new_name)
        else:
            rewritten = f"{rewritten.rstrip(' ?')} for {new_name}?"
    elif not times:
        rewritten, replaced = _swap_focus(previous, fragment)
    return rewritten, replaced


_FIGURE_PHRASE = re.compile(r"\b\d[\d.,/]*(?:\s*-\s*\d[\d.,/]*)?(?:-|\s+)([a-z]+)", re.IGNORECASE)


def _other_figures(previous: str, fragment: str) -> tuple[str, str] | None:
    """The earlier question with the fragment's figures put in place of its figures before the same word ("124-150
    day" -> "350-360 day"), and what they replaced; None when the earlier question has no such figures."""
    new = _FIGURE_PHRASE.search(fragment)
    if new is None:
        return None
    for old in _FIGURE_PHRASE.finditer(previous):
        if stem(old.group(1).lower()) == stem(new.group(1).lower()):
            return previous[:old.start()] + new.group() + previous[old.end():], old.group()
    return None


_SAME_AS_BEFORE = {"that", "same", "season", "period", "year", "time", "month", "week", "quarter"}


def _restates(fragment: str, name: str, previous: str) -> bool:
    """The fragment's words besides its name are the earlier question's, or point back to its time ("Argentina's
    crop for that season" after "... forecast for Brazil's 1986/87 soybean crop?"): only the name is new."""
    at = fragment.find(name)
    rest = fragment[:at] + " " + fragment[at + len(name):] if at >= 0 else fragment
    rest = re.sub(r"['’]s\b", " ", rest)
    words = content_stems(rest)
    return bool(words) and words <= content_stems(previous) | {stem(w) for w in _SAME_AS_BEFORE}


_WIDE_SCOPE = re.compile(r"(?:world-?wide|globally|internationally|nation-?wide|nationally)", re.IGNORECASE)
_SCOPE = re.compile(rf"\b(?:{_WIDE_SCOPE.pattern}|domestically|at home|abroad|overseas|elsewhere)\b", re.IGNORECASE)


def _place_phrase(question: str) -> str:
    """The earlier question's place as written ("Gulf of Mexico"): its one country, else its one name that is not
    the source it cites; "" when that is not clear."""
    cited = " ".join(m.group(1) for m in _CITED.finditer(question))
    names = [e for e in entities(question) if not re.fullmatch(r"[\d.,]+", e) and e not in cited]
    names = [e for e in names if is_place(e)] or names
    if len(names) != 1:
        return ""
    found = re.search(r"\s+(?:of\s+(?:the\s+)?)?".join(re.escape(w) for w in names[0].split()), question)
    return found.group() if found else ""


def _has_pronoun(text: str) -> bool:
    """The text refers back by a pronoun ("What share does it hold?")."""
    return bool(_THING_PRONOUN.search(text) or _PERSON_PRONOUN.search(text))


def _shift_year(year: re.Match, step: int) -> str:
    """The year `step` years on: "1986" -> "1985" for -1, "1986/87" -> "1987/88" for 1."""
    first = int(year.group(1)) + step
    return f"{first}/{str(first + 1)[-len(year.group(2)):]}" if year.group(2) else str(first)


def _shift_period(previous: str, unit: str, step: int) -> tuple[str, str] | None:
    """The earlier question with its quarter, month or week moved `step` on ("the final quarter of 1986" -> "the third
    quarter of 1986"; "in February 1987" -> "in January 1987"; "the week ended March 6" -> "the week ended February
    27"), and what it replaced; None when it names no such time."""
    if unit == "quarter":
        found = _QUARTER_ASKED.search(previous)
        if not found:
            return None
        ordinal = found.group(1).lower()
        number = 4 if ordinal == "final" else QUARTER_NUMBERS[ordinal]
        year = int(found.group(4)) if found.group(4) else None
        number += step
        if number in (0, 5):
            number = 4 if number == 0 else 1
            year = year + step if year else None
        text = f"{_ORDINALS[number - 1]}{found.group(2)}" + (f"{found.group(3)}{year}" if year else "")
        return previous[:found.start()] + text + previous[found.end():], found.group()
    months = list(_MONTH_ASKED.finditer(previous))
    if not months:
        return None
    found = months[-1]
    month = MONTH_NAMES.index(found.group(1).lower()) + 1
    year = int(found.group(3)) if found.group(3) else None
    if unit == "week":
        if not found.group(2):
            return None
        try:
            # (no year named: the weeks of a common year, a leap day only where it is named)
            base = year or (2000 if (month, found.group(2)) == (2, "29") else 2001)
            day = datetime.date(base, month, int(found.group(2))) + datetime.timedelta(days=7 * step)
        except ValueError:  # no such day ("February 30")
            return None
        text = f"{day:%B} {day.day}" + (f", {day.year}" if year else "")
    else:
        month += step
        if month in (0, 13):
            month = 12 if month == 0 else 1
            year = year + step if year else None
        text = MONTH_NAMES[month - 1].capitalize() + (f" {year}" if year else "")
    return previous[:found.start()] + text + previous[found.end():], found.group()


def _swap_focus(previous: str, fragment: str) -> tuple[str, str]:
    """"And its current account surplus?" after "What were Switzerland's net capital exports last year?": the new
    phrase in place of what the earlier question asked for ("net capital exports"), and the words it replaced.
    "And the world group's?" after "... domestic group net profit ...": only the word before the shared "group"."""
    if _PREPOSITION_START.match(fragment):
        preposition = fragment.split()[0].lower()
        same = list(re.finditer(rf"\b{preposition}\s+.+?{_PHRASE_END}", previous, re.IGNORECASE))
        if len(same) == 1:
            a, b = same[0].span()
            return previous[:a] + fragment + previous[b:], previous[a:b]
    phrase = _DETERMINER.sub("", fragment).strip()
    new = re.findall(r"[\w/.-]+", re.sub(r"(?:'s|’s)$", "", phrase))
    if not new or has_question_word(phrase):
        return f"{previous.rstrip(' ?')} {fragment}?", ""
    words = list(re.finditer(r"[\w/.-]+(?:'s|’s)?", previous))
    lower = [w.group().lower() for w in words]
    head = new[-1].lower()
    focus = focus_words(previous)
    if len(new) > 1 and head in lower:  # the same thing of another kind: replace the words before the head
        at = start = lower.index(head)
        while start > 0 and lower[start - 1] in focus:
            start -= 1
        if start == at:  # not what was asked about ("offer slaughter workers"): as many words as the new ones
            while start > max(0, at - (len(new) - 1)) and words[start - 1].group().islower() \
                    and lower[start - 1] not in stopwords():
                start -= 1
        if start < at:
            span = (words[start].start(), words[at - 1].end())
            return previous[:span[0]] + " ".join(new[:-1]) + previous[span[1]:], previous[span[0]:span[1]]
    at = [i for i, w in enumerate(lower) if w in focus]
    if not at or at[-1] - at[0] >= len(focus) + 1:
        return f"{previous.rstrip(' ?')} {fragment}?", ""
    kin = _kindred_word(new, [words[i] for i in range(at[0], at[-1] + 1)])
    if kin is not None:  # "What about sorghum?" after "... U.S. soybean export sales ...": sorghum export sales
        return previous[:kin.start()] + new[0] + previous[kin.end():], kin.group()
    span = (words[at[0]].start(), words[at[-1]].end())
    return previous[:span[0]] + " ".join(new) + previous[span[1]:], previous[span[0]:span[1]]


KINDRED = 0.15  # word-vector similarity over which, and by which over the rest, one word is the new one's kind


def _kindred_word(new: list[str], phrase: list[re.Match]) -> re.Match | None:
    """The one word of the earlier question's phrase that a single new word stands in for: the word of its kind
    ("soybean" for "sorghum"), when the phrase's other words ("export sales") are of no kind with it."""
    if len(new) != 1 or len(phrase) < 2:
        return None
    from assistant.word_vectors import word_vector

    asked = word_vector(new[0].lower())  # (unit vectors: their product is the cosine)
    if not asked.any():
        return None
    similar = [float(word_vector(match.group().lower()) @ asked) for match in phrase]
    order = np.argsort(similar)[::-1]
    best, runner_up = similar[order[0]], similar[order[1]]
    return phrase[order[0]] if best >= KINDRED and best - runner_up >= KINDRED else None


def _replace_pronoun(text: str, name: str) -> str:
    def swap(m: re.Match) -> str:
        word = m.group(1).lower()
        if word not in ("his", "her", "hers", "its", "their", "theirs"):
            return name
        return f"{name}'" if word in ("their", "theirs") and name.endswith("s") else f"{name}'s"  # "gasoline prices'"
    pattern = _PERSON_PRONOUN if _PERSON_PRONOUN.search(text) else _THING_PRONOUN
    return pattern.sub(swap, text, count=1)


# "it" as what rises or falls: a quantity, not a party
_QUANTITY_IT = re.compile(r"\bit\s+(?:\w+\s+)?(?:fall|fell|rise|rose|grow|grew|increase|decrease|decline|drop|climb|"
                          r"jump|slip|slide|shrink|expand|contract|widen|narrow|raise|cut|lower)(?:s|d|ed|n|en|ing)?\b",
                          re.IGNORECASE)  # ("can it be expanded")
_PASSIVE_IT = re.compile(r"\bit\s+(?:be|been|is|was|being|get|gets|got)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b", re.IGNORECASE)


_AUXILIARY_BEFORE = r"\b(?:did|does|do|was|were|is|are|has|have|had|will|would|can|could|should)\s+(?:the\s+)?"


def _describes(name: str, question: str) -> bool:
    """`name` is a people's name (a place's, not a country's own) used as an adjective in `question`."""
    return is_place(name) and not is_country(name) and bool(re.search(rf"\b{re.escape(name)}\s+[\w-]", question))


def _is_subject(name: str, question: str) -> bool:
    """`name` follows the question's auxiliary verb, as its subject does ("How much did Zambia export?"), and is no
    owner of the subject ("does Chile's confederation CTC represent": the subject is the CTC)."""
    return bool(re.search(_AUXILIARY_BEFORE + _DESCRIBED + re.escape(name) + r"\b(?!['’]s?\s)", question, re.IGNORECASE))


# The words that describe a subject before its name, after "the": "does the Singapore coffee trader Teck Hock owe"
# (no preposition among them: in "did the U.S. sell to Japan" Japan is no subject)
_DESCRIBED = r"(?:(?<=the )(?:(?!(?:to|from|in|into|of|for|with|by|on|at|than|as)\b)[\w.'’-]+\s+){1,4}?)?"


def _resolve_pronoun(question: str, history: list[str], recall: Recall | None) -> tuple[str, str]:
    """The question with its first pronoun replaced by its referent, and what was taken ("'he' as Akazawa")."""
    person = _PERSON_PRONOUN.search(question)
    thing = None if person else _THING_PRONOUN.search(question)
    match = person or thing
    if not match:
        return question, ""
    referent = ""
    if recall is not None:  # for "he", the latest question that asked who ("Who chairs ...?"), else the last one
        asked_who = [i for i, h in enumerate(history) if person and answer_type(h) == "person"]
        at = asked_who[-1] if asked_who else len(history) - 1
        referent = recall(history[at], history[:at])
    singular_thing = bool(thing) and thing.group(1).lower() in ("it", "its")
    if singular_thing and referent and names_person(referent):
        referent = ""  # "it" after an answer naming "Chancellor of the Exchequer Nigel Lawson" is the sterling asked of
    if not referent and person and answer_type(history[-1]) == "person":
        return question, ""  # "he" is whoever answered "Who chairs Caesars World?", not Caesars World itself
    if not referent and not _PARTITIVE.search(question):
        # the last name the latest question used (for "he"/"she", not a place; for "they"/"them", not a place
        # either: "What has Petrobras offered them?" after a question on Brazil's seamen). An older question's name
        # is no safer guess than leaving the pronoun to the borrowed words ("the central bank's forecast").
        plural = match.group(1).lower() in ("they", "them", "their", "theirs")
        names = [e for e in reversed(entities(history[-1]))
                 if not re.fullmatch(r"[\d.,]+", e) and not ((person or plural) and is_place(e))]
        if person:  # "he" is a titled person ("Trade Representative Clayton Yeutter"), not the committee he told
            titled = [person for e in names if (person := name_after_title(e))]
            names = titled or [e for e in names if not is_organization(e)]
        elif singular_thing:  # "it" is Colombia, not "finance minister Cesar Gaviria"
            names = [e for e in names if not names_person(e, history[-1])]
            # nor a people's name standing before what it describes ("Dutch seasonally adjusted M1 money supply"):
            # "it" is the M1, not "Dutch"
            names = [e for e in names if not _describes(e, history[-1])] or names
        # not the source the question cites ("... discounts Oman granted, as reported by MEES"): "it" is Oman
        cited = {m.group(1) for m in _CITED.finditer(history[-1])}
        names = [e for e in names if not any(e in c for c in cited)] or names
        if _PASSIVE_IT.search(question):  # "How often could it be reviewed?" after "the EC Commission's proposed
            # tax": what is done to "it" is the tax the owner's name stands before, not the owner (who may still be
            # the "it" that acts: "How much did it export?" after "Zambia's copper output")
            names = [e for e in names if not re.search(rf"{re.escape(e)}(?:\s+[A-Z][\w-]*)*['’]s\s+\w", history[-1])]
        if match.group(1).lower() in ("its", "it", "the company", "the country", "the firm", "the bank"):
            # whose thing, or who acts: the earlier question's subject, after its verb ("... quota was Uganda seeking at
            # the London talks?", "... did India want to buy from the United States?"), before a name that only
            # describes something ("the London talks") or that the subject acts on
            # (then, for "its", the owner the earlier question names: "Kuwait's OPEC crude production quota")
            owner = match.group(1).lower() == "its"
            names.sort(key=lambda e: (not _is_subject(e, history[-1]),
                                      not (owner and re.search(rf"{re.escape(e)}{_OWNS}", history[-1]))))
        if singular_thing and _QUANTITY_IT.search(question):
            names = []  # "And how much did it fall in 1986?" after "... West German chemical industry production": the
            # quantity asked before, which the earlier question's words carry, not a name in it
        referent = names[0] if names else ""
        if not referent and plural:  # "How far below their year-earlier level were they?" after "U.S. gasoline prices"
            focus = focus_words(history[-1])
            referent = " ".join(focus) if len(focus) > 1 and focus[-1].lower().endswith("s") else ""
    if not referent:
        return question, ""
    return _replace_pronoun(question, referent), f"'{match.group(1)}' as {referent}"
