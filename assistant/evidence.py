"""Does a passage speak of what the question names? Entities, numbers and times, read as evidence.

A literal word match is not enough on real documents: "Japanese" is Japan, "Moscow" may be the Soviet
Union, "seven pct" is 7 pct, and "last year" in an article dated 1987-03-02 is 1986. Each check here
knows those variants, and the time check knows the document's date, so a question about "January 1987"
is matched by an article dated 1987-02-10 that says "in January".
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant.answers import Passage
from assistant.questions import (GOVERNMENT_BODY_WORDS, QUARTER_NUMBERS, SCALES, asks_change, demonym_stem,
                                 name_after_title, reporting_period, without_owner)
from assistant.text import stopwords

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTH_NAMES)} | {"sept": 9}
# Months in full, abbreviated with a full stop ("Oct."), or abbreviated before a day as wire headlines and results
# tables write them ("YEAR OCT 31 LOSS", "Dec 31", "Mar 1987").
ABBREVIATED_MONTHS = r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
# ... or as one end of a span of months ("Jan/Sept", "Oct-Dec", "January/Sept").
_AFTER_A_MONTH = "|".join(r"(?<=\b" + m + r"[/-])" for m in (*MONTH_NAMES, *(m[:3] for m in MONTH_NAMES), "sept"))
_PAIRED_ABBREVIATION = (rf"{ABBREVIATED_MONTHS}(?=[/-](?:{'|'.join(MONTH_NAMES)}|{ABBREVIATED_MONTHS})\b)"
                        rf"|(?:{_AFTER_A_MONTH}){ABBREVIATED_MONTHS}\b")
_MONTH_RE = re.compile(r"\b(" + "|".join(MONTH_NAMES) + rf"|{ABBREVIATED_MONTHS}\.|{ABBREVIATED_MONTHS}(?=\s+(?:\d{{1,2}}|1[89]\d\d|20\d\d)\b)"
                       rf"|{_PAIRED_ABBREVIATION})(?![a-z])", re.IGNORECASE)  # (not "Mayer", "Augustine")
# (not an index's base year, "consumer prices (base 1976)", "1980=100": no time spoken of)
YEAR_RE = re.compile(r"(?<![\d,.])(?<![Bb]ase )(1[89]\d\d|20\d\d)(?:[/-](\d\d))?(?!\d|,\d)(?!\s*=\s*100\b)")
# (not the "a year" of a rate, "3.5 pct a year", "twice a year": only "a year ago", "a year earlier", "a year before")
_RELATIVE_YEAR = re.compile(r"\b(last|this|next|the previous|the current|the coming) (?:calendar |financial |fiscal |crop |marketing )?year\b|\byear[- ]ago\b|"
                            r"\ba year (?:earlier|before)\b", re.IGNORECASE)
_RELATIVE_MONTH = re.compile(r"\b(last|this|next) month\b", re.IGNORECASE)
# A sentence about what is to come: a month it names that the report has not reached is this year's, not last year's.
_LOOKS_AHEAD = re.compile(r"\b(?:will|would|shall|due|expected|expects?|scheduled|planned|plans?|next|forecasts?|"
                          r"projected|until|till|through|starting|beginning|effective|from\s+(?:january|february|"
                          r"march|april|may|june|july|august|september|october|november|december)\s+to)\b",
                          re.IGNORECASE)

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                 "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                 "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                 "hundred": 100, "half": 0.5, "dozen": 12}
NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)

# Countries as writers also name them: demonyms, initials, capitals used for governments. General world
# knowledge (not any document's content); regular demonyms ("Brazil" ~ "Brazilian") match by prefix anyway. A people
# named by a noun of its own counts too ("fellow Poles", "the Danes"; not "pole", as often a post).
_VARIANTS = {
    "united states": ["u.s.", "american", "america", "washington", "usa"],
    "soviet union": ["soviet", "ussr", "u.s.s.r.", "moscow", "russia", "russian"],
    "united kingdom": ["britain", "british", "u.k.", "uk", "london", "england", "english"],
    "britain": ["british", "u.k.", "uk", "london", "united kingdom", "england", "britons"],
    "netherlands": ["dutch", "holland", "the hague", "amsterdam"],
    "holland": ["dutch", "netherlands"],
    "switzerland": ["swiss", "berne", "bern"],
    "france": ["french", "paris"],
    "spain": ["spanish", "madrid", "spaniards"],
    "germany": ["german", "bonn", "berlin"],
    "west germany": ["west german", "bonn", "german"],
    "japan": ["japanese", "tokyo"],
    "china": ["chinese", "peking", "beijing"],
    "philippines": ["philippine", "filipino", "manila"],
    "norway": ["norwegian", "oslo"],
    "sweden": ["swedish", "stockholm", "swedes"],
    "denmark": ["danish", "copenhagen", "danes"],
    "finland": ["finnish", "helsinki", "finns"],
    "belgium": ["belgian", "brussels"],
    "greece": ["greek", "athens"],
    "turkey": ["turkish", "ankara", "turks"],
    "thailand": ["thai", "bangkok"],
    "portugal": ["portuguese", "lisbon"],
    "ireland": ["irish", "dublin"],
    "poland": ["polish", "warsaw", "poles"],
    "new zealand": ["n.z.", "nz", "wellington", "zealand"],
    "european community": ["ec", "e.c.", "european", "brussels", "community"],
    "european union": ["eu", "e.u.", "european", "brussels"],
    "saudi arabia": ["saudi", "riyadh"],
    "united arab emirates": ["uae", "u.a.e.", "emirates", "abu dhabi"],
    "south korea": ["korean", "seoul", "korea"],
    "kuwait": ["kuwaiti"],
    "iraq": ["iraqi", "baghdad"],
    "iran": ["iranian", "tehran"],
    "israel": ["israeli"],
    "pakistan": ["pakistani"],
    "bangladesh": ["bangladeshi"],
    "peru": ["peruvian", "lima"],
    # short names whose people are not named by a plain ending ("Italy" ~ "Italian")
    "italy": ["italian", "rome"],
    "egypt": ["egyptian", "cairo"],
    "ghana": ["ghanaian", "accra"],
    "haiti": ["haitian"],
    "fiji": ["fijian"],
    "malta": ["maltese"],
    "congo": ["congolese"],
    "chad": ["chadian"],
    "laos": ["laotian"],
    "wales": ["welsh"],
    "scotland": ["scottish", "scots", "edinburgh"],
}


# Countries by their usual English names (world knowledge, not any document's content): telling one place
# from another lets "What rate does China face?" be refused from a sentence about Japan.
COUNTRIES = frozenset(name.strip() for name in """afghanistan, albania, algeria, angola, argentina, armenia, australia, austria, azerbaijan, bahrain,
bangladesh, belarus, belgium, bolivia, botswana, brazil, brunei, bulgaria, burma, cambodia, cameroon, canada, chad,
chile, china, colombia, congo, costa rica, croatia, cuba, cyprus, czechoslovakia, denmark, dominican republic,
ecuador, egypt, el salvador, estonia, ethiopia, fiji, finland, france, gabon, gambia, germany, west germany,
east germany, ghana, greece, guatemala, guinea, guyana, haiti, honduras, hong kong, hungary, iceland, india,
indonesia, iran, iraq, ireland, israel, italy, ivory coast, jamaica, japan, jordan, kampuchea, kazakhstan, kenya,
korea, kuwait, laos, latvia, lebanon, liberia, libya, lithuania, luxembourg, madagascar, malawi, malaysia, mali,
malta, mauritania, mauritius, mexico, mongolia, morocco, mozambique, namibia, nepal, netherlands, new zealand,
nicaragua, niger, nigeria, norway, oman, pakistan, panama, paraguay, peru, philippines, poland, portugal, qatar,
romania, russia, rwanda, saudi arabia, senegal, sierra leone, singapore, somalia, south africa, south korea,
north korea, soviet union, spain, sri lanka, sudan, suriname, sweden, switzerland, syria, taiwan, tanzania,
thailand, togo, trinidad, tunisia, turkey, uganda, ukraine, united arab emirates, united kingdom, united states,
uruguay, venezuela, vietnam, yemen, yugoslavia, zaire, zambia, zimbabwe, britain, england, scotland, wales""".split(","))


@dataclass(frozen=True)
class TimeRef:
    """A time a question asks about: a year, a month (1-12), or both; `bound`: the day bounds a period ("the year to
    December 28", "from May 1") rather than dating an event (compared or not, the time is the same)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    bound: bool = field(default=False, compare=False)
    decade: bool = field(default=False, compare=False)  # "the 1980s": any year from `year` to year + 9


@dataclass
class TimeEvidence:
    """What a sentence says of the asked times: stated, consistent with the document's date, or contradicted."""

    asked: bool = False
    stated: float = 0.0  # share of asked times the sentence states (relative dates resolved)
    dated: float = 0.0  # share consistent with the document's own date (a report of the month just past)
    conflict: float = 0.0  # the sentence states another time of the same kind and not the asked one


def relative_times(question: str, document_date: str | None) -> list[TimeRef]:
    """The year a question's "last year" / "this year" / "next year" means for a document of that date (1986 for
    "last year" in a report of 1987): staff ask of what a report calls last year."""
    dated = parse_date(document_date)
    if not dated:
        return []
    out = []
    for m in re.finditer(r"\b(last|this|next|the previous|the current|the coming) year\b", question, re.IGNORECASE):
        word = m.group(1).lower()
        out.append(TimeRef(dated[0] + (-1 if word in ("last", "the previous") else 1 if word in ("next", "the coming")
                                       else 0)))
    return out


def parse_date(value: str | None) -> tuple[int, int] | None:
    """(year, month) of an ISO date string, or None."""
    if not value or len(value) < 7 or not value[:4].isdigit():
        return None
    try:
        return int(value[:4]), int(value[5:7])
    except ValueError:
        return None


_REPORT_LAG_DAYS = 7  # a day's event is reported within a week (wire copy: "yesterday", "on Tuesday")
_ANNOUNCED_DAYS = 31  # ... or announced up to a month before ("effective April 1" in a report of March 10)


def _day_reported(ref: TimeRef, document_date: str | None) -> bool:
    """Could a document of this date report the asked day when its sentence names none: dated within
    `_REPORT_LAG_DAYS` after it or `_ANNOUNCED_DAYS` before it? True when no day is asked or the document's full
    date is unknown."""
    if not ref.day or ref.bound:
        return True
    days = days_after(ref, document_date)
    return days is None or -_ANNOUNCED_DAYS <= days <= _REPORT_LAG_DAYS


def _is_date(ref: TimeRef, day: datetime.date) -> bool:
    """The asked day is that date (a day asked without its year: of any year)."""
    return (ref.month, ref.day) == (day.month, day.day) and ref.year in (None, day.year)


def days_after(ref: TimeRef, document_date: str | None) -> int | None:
    """How many days after the asked day the document is dated; None when no day is asked or the document's full
    date is unknown."""
    if not ref.day or not ref.month or not document_date or len(document_date) < 10:
        return None
    try:
        reported = datetime.date.fromisoformat(document_date[:10])
        return (reported - datetime.date(ref.year or reported.year, ref.month, ref.day)).days
    except ValueError:
        return None


_REPORT_LAG_MONTHS = 3  # a month's figures are reported in it or within the next three months


def reports_on(ref: TimeRef, document_date: str | None) -> bool | None:
    """Could a document of this date be the report of the asked month (or day): dated in that month or within
    `_REPORT_LAG_MONTHS` after it (a day: within `_REPORT_LAG_DAYS` after it, or `_ANNOUNCED_DAYS` before)?
    None when that cannot be told: no month asked, or the document undated."""
    dated = parse_date(document_date)
    if ref.month is None or dated is None or ref.bound:
        return None
    if ref.day:
        return _day_reported(ref, document_date)
    year = ref.year if ref.year is not None else dated[0] - (ref.month > dated[1])
    lag = (dated[0] - year) * 12 + dated[1] - ref.month
    return 0 <= lag <= _REPORT_LAG_MONTHS


# A day told from the document's own, as wire copy writes it: "this afternoon", "at today's tender" (0 days before
# the report), "yesterday" (1).
_TODAY = re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b", re.IGNORECASE)
_YESTERDAY = re.compile(r"\byesterday\b", re.IGNORECASE)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(rf"\b({'|'.join(_WEEKDAYS)})\b", re.IGNORECASE)
# the day of an event ("On Wednesday, 55 pct ..."), not another event's ("endorsed Monday's attack")
_ON_WEEKDAY = re.compile(rf"\bon\s+({'|'.join(_WEEKDAYS)})\b(?!['’])", re.IGNORECASE)
_WEEK_ENDED = re.compile(rf"\bweek\s+(?:ended|ending|to)\s+(?:last\s+)?({'|'.join(_WEEKDAYS)})\b", re.IGNORECASE)


def _report_day(document_date: str | None) -> datetime.date | None:
    """The report's full date, or None when it has none."""
    try:
        return datetime.date.fromisoformat((document_date or "")[:10])
    except ValueError:
        return None


@functools.lru_cache(maxsize=50_000)
def weekday_dates(sentence: str, document_date: str | None) -> frozenset[datetime.date]:
    """The dates a sentence's weekdays stand for in a report of that date: the wire's "on Thursday" is the one of
    the week around the report, the last one before it or the next one after (which, a sentence may not say)."""
    day, names = _report_day(document_date), {m.group(1).lower() for m in _WEEKDAY.finditer(sentence)}
    if day is None or not names:
        return frozenset()
    out = set()
    for name in names:
        ahead = (_WEEKDAYS.index(name) - day.weekday()) % 7
        out |= {day + datetime.timedelta(days=ahead), day - datetime.timedelta(days=(7 - ahead) % 7)}
    return frozenset(out)


def week_ended(sentence: str, document_date: str | None) -> datetime.date | None:
    """The day "the week ended Wednesday" ended, in a report of that date: the last such weekday on or before it."""
    day, named = _report_day(document_date), _WEEK_ENDED.search(sentence)
    if day is None or not named:
        return None
    return day - datetime.timedelta(days=(day.weekday() - _WEEKDAYS.index(named.group(1).lower())) % 7)


def _said_day(sentence: str) -> int | None:
    """How many days before the report the sentence's "today" or "yesterday" is; None when it says neither."""
    today, yesterday = _TODAY.search(sentence), _YESTERDAY.search(sentence)
    return None if bool(today) == bool(yesterday) else (0 if today else 1)


def _is_day_of(ref: TimeRef, document_date: str | None, before: int = 0) -> bool:
    """Is the day `before` days ahead of the document's date the asked day (or the day before it, across time
    zones)? True when that cannot be told."""
    days = days_after(ref, document_date)
    return days is None or 0 <= days - before <= 1


def month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if word in MONTH_NAMES:
        return MONTH_NAMES.index(word) + 1
    return _MONTH_ABBR.get(word)


def asked_times(question: str) -> list[TimeRef]:
    """The years and months a question names ("in January 1987", "in 1986", "1986/87" counts as 1986 and 1987).

    "rise in March from February", "in 1986 against 1985": the time after "from"/"than"/"against" is the base
    of a comparison, not the time asked about, unless the question names no other."""
    refs = _times_named(question)
    # ("from" introduces a base only in a question about a change: not in "for deliveries from April")
    change = asks_change(question)
    bases = {_first_time(question[m.end():]) for m in _COMPARISON_BASE.finditer(question)
             if change or not m.group().lower().startswith("from")}
    return [r for r in refs if r not in bases] or refs


_COMPARING = r"from|than|against|compared (?:with|to)|versus|vs\.?"  # words that introduce a comparison's base
_COMPARISON_BASE = re.compile(rf"\b(?:over|{_COMPARING})\s+(?:(?:in|the|end|of|-)\s+)*"
                              r"(?=(?:january|february|march|april|may|june|july|august|september|october|november"
                              r"|december|1[89]\d\d|20\d\d)\b)", re.IGNORECASE)
_ONE_TIME = re.compile(r"\S+(?:\s+\d{1,2}(?:st|nd|rd|th)?\b(?!,\d))?(?:,?\s+(?:1[89]\d\d|20\d\d))?")


def _first_time(text: str) -> TimeRef | None:
    """The time `text` starts with ("February", "March 2, 1987", "1985")."""
    first = _ONE_TIME.match(text)
    refs = _times_named(first.group(0)) if first else []
    return refs[0] if refs else None


_RANGE_YEAR = re.compile(rf"\s*(?:-|/|to|and|through)\s*(?:{'|'.join(MONTH_NAMES)})\.?(?:\s+\d{{1,2}})?,?\s+(1[89]\d\d|20\d\d)\b",
                         re.IGNORECASE)


_BOUND_BEFORE = re.compile(r"\b(?:to|ended|ending|ends|from|through|until|till|by|since|effective|starting|beginning|"
                          r"after|before)\s+(?:the\s+)?$", re.IGNORECASE)


def _times_named(text: str) -> list[TimeRef]:
    """Every year and month (with its day and year) the text names, in the order asked_times reports them."""
    refs: list[TimeRef] = []
    years = []
    decades = set()
    for m in YEAR_RE.finditer(text):
        years.append(int(m.group(1)))
        if not m.group(2) and m.group(1).endswith("0") and re.match(r"['’]?s\b", text[m.end():]):
            decades.add(int(m.group(1)))  # "the 1980s", "the 1990's"
        if m.group(2):
            years.append(int(m.group(1)[:2] + m.group(2)))
    for m in _named_months(text):
        rest = text[m.end():]
        day = re.match(r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!,\d)", rest)
        after = YEAR_RE.match(rest, day.end() if day else 0) if rest else None
        after = after or re.match(r",?\s+(1[89]\d\d|20\d\d)", rest[day.end() if day else 0:])
        after = after or _RANGE_YEAR.match(rest)  # "January-March 1986": the year of the range's end
        if not day:  # "13 November 2015", as encyclopedias and British writers put it
            day = re.search(r"(?<![\d,.])(\d{1,2})(?:st|nd|rd|th)?\s+$", text[:m.start()])
        refs.append(TimeRef(int(after.group(1)) if after else None, month_number(m.group(0)),
                            int(day.group(1)) if day else None, bool(_BOUND_BEFORE.search(text[:m.start()]))))
    paired = {r.year for r in refs if r.year}
    refs += [TimeRef(y, None, decade=y in decades) for y in years if y not in paired]
    return refs


@functools.lru_cache(maxsize=50_000)
def years_in(text: str, document_date: str | None) -> frozenset[int]:
    """Years a text speaks of: written ones, and relative ones ("last year") resolved against the document date."""
    found = {int(m.group(1)) for m in YEAR_RE.finditer(text)}
    found |= {second for _first, second in split_years(text)}  # "1986/87" speaks of 1987 too
    found |= {year for _m, year in _relative_years(text, document_date)}
    return frozenset(found)


def _relative_years(text: str, document_date: str | None) -> list[tuple[re.Match, int]]:
    """Each relative year the text names ("last year", "a year ago", "this year") with the year it is, read against
    the document date; none without one."""
    dated = parse_date(document_date)
    if not dated:
        return []
    out = []
    for m in _RELATIVE_YEAR.finditer(text):
        word = (m.group(1) or "").lower()
        year = dated[0] - 1 if word in ("last", "the previous", "a") or not word else \
            dated[0] + 1 if word == "next" else dated[0]
        out.append((m, year))
    return out


def _named_months(text: str) -> list[re.Match]:
    """The month names a text writes, not the verb "may"."""
    return [m for m in _MONTH_RE.finditer(text) if not (m.group(0).lower() == "may" and m.group(0)[0].islower())]


def time_mentions(text: str, document_date: str | None) -> list[tuple[int, int, TimeRef]]:
    """(start, end, time) of each year or month a text names: relative years ("this year", "a year ago") resolved
    against the document date as `years_in` reads them, "1986/87" standing for both its years, a month with the
    year written after it ("December 1986") or none."""
    found = []
    for m in YEAR_RE.finditer(text):
        found.append((m.start(), m.end(), TimeRef(int(m.group(1)))))
    for _first, second in split_years(text):
        at = text.find(f"/{str(second)[-2:]}")
        if at > 0:
            found.append((max(at - 4, 0), at + 3, TimeRef(second)))
    found += [(m.start(), m.end(), TimeRef(year)) for m, year in _relative_years(text, document_date)]
    for m in _named_months(text):
        year = YEAR_RE.match(text, m.end() + 1) if text[m.end():m.end() + 1] == " " else None
        found.append((m.start(), m.end(), TimeRef(int(year.group(1)) if year else None, month_number(m.group(0)))))
    return sorted(found, key=lambda f: (f[0], f[1]))


def fits_time(mention: TimeRef, asked: TimeRef, document_date: str | None) -> bool:
    """A time a text names is the asked one: the same month (and year, where both give one), or the same year; a
    year alone fits a month asked without a year only when it is the document's year."""
    if asked.month and mention.month:
        return mention.month == asked.month and (not asked.year or not mention.year or mention.year == asked.year)
    if asked.month:  # a year named for a month asked: "a year ago" is not "in April"
        dated = parse_date(document_date)
        return mention.year == (asked.year or (dated[0] if dated else mention.year))
    return bool(asked.year) and mention.year == asked.year


_COMPARED_YEAR = re.compile(rf"\b(?:{_COMPARING})\s+(?:[^\s;]+\s+){{0,5}}?"
                            r"(?:in|for|of|during)?\s*(1[89]\d\d|20\d\d)\b(?!\d|,\d)", re.IGNORECASE)


# A comparison's figure and its month: "compared with 51.3 mln lbs in December", "against three pct in January"
# (not "cut from a current 8.5 pct in June", when the cut comes; nor "defend against the actions ... for March 16")
_COMPARED_MONTH = re.compile(rf"\b(?:{_COMPARING})\s+(?:(?:a|an|the|revised|about|some)\s+)*(?:[\d][\d.,/-]*|one|two|three|"
                             r"four|five|six|seven|eight|nine|ten)\s+(?:[a-z.%]+\s+){0,2}?(?:in|for|during)\s+"
                             rf"({'|'.join(MONTH_NAMES)})\b", re.IGNORECASE)

# The wire's monthly report measures a month against the one before: "was up 0.4 pct, the same as in January", "rose
# 0.6 pct after falling 0.3 pct in January" (not "after the talks in June", which gives no figure of its own).
_PREVIOUS_MONTH = re.compile(r"\b(?:the\s+same\s+as|after\s+(?:(?:a|an|the|revised|rising|falling|declining|dropping|"
                             r"gaining|climbing|increasing|decreasing|slipping|being|by)\s+)*(?:[\d][\d.,/-]*|one|two|"
                             r"three|four|five|six|seven|eight|nine|ten)\s+(?:[a-z.%]+\s+){0,2}?)\s*(?:in|for|during)\s+"
                             rf"({'|'.join(MONTH_NAMES)})\b", re.IGNORECASE)


@functools.lru_cache(maxsize=50_000)
def comparison_months(text: str) -> frozenset[int]:
    """Months a text names only as the base of a comparison ("compared with 51.3 mln lbs in December" -> {12}, "the
    same as in January" -> {1}; not the February of "Production in February was 961,000 tonnes against 888,000 in
    February 1986")."""
    bases = list(_COMPARED_MONTH.finditer(text)) + list(_PREVIOUS_MONTH.finditer(text))
    rest = _PREVIOUS_MONTH.sub(" ", _COMPARED_MONTH.sub(" ", text))
    return frozenset(month_number(m.group(1)) for m in bases) - months_in(rest, None)


RELATIVE_BASE = re.compile(rf"\b(?:{_COMPARING})\s+(?:[^\s;]+\s+){{0,10}}?(?:in\s+|for\s+|during\s+)?"
                                r"(last year|a year ago|the previous year|the year before|a year earlier)\b", re.IGNORECASE)


def comparison_years(text: str, document_date: str | None = None) -> frozenset[int]:
    """Years a text names as the base of a comparison ("up from 2,400 in 1986", "compared with 4.1 pct in 1985"),
    and the ones it names relatively: "to 35 pct at the end of 1986 from 61 pct a year earlier" (the year before the
    one it names), and with the document's date "from 17.9 billion last year" (the year before the report's)."""
    return _comparison_bases(text, document_date)[1]


@functools.lru_cache(maxsize=50_000)
def _comparison_bases(text: str, document_date: str | None) -> tuple[frozenset[int], frozenset[int]]:
    """(the base years a text writes out, those and the ones it names relatively): read once for a sentence, which
    `time_evidence` and `base_years` both ask about."""
    written = {int(m.group(1)) for m in _COMPARED_YEAR.finditer(text)}
    found = set(written)
    dated = parse_date(document_date)
    years = {int(y.group(1)) for y in YEAR_RE.finditer(text)}
    for m in RELATIVE_BASE.finditer(text):
        named = years - found
        if m.group(1).lower() not in ("last year", "a year ago") and len(named) == 1:
            found.add(next(iter(named)) - 1)
        elif dated:
            found.add(dated[0] - 1)
    return frozenset(written), frozenset(found)


BARE_BASE = re.compile(rf"\b(?:{_COMPARING})\s+(?:a\s+|an\s+|the\s+)?(?:revised\s+|restated\s+)?\d", re.IGNORECASE)


def base_years(sentence: str, years: frozenset[int], months: frozenset[int],
               document_date: str | None = None) -> frozenset[int]:
    """Years a sentence states a figure for as the base of a comparison without writing them: the year before the
    only year it names, when it compares with a figure it gives no time for ("cut its gearing to 35 pct at the end
    of 1986 from 61 pct" states 1985's 61 pct too: the wire's year-on-year comparison; not with a month named, when
    the base may be the month before), and the years of "a year earlier", "last year" after a comparison."""
    written, bases = _comparison_bases(sentence, document_date)
    relative = bases - written
    if relative:  # "from 61 pct a year earlier": the year before the one named
        return frozenset(relative)
    if len(years) == 1 and not months and BARE_BASE.search(sentence) and not bases:
        return frozenset({next(iter(years)) - 1})
    return frozenset()


# Parts of a year named without their months: "the first two months" is January and February.
_YEAR_PART = re.compile(r"\b(?:(first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|qtr)|first\s+(two|three|four|five|six|"
                        r"seven|eight|nine|ten|eleven|\d{1,2})\s+months|(first|second)\s+half)\b", re.IGNORECASE)


def _year_part_months(match: re.Match) -> range:
    quarter, months, half = (g.lower() if g else g for g in match.groups())
    if quarter:
        return range(3 * QUARTER_NUMBERS[quarter] - 2, 3 * QUARTER_NUMBERS[quarter] + 1)
    if months:
        n = NUMBER_WORDS.get(months) or int(months)  # the pattern admits only those words or digits
        return range(1, min(n, 12) + 1)
    return range(1, 7) if half == "first" else range(7, 13)


# Words that speak of a part of a year, named or not ("in the quarter", "the latest period", "six mths")
_PERIOD_WORD = re.compile(r"\b(?:quarters?|qtrs?|half|halves|months?|mths|weeks?|period|season|h[12]|q[1-4])\b",
                          re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _asks_part_of_year(question: str) -> bool:
    """The question names a part of a year: "the first two months", "the second quarter", "fourth-quarter". (Read
    once per question, not once per candidate sentence.)"""
    return bool(_YEAR_PART.search(question)) or reporting_period(question) not in (None, "year")


@functools.lru_cache(maxsize=4096)
def _names_no_period(question: str) -> bool:
    """The question names no part of a year, period or split year: a year it asks is asked whole."""
    return not (_asks_part_of_year(question) or _PERIOD_WORD.search(question) or split_years(question))


def whole_year_for_part(question: str, sentence: str, asked: list[TimeRef], document_date: str | None) -> bool:
    """The question asks a part of a year ("in the second quarter of 1986", "in the first two months of 1985") and
    the sentence gives the year's figure as a whole ("grew 3.1 pct in 1986"): it names the year (the asked one, when
    one is asked) and no month, part of a year or period. A year's total is not its quarter's."""
    if not _asks_part_of_year(question):
        return False
    years = years_in(sentence, document_date)
    asked_years = {ref.year for ref in asked if ref.year is not None}
    if not years or (asked_years and not asked_years & years):
        return False
    return not months_in(sentence, document_date) and not _PERIOD_WORD.search(sentence)


_YEARLONG = re.compile(r"\b(?:year|years|annual|annually|annualised|annualized|12|twelve|calendar|whole|full|"
                       r"year-on-year|yearly)\b", re.IGNORECASE)


def part_for_whole_year(question: str, sentence: str, asked: list[TimeRef], document_date: str | None) -> bool:
    """The question asks a whole year ("How much did M-3 grow in 1986?") and the sentence gives a month's or a
    quarter's figure ("rose one pct in January after falling 0.7 pct in December"): it names months or a part of a
    year, not the asked year, and nothing that spans a year ("in the year to December", "annual")."""
    # (a split year, "its 1987/88 credit policy", is a season whose months its reports name)
    if not asked or any(ref.month is not None or ref.year is None for ref in asked) or not _names_no_period(question):
        return False
    if {ref.year for ref in asked} & years_in(sentence, document_date):
        return False
    return bool(months_in(sentence, document_date)) and not _YEARLONG.search(sentence)


@functools.lru_cache(maxsize=50_000)
def months_in(text: str, document_date: str | None) -> frozenset[int]:
    found = {month_number(m.group(0)) for m in _named_months(text)}
    found |= {month for m in _YEAR_PART.finditer(text) for month in _year_part_months(m)}
    dated = parse_date(document_date)
    if dated:
        for m in _RELATIVE_MONTH.finditer(text):
            word = m.group(1).lower()
            found.add((dated[1] - 2) % 12 + 1 if word == "last" else dated[1] % 12 + 1 if word == "next" else dated[1])
    return frozenset(m for m in found if m)


def days_in(text: str, month: int) -> set[int]:
    """Days of the given month a text names ("April 7", "April 7 and 14")."""
    name = MONTH_NAMES[month - 1]
    days = set()
    for m in re.finditer(rf"\b(?:{name}|{name[:3]}\.)\s+(\d{{1,2}})(?:\s*(?:and|to|-|/)\s*(\d{{1,2}}))?\b", text, re.IGNORECASE):
        days.update(int(g) for g in m.groups() if g)
    for m in re.finditer(rf"(?<![\d,.])(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:{name}|{name[:3]}\.?)\b", text, re.IGNORECASE):
        days.add(int(m.group(1)))
    return days


@functools.lru_cache(maxsize=50_000)
def dated_months(text: str) -> tuple[TimeRef, ...]:
    """The months a text names, each with the year written beside it or None ("July 31, 1988")."""
    return tuple(r for r in _times_named(text) if r.month)


@functools.lru_cache(maxsize=50_000)
def split_years(text: str) -> frozenset[tuple[int, int]]:
    """The split years a text names ("fiscal 1984/85" -> (1984, 1985)): one period, not two years."""
    return frozenset((int(m.group(1)), int(m.group(1)[:2] + m.group(2))) for m in YEAR_RE.finditer(text) if m.group(2))


def _year_of_decade(ref: TimeRef, *stated: frozenset[int]) -> TimeRef:
    """A decade asked, as the first year of it that `stated` (the sentence's years, then its context's) give."""
    if not ref.decade:
        return ref
    for years in stated:
        within = sorted(y for y in years if ref.year <= y <= ref.year + 9)
        if within:
            return TimeRef(within[0], ref.month, ref.day, ref.bound)
    return ref


_SINCE_YEAR = re.compile(r"\b(?:(?:highest|lowest|worst|best|biggest|largest|smallest|strongest|weakest|first|"
                         r"most|least)\b[^.;]{0,40}?\bsince\b|\b(?:record|ever)\b[^.;]{0,40}?\bsince\b)"
                         r"(?:\s+[^\s\d]+){0,8}?\s+(?:1[89]\d\d|20\d\d)\b", re.IGNORECASE)


def time_evidence(question_times: list[TimeRef], sentence: str, context: str | Sequence[str],
                  document_date: str | None, borrowed: bool = False,
                  periods: frozenset[tuple[int, int]] = frozenset(), calendar: bool = False) -> TimeEvidence:
    """How the sentence (read with its context and the document's date) stands to the asked times.

    `context`: a text, or its pieces (a title and sentences: each is read once and its reading cached, where the
    candidates of one question share their neighbours).
    `borrowed`: the times come from an earlier question of the conversation, not from this one ("What price did
    they get?" after "Which company won the contract in June 1987?"). They still place the story in time, but
    another date in the sentence (the cargo's delivery in July) is a detail of the new question, not a
    contradiction.
    `periods`: the split years asked ("1984/85"); a sentence naming only other split years (1983/84, 1985/86)
    names each of their years but not the period asked.
    `calendar`: the question asks a calendar year ("in calendar 1985"), which no split year ("the 1985/86 coffee
    year") states: a sentence naming split years must name the year asked by itself."""
    evidence = TimeEvidence(asked=bool(question_times))
    if not question_times:
        return evidence
    # (a year a record is measured since, "the worst since ... began in 1953", is no time the sentence speaks of)
    s_years, s_months = years_in(_SINCE_YEAR.sub(" ", sentence), document_date), months_in(sentence, document_date)
    s_years |= base_years(sentence, s_years, s_months, document_date)
    # A sentence naming a month only as what it compares with speaks of the month after: "totaled 44.0 mln lbs
    # compared with 51.3 mln lbs in December" gives January's imports (the wire reports a month against the last)
    base_months = comparison_months(sentence)
    if base_months and s_months <= base_months:
        s_months = frozenset(month % 12 + 1 for month in base_months)
    parts = (context,) if isinstance(context, str) else context
    c_years = frozenset().union(s_years, *(years_in(part, document_date) for part in parts))
    c_months = frozenset().union(*(months_in(part, document_date) for part in parts))
    dated = parse_date(document_date)
    bases = comparison_years(sentence, document_date)
    said_day = _said_day(sentence)
    ahead = bool(_LOOKS_AHEAD.search(sentence))
    stated = dated_ok = conflict = 0.0
    # "the 1980s" asked: the year of it the sentence (or else its context) states, "the 1985 Plaza Accord"
    question_times = [_year_of_decade(ref, s_years, c_years) for ref in question_times]
    # A year or month the question asks of too is no other one: "since the beginning of 1986, according to ... in
    # March 1987"; "licences issued in March 1987 for deliveries from April" against "deliveries commencing April"
    asked_years = {ref.year for ref in question_times if ref.year is not None}
    asked_months = {ref.month for ref in question_times if ref.month is not None}
    # A part of the year the sentence names ("in the first three months of 1987") holds a month asked alone only as
    # part of its total or average: no figure of that month ("By how much did deliveries fall in February?"; a day
    # asked is an event's, which a quarter's report may be dated by)
    named_period = {m for p in _YEAR_PART.finditer(sentence) for m in _year_part_months(p)}
    in_period = named_period - {month_number(m.group(0)) for m in _named_months(sentence)}
    contradicted_years = set()
    for ref in question_times:
        month_ok = ref.month is None or ref.month in s_months
        # "rose 0.7 pct in March" in an article dated April 1987 states March 1987: wire copy leaves the year
        # to the date line when it is the article's own (or, for a month not yet reached, the year before).
        # (unless the sentence looks ahead: "set a ceiling from July to December" in a report of June is this year's)
        year_from_date = ref.month is not None and ref.month in s_months and dated is not None and (
            ref.year == dated[0] and (ref.month <= dated[1] or ahead) or ref.year == dated[0] - 1 and ref.month > dated[1])
        # (a neighbouring year the sentence compares with, "from 1.87 billion in the same period last year", is
        # no other year of the asked months)
        year_ok = ref.year is None or ref.year in s_years or (year_from_date and ref.year - 1 not in s_years - bases
                                                               and ref.year + 1 not in s_years - bases)
        if year_ok and month_ok:
            stated += 1
        # Consistent with the document: the year is the document's (or the year before, for annual results
        # reported early in the next), the month is the document's or the one before, or the context says so.
        # (the year before only for annual figures or a month not yet reached in the document's year)
        year_doc = ref.year is None or ref.year in c_years or (dated is not None and (ref.year == dated[0] or (
            ref.year == dated[0] - 1 and (ref.month is None or ref.month >= dated[1]))))
        month_doc = ref.month is None or ref.month in s_months or ref.month in c_months or (
            dated is not None and ref.month in (dated[1], (dated[1] - 2) % 12 + 1))
        s_days = days_in(sentence, ref.month) if ref.day and ref.month in s_months else set()
        # "two hours on Thursday" in a report of Tuesday, April 21, 1987 names April 23 (another weekday may be
        # another event's: "voted 92-1 for a measure that endorsed Monday's attack")
        weekdays = weekday_dates(sentence, document_date) if ref.day and ref.month else frozenset()
        on_weekday = any(_is_date(ref, d) for d in weekdays)
        # "during the week ended Wednesday" in a report of Thursday, February 26, 1987 is the week to February 25,
        # not the week to February 18
        ended = week_ended(sentence, document_date) if ref.day and ref.month else None
        # and what happened "on Wednesday" happened that day (not "Monday's attack", another event's)
        on_days = weekday_dates(" ".join(_ON_WEEKDAY.findall(sentence)), document_date) if weekdays else frozenset()
        if month_doc and not s_days and not _day_reported(ref, document_date):
            month_doc = False  # "yesterday's tender" in a report of April 9 is not the March 18 tender
        # A sentence whose only years are bases of comparisons ("fell to 5.6 pct from 10.7 pct in 1985") speaks of
        # a later time than those: it does not contradict a later asked year.
        later_than_bases = bool(s_years) and s_years <= bases and ref.year is not None and ref.year > max(s_years)
        # "the fiscal year ended July 31, 1988" names July with another year than "July 31, 1986" (and nowhere
        # without one: "February inflation of 9.5 pct against 12.6 pct in February 1986" is this February's)
        mentions = [r for r in dated_months(sentence) if r.month == ref.month]
        # (the asked year may be another month's: "a year-on-year rise for February 1987" is no March 1987 figure)
        other_month_that_year = any(r.year == ref.year and r.month not in asked_months for r in dated_months(sentence))
        other_year = bool(mentions) and all(r.year is not None and r.year != ref.year for r in mentions)
        # "in the January/March quarter" in a report dated February 1987 is this year's: not January-March 1986
        implied_other = (ref.year is not None and ref.month in s_months and not s_years and dated is not None
                         and all(r.year is None for r in mentions) and not (ahead and ref.year == dated[0])
                         and ref.year != (dated[0] if ref.month <= dated[1] else dated[0] - 1))
        # "rose to 5.51 mln ounces in March from 5.26 mln in February" in a report of April 1987 speaks of 1987's
        # months, not of 1986 (a month not yet reached in the document's year is the year before's)
        months_of_other_year = (ref.year is not None and ref.month is None and not s_years and bool(s_months)
                                and dated is not None
                                and all((dated[0] if m <= dated[1] else dated[0] - 1) != ref.year for m in s_months))
        contradicted = not borrowed and not on_weekday and bool(
            months_of_other_year or
            (ref.year is not None and s_years - asked_years and ref.year not in s_years and not later_than_bases
             and not (ref.month and ref.month in s_months and not other_year))
            or (ref.month is not None and s_months - asked_months and ref.month not in s_months
                and not (s_years & {ref.year} and not other_month_that_year))
            or (s_days and ref.day not in s_days) or implied_other
            or (len(asked_months) == 1 and ref.day is None and ref.month in in_period)
            # (a month outside the part of the year the sentence speaks of: June is not "the first quarter")
            or (ref.month is not None and ref.day is None and bool(named_period) and not named_period & asked_months
                and ref.month not in s_months)
            or (ended is not None and not s_days and not _is_date(ref, ended))
            or (on_days and not s_days and not any(_is_date(ref, d) for d in on_days))
            or (ref.day and not s_days and said_day is not None and not _is_day_of(ref, document_date, said_day)))
        # The document's date speaks for a time the sentence leaves open, not for one it names otherwise: a
        # report dated April of the unemployment rate "in March" does not give April's.
        if year_doc and month_doc and not contradicted:
            dated_ok += 1
        if contradicted:
            conflict += 1
            contradicted_years.add(ref.year if ref.month is None else None)
        elif ref.day and ref.day in s_days or on_weekday:
            stated += 0 if (year_ok and month_ok) else 1
        elif ref.day and not s_days and said_day is not None and not (year_ok and month_ok):
            stated += 1  # "at today's tender" in the report of that day
    # A split year asked ("its 1987/88 credit policy") is one period: a time of either year ("effective April 25" in
    # a report of April 1987) does not contradict it
    conflict -= sum(1 for a, b in periods if (a in contradicted_years) != (b in contradicted_years))
    n = len(question_times)
    evidence.stated, evidence.dated, evidence.conflict = stated / n, dated_ok / n, conflict / n
    # A year asked two or more years before the report's, which neither the sentence nor its context names, is not
    # the report's subject: "West Germany's 1984 tax revenue" is not answered by a report of 1987 on 1987's
    if dated is not None and any(ref.year is not None and ref.year <= dated[0] - 2 and ref.year not in c_years
                                 for ref in question_times):
        evidence.dated = 0.0
    # (a period named only as the base of a comparison, "to 3.5 billion dlrs from 2.9 billion dlrs in 1985/86", is
    # the one before the period the sentence speaks of: no other period than a later one asked)
    named = {p for p in split_years(sentence) if not (p[0] in bases and all(a > p for a in periods))}
    if periods and named and not periods & named and not borrowed:
        evidence.stated, evidence.dated, evidence.conflict = 0.0, 0.0, 1.0
    if calendar and named and not borrowed and not asked_years & years_in(YEAR_RE.sub(
            lambda m: " " if m.group(2) else m.group(0), sentence), document_date):
        evidence.stated, evidence.dated, evidence.conflict = 0.0, 0.0, 1.0
    return evidence


@functools.lru_cache(maxsize=50_000)
def numbers_in(text: str) -> frozenset[float]:
    """Numbers a text states, in digits or words ("seven" -> 7, "1,353" -> 1353); a number with a scale counts
    also as its full value ("3.5 mln" -> 3.5 and 3,500,000)."""
    values = set()
    for m in NUMBER.finditer(text):
        word = m.group(0).lower()
        if word in NUMBER_WORDS:
            value = float(NUMBER_WORDS[word])
        else:
            try:
                value = float(word.replace(",", ""))
            except ValueError:
                continue
        values.add(value)
        scale = _SCALE_AFTER.match(text, m.end())
        if scale:
            values.add(value * SCALES[scale.group(1).lower()])
    return frozenset(values)


_SCALE_AFTER = re.compile(r"\s+(" + "|".join(SCALES) + r")\b", re.IGNORECASE)
_SCALED = re.compile(r"([\d.,]+)\s+(" + "|".join(SCALES) + r")", re.IGNORECASE)


# The U.S. government's own bodies: a U.S. story names them without saying "U.S." ("Distillate fuel stocks ... the
# Energy Information Administration (EIA) said", "Treasury balances at the Federal Reserve rose"); a body any
# government may have ("the Treasury", "the Senate") names no country.
_US_BODIES = ["white house", "federal reserve", "agriculture department", "commerce department", "labor department",
              "energy department", "eia", "usda", "reagan administration", "federal trade commission", "ftc",
              "securities and exchange commission", "international trade commission", "chicago mercantile exchange",
              "chicago board of trade", "new york mercantile exchange", "new york stock exchange", "wall street"]

# Other names for things that are no places (kept apart from _VARIANTS, which also says what a place is).
_OTHER_NAMES = {"caucasian": ["white"], "caucasians": ["white", "whites"], "celsius": ["°c", "centigrade"],
                # agencies the wire names by their department or office as often as by their initials
                "usda": ["u.s.d.a.", "agriculture department", "department of agriculture", "agriculture secretary",
                         "agriculture undersecretary"],
                "ustr": ["trade representative"], "fed": ["federal reserve"],
                # a country's seat of government, named for its government ("the White House said")
                "u.s.": _US_BODIES, "united states": _US_BODIES, "soviet union": ["kremlin"],
                "fahrenheit": ["°f"], "q1": ["first quarter", "first-quarter"], "q2": ["second quarter", "second-quarter"],
                "q3": ["third quarter", "third-quarter"], "q4": ["fourth quarter", "fourth-quarter"],
                # short forms of common things, too short to be read as initials ("TV" is "television")
                "tv": ["television", "televised"], "pc": ["personal computer"], "dc": ["d.c.", "district of columbia"],
                "ceo": ["chief executive"], "cd": ["compact disc"]}

# American states as the wire abbreviates them ("a Golden, Colo., businessman"); kept apart from _VARIANTS, which
# says what a country is.
_STATE_ABBREVIATIONS = {
    "alabama": "ala.", "arizona": "ariz.", "arkansas": "ark.", "california": "calif.", "colorado": "colo.",
    "connecticut": "conn.", "delaware": "del.", "florida": "fla.", "georgia": "ga.", "illinois": "ill.",
    "indiana": "ind.", "kansas": "kan.", "kentucky": "ky.", "louisiana": "la.", "maryland": "md.",
    "massachusetts": "mass.", "michigan": "mich.", "minnesota": "minn.", "mississippi": "miss.", "missouri": "mo.",
    "montana": "mont.", "nebraska": "neb.", "nevada": "nev.", "new hampshire": "n.h.", "new jersey": "n.j.",
    "new mexico": "n.m.", "new york": "n.y.", "north carolina": "n.c.", "north dakota": "n.d.", "oklahoma": "okla.",
    "oregon": "ore.", "pennsylvania": "pa.", "rhode island": "r.i.", "south carolina": "s.c.",
    "south dakota": "s.d.", "tennessee": "tenn.", "texas": "tex.", "vermont": "vt.", "virginia": "va.",
    "washington state": "wash.", "west virginia": "w.va.", "wisconsin": "wis.", "wyoming": "wyo."}
_OTHER_NAMES |= {state: [short] for state, short in _STATE_ABBREVIATIONS.items()}


def entity_variants(entity: str) -> list[str]:
    """The entity and the other names writers use for it (lower case)."""
    key = entity.lower().strip(" .")
    key = re.sub(r"^the\s+", "", key)
    if re.fullmatch(r"(?:\w\.)+\w", key):  # "U.S" as the question's name finder leaves it: "u.s."
        key += "."
    dotted = ".".join(key) + "."
    if re.fullmatch(r"[A-Z]{2,4}", entity.strip()) and key not in _VARIANTS and _is_place_key(dotted):
        key = dotted  # "US" written in capitals is the "u.s.", not the pronoun
    out = [key, *_VARIANTS.get(key, []), *_OTHER_NAMES.get(key, [])]
    group = re.fullmatch(r"g-?(\d{1,2})", key)
    if group:  # "G-7" is also written "Group of Seven" or "Group of 7"
        size = int(group.group(1))
        out += [f"group of {word}" for word, n in NUMBER_WORDS.items() if n == size] + [f"group of {size}"]
    named_group = re.fullmatch(r"group\s+(?:of\s+)?(\w+)", key)
    size = named_group and (NUMBER_WORDS.get(named_group.group(1)) or (
        int(named_group.group(1)) if named_group.group(1).isdigit() else None))
    if size:  # and the other way round: "the Group of Seven" is the "G-7"
        out += [f"g-{size}", f"g{size}"]
    if key.endswith(" administration"):  # "the Reagan administration" is "the administration" of its own story,
        out += [key.removesuffix(" administration"), "the administration"]  # and Reagan's
    for name, variants in _VARIANTS.items():
        if key in variants:  # "West German" or "Soviet" stands for the country, named in any of its ways
            out += [v for v in (name, *variants) if v not in out]
    return out


# Ordinal words and their numbers ("the second Bond theme"), read here and by the contradiction readers
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                  "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "last": 1000}


def mentions(text_lower: str, entity: str, text: str | None = None) -> bool:
    """Is the entity named in the (lower-cased) text: its words with any ending (a two-word name's together, in
    its order or through "of": "Boston Observer" is not named by "Charlotte Observer ... Boston"), its initials, or a
    variant? Longer names, which questions build from titles and places ("U.S. Agriculture Secretary Lyng"), have
    their words looked for anywhere. Accents do not count: "Dereon" names "Deréon", "Jose" "José".
    With the text as written, an acronym also counts when spelled out ("IMF": "International Monetary Fund")."""
    if not (text_lower.isascii() and entity.isascii()):
        text_lower, entity = without_accents(text_lower), without_accents(entity)
        text = without_accents(text) if text is not None else None
    scaled = _SCALED.fullmatch(entity)
    if re.fullmatch(r"[\d.,]+", entity) or scaled:
        try:
            value = float((scaled.group(1) if scaled else entity).replace(",", ""))
        except ValueError:
            return entity in text_lower
        # "3.5 mln shares" is named by "3,500,000 shares" too
        return (value * SCALES[scaled.group(2).lower()] if scaled else value) in numbers_in(text_lower)
    ordinal = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", entity)
    if ordinal:  # "4th" is also written "fourth"
        words = [w for w, n in ORDINAL_WORDS.items() if n == int(ordinal.group(1))]
        return bool(re.search(rf"(?<!\w)(?:{entity}|{'|'.join(words) or entity})(?!\w)", text_lower))
    if any(all(p.search(text_lower) for p in variant) for variant in _entity_patterns(entity)):
        return True
    expansion = _expansion_pattern(entity) if text is not None else None
    if expansion and expansion.search(text) or (text is not None and (
            _surname_alone(entity, text) or _company_short_name(entity, text))):
        return True
    # "Belgian Research Minister Verhofstadt" is named by "Verhofstadt, who chaired the meeting", and "U.S. Treasury
    # Secretary James Baker" by "Baker said": the wire gives a title once
    person = name_after_title(entity)
    return bool(person and person[:1].isupper() and mentions(text_lower, person, text))


_COMPANY_KIND = re.compile(r"([A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})?)\s+(?:Minerals|Mining|Mines|Resources|Petroleum|Oil|Gas|Energy|Industries|"
                           r"Group|Holdings|Corp|Corporation|Inc|Co|Ltd|Plc|Airlines|Motors|Steel|Chemicals?|Electric|"
                           r"Foods|Paper|Sugar|Mills|Stores|Bancorp|Financial|Communications|Systems|Technologies|"
                           r"Pharmaceuticals|Laboratories|Enterprises|International)")


def _company_short_name(entity: str, text: str) -> bool:
    """A company named in full ("Lac Minerals", "First Interstate Bancorp") is named without its kind word after the
    first mention ("Lac said its forward contracts ...", "First Interstate has 42 franchise banks"), as capitalised
    words that are no place ("Texas" of "Texas Oil")."""
    m = _COMPANY_KIND.fullmatch(entity.strip())
    if not m or _is_place_key(m.group(1).lower()) or " " not in m.group(1) and demonym_stem(m.group(1)):
        return False
    # alone, not inside another name ("Lac Courte", "Big Lac")
    return any(not _name_before(text, hit.start()) and not _name_after(text, hit.end())
               for hit in re.finditer(rf"(?<![\w-]){m.group(1)}(?![\w-])", text))


_PERSON_NAME = re.compile(r"([A-Z][a-z]+)\s+([A-Z][a-z]{2,})")


def _surname_alone(entity: str, text: str) -> bool:
    """A person named in full by the question ("Daniel Craig") is named by the surname alone after the first
    mention ("Craig was flown to New York"), unless the text gives that surname to someone else ("Ben Craig"), names
    the first word apart from it (the question's "New Mexico" against the text's "New York" and "Mexico"), or writes
    either word in lower case, as a common word."""
    m = _PERSON_NAME.fullmatch(entity.strip())
    if not m or _is_place_key(entity.lower()) or _COMPANY_KIND.fullmatch(entity.strip()):
        return False  # (a company's second word names no company: "Minerals prices rose")
    first, last = m.groups()
    if re.search(rf"(?<![\w-])(?:{first}|{first.lower()}|{last.lower()})(?![\w-])", text):
        return False  # "Twilight Enemies" is no person where the text has "Twilight Princess" and "enemies"
    alone = False
    for hit in re.finditer(rf"(?<![\w-]){last}(?![\w-])", text):
        before = _name_before(text, hit.start())
        if before and before.lower() in stopwords():
            before = None  # "When Peck eventually ...": a capital opening the sentence is no first name
        if before and before != first:
            return False  # "Ben Craig": another person of that name
        if not before and not _name_after(text, hit.end()) \
                and not re.search(r"(?:\bthe|\bof)\s+$", text[:hit.start()], re.IGNORECASE):
            alone = True  # not "the Day of the Dead" for "Night Dead": a person has no article
    return alone


def _name_before(text: str, at: int) -> str | None:
    """The capitalised word just before `at` on its line (or the line before: wire copy wraps), not across the break
    after a title."""
    before = re.search(r"([A-Z][\w'-]*)[ \t]*\n?[ \t]*\Z", text[:at])
    return before.group(1) if before else None


def _name_after(text: str, at: int) -> bool:
    """A capitalised word follows `at`: the word before it is part of a longer name."""
    return bool(re.match(r"\s+[A-Z]", text[at:]))


@functools.lru_cache(maxsize=20_000)
def without_accents(text: str) -> str:
    """The text with its letters' accents dropped ("Deréon" -> "Dereon"), every other character kept as it is."""
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


_CONNECTORS = r"(?:(?:of|and|for|on|the|de|&)\s+)?"  # "General Agreement on Tariffs and Trade" for GATT


@functools.lru_cache(maxsize=4096)
def _expansion_pattern(entity: str) -> re.Pattern | None:
    """An acronym's spelled-out form in capitals, connecting words allowed between ("Commodity Credit
    Corporation" for CCC, "Inter-American Development Bank" for IADB); None when the entity is no acronym."""
    letters = entity.strip(" .").replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
        return None
    words = [rf"{c}[a-z]+" for c in letters]
    # A hyphenated pair counts as two words ("Inter-American": I, A).
    body = words[0] + "".join(rf"(?:-|\s+{_CONNECTORS}){w}" for w in words[1:])
    if len(letters) >= 3:  # "consumer price index" for CPI, "liquefied natural gas" for LNG: words in a row
        body += "|" + r"\s+".join(rf"{c.lower()}[a-z]{{2,}}" for c in letters)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


@functools.lru_cache(maxsize=4096)
def _entity_patterns(entity: str) -> tuple[tuple[re.Pattern, ...], ...]:
    """For each way of naming the entity, the patterns that must all match (compiled once per entity)."""
    out = []
    for variant in entity_variants(entity):
        code = re.fullmatch(r"([a-z]{1,4})-?(\d{1,4})(s?)", variant)
        if code:  # "M-3", "G-7", "F-16": one code, written with or without its hyphen; not "M-1 ... rose 3.7"
            plural = "s?" if code.group(3) else ""  # "the DB10s": "a DB10"
            out.append((re.compile(rf"(?<![\w-]){code.group(1)}[- ]?{code.group(2)}{plural}(?![\w]|[.,]\d)"),))
            continue
        if "." in variant and " " not in variant and "-" not in variant:  # "u.s.", "n.z.": as written
            out.append((re.compile(rf"(?<!\w){re.escape(variant)}(?![a-z])"),))
            continue
        if "." in variant and "-" in variant:  # "u.s.-flag": "U.S. flag" as well, each piece as it is written
            pieces = [p for p in re.split(r"[\s-]+", variant) if p.strip(".")]
            out.append(tuple(re.compile(rf"(?<!\w){re.escape(p)}(?![a-z])") if "." in p.rstrip(".")
                             else re.compile(_word_pattern(p.strip(".,'’"))) for p in pieces))
            continue
        parts = [p for p in (w.strip(".,'’") for w in re.split(r"[\s-]+", variant)) if p]
        if len(parts) == 2:  # a two-word name is one name: its words stand together (_NEAR, _REVERSED)
            first, second = (_name_word_pattern(p) for p in parts)
            # each word alone first: the cheap searches rule most texts out before the one that reads distances
            out.append((*(re.compile(_word_pattern(p)) for p in parts),
                        re.compile(f"{first}{_NEAR}{second}|{second}{_REVERSED}{first}")))
        elif parts:
            out.append(tuple(re.compile(_word_pattern(p)) for p in parts))
    out += _national_body_patterns(entity)
    department = _DEPARTMENT.fullmatch(entity.strip())
    if department:  # "Commerce Department": also its head's title, "under secretary of commerce", "Commerce Secretary"
        area = re.escape((department.group(1) or department.group(2)).lower())
        out.append((re.compile(rf"(?<!\w)(?:(?:under\s*)?secretary\s+of\s+{area}|{area}\s+(?:under\s*)?secretary|"
                               rf"{area}\s+dept)\b"),))
    parts = [p for p in re.split(r"[\s-]+", entity.lower()) if p.strip(".,'")]
    if len(parts) > 1:  # "United States" as "US" or "U.S."
        initials = "".join(p[0] for p in parts)
        dotted = "[.]".join(initials) + "[.]?"
        # Undotted initials only when they are no common word ("EC", not "us" for United States).
        undotted = "" if initials in _COMMON_WORDS else f"{re.escape(initials)}|"
        out.append((re.compile(rf"(?<!\w)(?:{undotted}{dotted})(?![\w.])"),))
    return tuple(out)


_DEPARTMENT = re.compile(r"(?:U\.S\.\s+)?(?:([A-Z][a-z]+)\s+Department|Department\s+of\s+(?:the\s+)?([A-Z][a-z]+))")


# The last word of a body a country names as its own: the wire writes "the Treasury", "the Finance Ministry" once the
# story has said whose it is, or in a U.S. story, without saying so at all
# (a government's, or a central bank, a national board, institute or service)
_NATIONAL_BODY = re.compile(f"(?:{'|'.join((*GOVERNMENT_BODY_WORDS, 'Bank', 'Board', 'Institute', 'Service'))})")


def _national_body_patterns(entity: str) -> list[tuple[re.Pattern, ...]]:
    """"U.S. Treasury", "Japanese Finance Ministry": the body by its own name, with its country named anywhere in the
    text ("the 30-year Treasury bond" in a story headed "U.S. CREDIT MARKET OUTLOOK")."""
    words = entity.split()
    if not _NATIONAL_BODY.fullmatch(words[-1].strip(".,")) or is_place(entity):
        return []
    for k in (2, 1):
        place, body = " ".join(words[:k]), " ".join(words[k:])
        if len(words) > k and is_place(place) and body[:1].isupper() and not is_place(body):
            names = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in entity_variants(place))  # (wire copy wraps)
            named = re.compile(rf"(?<!\w)(?:{names})(?![a-z])")
            return [(named, *way) for way in _entity_patterns(body)]
    return []


_COMMON_WORDS = {"us", "we", "it", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "me", "my", "no",
                 "of", "on", "or", "so", "to", "up", "am", "are", "was", "can", "did"}


# A two-word name's words in its order within five words ("New York City", not "Mexico ... New York" for "New
# Mexico" nor "Charlotte Observer ... Boston" for "Boston Observer"), or the other way round through "of" or a
# possessive ("Department of Commerce" for "Commerce Department", "Japan's central bank" for "Bank Japan"; not
# "Casino Royale" for "Royale Casino").
_NEAR = r"\W+(?:\w+\W+){0,5}?"
_REVERSED = r"(?:\W+(?:\w+\W+){0,3}?of\W+(?:the\W+)?|['’]s\W+(?:\w+\W+){0,3}?)"


def _name_word_pattern(word: str) -> str:
    """`_word_pattern`, a stem also taking the rest of its word ("Japan" in "Japanese Finance Ministry")."""
    pattern = _word_pattern(word)
    return pattern if pattern.endswith(r"(?!\w)") else pattern + r"\w*"


def _word_pattern(word: str) -> str:
    """A word with any ending when long ("Korea" ~ "Korean"), else the word with a short suffix."""
    stem = demonym_stem(word)
    if stem:
        return r"(?<!\w)" + re.escape(stem)
    return r"(?<!\w)" + re.escape(word) + r"(?:s|es|n|ns|an|ese|ish|i)?(?!\w)"


def _place_key(name: str) -> str:
    """A place name as COUNTRIES and _VARIANTS write it: lower case, without "the", "U.S." kept as "u.s."."""
    key = re.sub(r"^the\s+", "", name.lower().strip(" ."))
    return key + "." if re.fullmatch(r"(?:\w\.)+\w", key) else key  # the strip took the last full stop


def is_country(name: str) -> bool:
    """A country by one of its usual names ("Zambia", "the Soviet Union"), not a city or a people."""
    return _place_key(name) in COUNTRIES


@functools.lru_cache(maxsize=4096)
def is_place(name: str) -> bool:
    """A country, or a name writers use for one (its people, its capital)."""
    return _is_place_key(_place_key(name))


def _is_place_key(key: str) -> bool:
    return key in COUNTRIES or key in _VARIANTS or any(key in variants for variants in _VARIANTS.values())


@functools.lru_cache(maxsize=20_000)
def places_in(text_lower: str) -> frozenset[str]:
    """The countries a (lower-cased) text names, by their usual names."""
    return frozenset(c for c in COUNTRIES if c in text_lower and re.search(rf"(?<!\w){re.escape(c)}(?!\w)", text_lower))


def place_conflict(entities: list[str], window: str, sentence: str = "", country_asked: bool = False,
                   leading: str | None = None) -> bool:
    """A country the question names is not in the text, which names another country instead; or the sentence
    opens with another country, its subject, and does not name the asked one ("South Korea, meanwhile, has formed a
    negotiating team under Han" for "Who leads Japan's negotiations?", though the sentence before is on Japan).
    When the question asks which country (`country_asked`), the one a sentence opens with may be the answer ("Italy
    is the largest net beneficiary" for "Which country ... of the EC social fund?").
    `leading`: the part of the window that names the sentence's own places (if not all of it)."""
    asked = [e for e in entities if is_place(e)]
    if not asked:
        return False
    # a place the question also names inside a body's name is not named by that name: "the Development Bank of
    # Singapore said Malaysia's growth ..." says nothing of Singapore's
    bodies = [e.split() for e in entities if not is_place(e) and any(
        a.lower() in e.lower().split() for a in asked) and len(e.split()) > 1]
    for words in bodies:
        body = re.compile(r"(?:\s+(?:of|the)){0,2}\s+".join(re.escape(w) for w in words), re.IGNORECASE)
        window, sentence = body.sub(" ", window), body.sub(" ", sentence)
    if sentence and not country_asked:
        opening = _OPENING_PLACE.match(sentence)
        lower = sentence.lower()
        if opening and is_country(opening.group(1)) and not any(mentions(lower, e) for e in asked) \
                and not any(_place_key(opening.group(1)) in entity_variants(e) for e in asked):
            return True
    lower = window.lower()
    if all(mentions(lower, e) for e in asked):
        return False
    # (not "Germany" read inside an asked "West Germany": a country whose name is part of the asked one's)
    asked_keys = [_place_key(e) for e in asked]
    named = {p for p in places_in((leading or window).lower()) if not any(p in entity_variants(e) for e in asked)
             and not any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", key) for key in asked_keys)}
    return bool(named)


# Places named by their kind and their own name: "Lake Huron", "the Gulf of Suez", "Hainan Island", "the Campos
# basin". Two names of one kind are two places: general English, not any document's names.
_KIND_BEFORE = r"(?:Lake|Gulf\s+of|Port\s+of|Mount|Strait\s+of|Bay\s+of|Sea\s+of|Cape|Isle\s+of)"
_KIND_AFTER = r"(?:River|Province|State|Island|Islands|Strait|Bay|Sea|Canal|Field|Basin|Valley|County|Lake)"
_NAMED_KIND = re.compile(rf"\b({_KIND_BEFORE})\s+([A-Z][a-z]+)|\b([A-Z][a-z]+)\s+({_KIND_AFTER})\b")


def _kinds_named(text: str) -> dict[str, set[str]]:
    """Places named by their kind in `text`: {"lake": {"huron", "michigan"}}."""
    found: dict[str, set[str]] = {}
    for m in _NAMED_KIND.finditer(text):
        kind, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        found.setdefault(re.sub(r"\s+", " ", kind.lower()).rstrip("s"), set()).add(name.lower())
    return found


def named_kind_conflict(entities: list[str], sentence: str) -> bool:
    """The sentence names another place of the kind the question names, and not the asked one: "waves along the
    shores of Lake Michigan" for a question on Lake Huron's waves."""
    asked = _kinds_named(" ".join(entities))
    if not asked:
        return False
    stated = _kinds_named(sentence)
    return any(kind in stated and not names & stated[kind] for kind, names in asked.items())


def sibling_name_conflict(entities: list[str], sentences: Sequence[str], min_words: int = 3) -> bool:
    """The sentence and its neighbours (`sentences`) name another of an asked name's kind, the same but for one word
    before the last ("the 2009 MTV Video Music Awards" for the MTV Europe Music Awards), and never the asked one: they
    tell of the other. (Read sentence by sentence: "... in June. De Mel will" holds no name "June De Mel".)"""
    window = without_accents(" ".join(sentences))
    lower = window.lower()
    for entity in entities:
        words = [w.lower() for w in without_accents(entity).split() if w.lower() not in _NAME_JOINERS]
        # (as written, word for word: a looser mention, "the Agriculture Committee" for the House's, is the question)
        written = r"\b" + r"\s+(?:(?:of|the|and|&)\s+)*".join(map(re.escape, words)) + r"\b"
        if len(words) < min_words or re.search(written, lower):
            continue
        for m in (m for sentence in sentences for m in _NAME_RUN.finditer(without_accents(sentence))):
            # (an owner is no part of the name: "Merrill's Roling" is Daniel Roling of Merrill Lynch)
            other = [w.lower() for w in without_owner(m.group()).split() if w.lower() not in _NAME_JOINERS]
            differ = [(a, b) for a, b in zip(words, other) if a != b]
            # (the same kind, its last word: "New York Liberty" is no other New York City; and another word, not the
            # same misspelt: "Beichaun" is Beichuan)
            if len(other) == len(words) and other[-1] == words[-1] and len(differ) == 1 and differ[0][0][:3] != differ[0][1][:3]:
                return True
    return False


_NAME_JOINERS = {"of", "the", "and", "&"}
# (not run over "and": "Bessent and Akazawa" are two people, no other Ryosei Akazawa)
_NAME_RUN = re.compile(r"[A-Z][\w.&'’-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w.&'’-]*)+")


# The country a sentence opens with: "South Korea, meanwhile, ...", "China's exports ...", "The Soviet Union said"
_OPENING_PLACE = re.compile(r"(?:The\s+)?((?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]+)(?:['’]s)?\b")


# A company as the wire names it: marked "<Ryoka Light Metal Industries Ltd>", or capitalised words ending in a kind
# of company ("Fidelity International Ltd", "Saga Petroleum")
_COMPANY_NAMED = re.compile(r"<([A-Z][^<>\n]{0,60}[a-z][^<>\n]{0,60})>|((?:[A-Z][\w&'.-]*\s+(?:(?:and|of|&)\s+)?){1,5}(?:Co|Corp|Corporation|Inc|Ltd|Plc|PLC|AG|SA|"
                            r"NV|KK|Bhd|Group|Petroleum|Industries|Holdings|Cos)(?![\w-]|\s+[A-Z][a-z]))")  # not "World Petroleum Congress"
_REPORTED = re.compile(r"\b(?:said|says|told|reported|announced)\b")
_REFERS_BACK = re.compile(r"\s*(?:It|Its|He|His|She|Her|They|Their|The\s+(?:company|group|firm|bank|unit|concern))\b")
_COMPANY_KINDS = {"co", "corp", "corporation", "inc", "ltd", "plc", "ag", "sa", "nv", "kk", "bhd", "group", "cos", "the"}


def company_conflict(entities: list[str], question: str, sentence: str) -> bool:
    """The sentence's subject is another company than the one the question asks about, which it does not name:
    "Nippon Light Metal Co Ltd, which has annual capacity of 63,000 tonnes" for Ryoka Light Metal's capacity,
    "Fidelity International Ltd said its funds bought" for FMR Corp's funds. The subject is the first company
    before any "said" ("GE said Pacific Gas and Electric Co will buy" is GE's news); a sentence going on about the
    one before ("It said", "The company said") is about that one's company."""
    if _REFERS_BACK.match(sentence):
        return False
    first = _COMPANY_NAMED.search(sentence)
    reported = _REPORTED.search(sentence) if first else None
    if not first or (reported and reported.start() < first.start()):
        return False
    name = [w for w in re.findall(r"[A-Za-z][\w&-]*", first.group(1) or first.group(2))
            if w.lower() not in _COMPANY_KINDS and w not in ("and", "of")]
    said = {w.lower() for w in re.findall(r"[A-Za-z][\w&-]*", question)}
    initials = "".join(w[0] for w in name if w[0].isupper()).lower()
    # its own first word: "Nippon Light Metal" is not "Ryoka Light Metal"; but "British Petroleum Co Plc" is "BP",
    # "Australia and New Zealand Banking Group" is "ANZ"
    acronyms = {w.lower() for w in re.findall(r"\b[A-Z]{2,5}\b", question)}
    if not name or name[0].lower() in said or any(initials.startswith(a) for a in acronyms):
        return False
    lower = sentence.lower()  # (last: the dearest reading, for the few sentences another company opens)
    return any(any(c.isupper() for c in e) and e.lower().strip(" .") not in _COMPANY_KINDS and not is_place(e)
               and not re.search(r"\d", e) and not mentions(lower, e, sentence) for e in entities)


def absent_entities(entities: list[str], passages: Iterable[Passage]) -> list[str]:
    """The entities no passage names (in its title or text): the documents cannot answer a question about them.

    One check for the extractive answerer (a feature, and its reason to abstain) and the LLM answerer (no LLM
    call when the abstention must stand), so both read the same words the same way: the title counts, as a
    headline names what the article is about, and a curly apostrophe is read as a straight one.
    """
    texts = [f"{p.title}\n\n{p.text}".replace("’", "'") for p in passages]
    return [e for e in entities if not any(mentions(text.lower(), e, text) for text in texts)]


def entity_share(text: str, entities: list[str], vouched: dict[str, str] | None = None) -> float:
    """Share of the entities the text names (1.0 when there are none). `vouched`: a name counts as named where the
    person it is a title of is ("former White House chief of staff Donald Regan": "Reagan's former chief of staff,
    Donald Regan", see `affiliations`)."""
    if not entities:
        return 1.0
    text = text.replace("’", "'")
    lower = text.lower()
    vouched = vouched or {}
    return sum(mentions(lower, e, text) or (e in vouched and mentions(lower, vouched[e], text))
               for e in entities) / len(entities)


# A title between a body and a person: "Brown Boveri chairman", "former White House chief of staff", "Fed chairman"
_TITLE_BETWEEN = (r"(?:['’]s)?\s+(?:[A-Za-z-]+\s+){0,3}?(?:(?:former|then|deputy|vice|acting|chief|senior|assistant|under)\s+)*"
                  r"(?:chief\s+of\s+staff|secretary|minister|president|chairman|chairwoman|spokesman|spokeswoman|director|"
                  r"analyst|economist|governor|official|head|chief|executive|commissioner|ambassador|counselor|senator)"
                  r"(?:\s+general)?\s+")


def affiliations(question: str, entities: list[str]) -> dict[str, str]:
    """The names the question gives only as a person's title ("Brown Boveri chairman Fritz Leutwiler"), each with
    that person: a document naming the person need not name the body again."""
    out = {}
    for i, body in enumerate(entities):
        for person in entities[i + 1:]:
            if re.search(re.escape(body) + _TITLE_BETWEEN + re.escape(person), question, re.IGNORECASE):
                out[body] = person
                break
    return out
