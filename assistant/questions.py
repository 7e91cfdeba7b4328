"""What a question asks for: its answer type (date, percent, count, name, list), its entities, and the
spans of that type in a sentence. Rules, not a model: deterministic, offline and fast.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAY_WORD = r"(?:[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine)\b"  # wire copy: "March Four"
_EARLY_YEAR_AFTER = "|".join(rf"(?<=\b{w} )" for w in ("in", "In", "by", "By", "since", "Since", "from", "until", "till",
                                                         "after", "before", "around", "circa", "during", "of"))
_DAY_ENDING = "(?:st|nd|rd|th)?"  # "May 17th", "the 3rd of March"
_DATE = re.compile(
    rf"\b(?:(?:{MONTHS})\s+\d{{1,2}}{_DAY_ENDING}(?:,\s*\d{{4}})?|(?:{MONTHS})\s+{_DAY_WORD}"
    rf"|\d{{1,2}}{_DAY_ENDING}\s+(?:of\s+)?(?:{MONTHS})(?:\s+\d{{4}})?|(?:{MONTHS})\s+\d{{4}}"
    r"|(?:next|last|this|the following|the previous) (?:week|month|year)|(?:1[89]|20)\d{2}s?"
    # the wire's "since end-January", "by mid-March", "in early-April"
    rf"|(?:end|mid|early|late)-(?:{MONTHS})(?:\s+\d{{4}})?"
    # an earlier year after a word that introduces one ("By 1790", "in 1492"), not "1500 workers"
    rf"|(?:{_EARLY_YEAR_AFTER})1[0-7]\d{{2}}s?(?![\d,.]\d)|(?<=\bthe )1[0-7]\d0s"  # (and "until the 1430s")
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    # a century, "the 9th century", "the nineteenth century"
    r"|(?:\d{1,2}(?:st|nd|rd|th)|(?:twenty-)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth))"
    r"[\s-](?i:century))\b"
)
_DAY_ASKED = re.compile(r"\b(?:what|which)\s+(?:exact\s+)?(?:date|day)\b(?!\s+of\s+the\s+week)")
# A name made into a describing word: "Hamburg-based", "state-owned", "Soviet-built".
_DESCRIBING = re.compile(r"-(?:(?i:based|owned|run|controlled|led|backed|built|made|born|registered|listed|funded|"
                         r"flagged|bound)|[a-z]{3,}(?:ed|en))$")  # and any participle: "EEP-subsidized", "Gulf-driven"
_MONTH_ASKED = re.compile(r"\b(?:what|which)\s+month\b")
_MONTH_NAME = re.compile(rf"\b(?:{MONTHS})\b")  # capitalised: not the verb "may"
_A_MONTH = re.compile(rf"\b(?:{MONTHS})\b|\bmonth\b", re.IGNORECASE)
_A_DAY = re.compile(rf"(?<![\d,.])\d{{1,2}}(?!\d|[,.]\d)|day\b|\s{_DAY_WORD}", re.IGNORECASE)
_NUMBER_WORD_LIST = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
                     "fifty|hundred")
# A figure as written in reports and on the wire: "7.5", "1,353", "9-7/8", "seven", "half a".
# Not the 1 of "M-1" or the 7 of "G-7": a figure does not start after a letter and a hyphen.
_NOT_IN_NAME = r"(?<![A-Za-z]-)"
# (a dealer's two-way quote first, whole: "145.10/20 yen", "1.8270/80 marks", not its "10/20 yen")
_FIGURE = rf"(?:\d[\d,]*\.\d+/\d{{1,4}}\b|\d(?:[\d,]*\d)?(?:\.\d+)?(?:-\d+/\d+)?|\d+/\d+|(?:{_NUMBER_WORD_LIST})(?:[- ](?:{_NUMBER_WORD_LIST}))?)"
# (a range's first figure is no year: "the same rate for 1987 and 11 pct growth in 1988" gives "11 pct")
_PERCENT = re.compile(rf"(?i){_NOT_IN_NAME}\b(?:(?!(?:19|20)\d\d\s)(?:{_FIGURE})\s?(?:to|and|-)\s?)?{_FIGURE}\s?(?:%|percent\b|per cent\b|pct\b|"
                      r"percentage points?\b|points?\b|basis points\b)")
# A share given as a fraction: "one-fifth of", "more than one third of", "two-thirds of", "three out of five", "one in
# every three", "half of" (not "the first half of 1987", a period; nor "a third term", an ordinal; nor a rating, "60 out
# of 100").
_FRACTION_PART = (r"(?:half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)")
_FEW = "one|two|three|four|five|six|seven|eight|nine"
_FRACTION = re.compile(
    rf"(?i)\b(?:(?:{_FEW}|a)[- ]{_FRACTION_PART}(?=\s+of\b)|(?:{_FEW})-{_FRACTION_PART}"
    rf"|(?:(?:{_NUMBER_WORD_LIST})\s+out\s+of|(?:{_NUMBER_WORD_LIST}|\d+)\s+in)\s+(?:every\s+)?(?:{_NUMBER_WORD_LIST}|\d{{1,3}})\b"
    r"(?!\s*(?:%|pct|percent|stars?|points?))"
    r"|(?<!first )(?<!second )(?<!latter )(?<!later )(?<!back )(?<!front )(?<!other )half(?=\s+(?:of|the)\b))")
# A work asked for by its kind, and a title as texts quote it: “Crazy in Love”, "Dangerously in Love".
_WORK_KINDS = r"(?:song|album|single|film|movie|book|novel|title|show|series|game|poem|opera|painting|" \
              r"documentary|episode|track|play)"
_WORK_ASKED = re.compile(rf"\b(?:which|what)\s+(?:[\w-]+\s+){{0,3}}?{_WORK_KINDS}s?\b")
_QUOTED_TITLE = re.compile(r"[\"“]([A-Z0-9][^\"“”]{0,80}?)[\"”]")
_PROPORTION_ASKED = re.compile(r"\b(?:share|proportion|portion|fraction|percentage\s+of|percent\s+of)\b")
# An exchange rate is a rate without a percent sign: "pegged at 16.99 to the dollar", "1.8320 marks per dollar".
_EXCHANGE_RATE = re.compile(r"(?i)(?<![\w.])\d+\.\d+(?=\s+(?:[a-z]+\s+)?(?:to|per|against)\s+(?:the\s+|one\s+|a\s+)?"
                            r"(?:u\.s\.\s+)?(?:dollar|pound|yen|mark|franc|sterling|ecu|guilder|lira)s?\b)")
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                 "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundred|thousand|million|billion|"
                 "dozen|several|trillion")
_COUNT = re.compile(rf"{_NOT_IN_NAME}\b(?:\d[\d,.]*(?:\s(?:million|billion|trillion|mln|bln|bn))?|(?:{_NUMBER_WORDS}))\b",
                    re.IGNORECASE)  # (the wire's "1.4 mln 60 kilo bags" is 1.4 mln, not 1.4)
# "1987 season", "1985 reflecting a rise": a year, not an amount
_YEAR_ONLY = re.compile(r"(?:1[89]|20)\d\d(?:/\d\d)?,?\s+[A-Za-z][a-z]+(?:\s(?:a|per)\s[a-z]+)?$")  # "1987 Australian"
_RANGE_BOUND = re.compile(r"\S+\s(?:to|and|-)\s")  # a range's first figure and its joining word
_YEAR_TO = re.compile(r"(?:1[89]|20)\d\d(?:/\d\d)?\s(?:to|and|-)\s")  # "in 1987/88 to 44 dlrs": a year, then the amount


def _after_date(sentence: str, a: int, b: int) -> int | None:
    """Where a figure read from `a` starts when its first number is a date's day joined to it by "to" ("ended April 3
    to 15.73 mln barrels": at 15.73); None when it starts in no date or nothing but a date is there."""
    if not _in_date(sentence, a):
        return None
    bound = _RANGE_BOUND.match(sentence, a, b)
    return bound.end() if bound and not _in_date(sentence, bound.end()) else None


def _year_before(amount: str) -> int:
    """How many characters of a matched amount are a year before it ("1987/88 to 44 dlrs": 11)."""
    year = _YEAR_TO.match(amount)
    return year.end() if year else 0
# Scale words and their values: a question's "3.5 mln" keeps its scale, and evidence reads it as 3,500,000.
SCALES = {"million": 1e6, "mln": 1e6, "billion": 1e9, "bln": 1e9, "billions": 1e9, "trillion": 1e12, "thousand": 1e3,
          "mn": 1e6, "bn": 1e9}
_SCALE = "(?:" + "|".join(SCALES) + ")"
# An amount: a currency sign and figure, or a figure with a scale and/or a unit word ("57.1 mln", "90,000 yen",
# "3.2 mln dlrs", "64.5 cents a lb", "7.6 mln bales"); any word may be the unit, not only known currencies.
# Words that follow a figure without being its unit ("March 30 while", "10 U.S. ...": "while" is no unit; nor a
# multiplier's "times" or a describing word: "three times as much", "311 new short positions").
_NOT_UNIT_WORDS = (r"of|in|to|and|the|a|an|from|for|on|at|by|with|was|were|is|are|while|when|after|before|since|as|"
                   r"but|or|if|than|that|which|who|because|this|its|their|his|her|it|they|he|she|has|have|had|will|"
                   r"would|could|should|may|might|be|been|said|says|against|versus|vs|up|down|over|under|about|into|"
                   r"out|last|next|each|per|times|new|more|other|additional|further|extra|fewer|less")
# A unit of two words: "short tons", "troy ounces", "cubic metres", "European Currency Units"
# or whose dollars: "10 mln Canadian dlrs", "20 mln U.S. Dlrs"
_UNIT_FIRST_WORD = (r"(?:(?:short|long|metric|troy|cubic|square|fine|imperial|european\s+currency)\s"
                    rf"|(?!(?:{_NOT_UNIT_WORDS})\b)(?:[a-z]+|u\.s\.)\s(?=(?:dlrs?|dollars?|cents|cts)\b))")
# A verb's form after a figure is no unit: "a quota of 4.13 mln set in December", "two leading economists",
# "12.95 mln harvested" (but "sterling", "shillings" and "hundred" are units or scales)
_NOT_UNIT_FORM = (r"(?!sterling\b|shillings?\b|hundred\b)[a-z]{3,}(?:ing|ed)|set|put|cut|held|paid|sold|made|left|lost|"
                  r"spent|bought|brought|kept|given|taken|shown|seen|told|found|built|sent|due|now|so|still|already|only|"
                  r"too|earlier|later|respectively|yesterday|today|tomorrow")
# A name before the noun it describes is no unit: "twelve Blocks stores", "three Norstar common shares"
_NOT_A_NAME_BEFORE_NOUN = (r"(?!(?-i:[A-Z][a-z]+)\s+(?-i:[a-z]{3,})\b(?<!\bper)(?<!\band)(?<!\bthe)(?<!\bfor)"
                           r"(?<!\bfrom)(?<!\bwith))")
_AMOUNT = re.compile(
    rf"(?i)(?:[$€£¥]\s?\d[\d,.]*(?:\s{_SCALE})?|{_NOT_IN_NAME}\b{_FIGURE}(?:\s(?:to|and|-)\s{_FIGURE})?"
    rf"(?:\s{_SCALE}(?:\s{_UNIT_FIRST_WORD}?(?!(?:{_NOT_UNIT_WORDS}|{_NOT_UNIT_FORM})\b)[a-z][\w.]*)?"
    rf"|\s?(?:%|pct\b|percent\b)|\su\.s\.\s(?:cents|cts|dlrs?|dollars?)\b(?:\s(?:a|per)\s[a-z]+\b)?|\sper\s[a-z]+\b"
    rf"|\s{_UNIT_FIRST_WORD}?(?!(?:{_NOT_UNIT_WORDS}|{_NOT_UNIT_FORM}|pct)\b){_NOT_A_NAME_BEFORE_NOUN}"
    r"[a-z][a-z.]{1,14}\b(?!-)(?:\s(?:a|per)\s[a-z]+\b)?))")  # (not "100 state-owned companies")
# A capitalised name: words starting upper-case (hyphenated parts allowed), e.g. "Han Duck-soo", "U.S."
# (one name runs through "of" or "of the", "Bank of the Philippines", not through "the" alone: "tell the FNSEA the
# French government" names two)
# The possessive of people named by what they do runs on into the next capitalised word: "the Australian Sugar
# Producers' Association", "the Cane Growers' Council" (not "the Philippines' 1987 U.S. quota").
_AGENTS_POSSESSIVE = r"(?:(?:(?<=[eo]rs)|(?<=ists)|(?<=[ae]nts))['’](?= [A-Z]))"
# (a name's word may join capitals with "&": "AT&T", "C&A", "S&P")
# (an Arabic article joins the word it is part of: "Fadhil al-Chalabi", "el-Sayed")
_NAME_WORD = r"(?:(?:al|el)-)?(?:[A-Z](?:[\w’'.-]|&(?=[A-Z]))*[\w.]|[A-Z])"
# (a name runs over a wrapped line, not over a blank line: "... THROUGH ROUEN FALL\n\nFrench cereal" is two)
NAME_GAP = r"(?:[ \t]+\n?|\n)[ \t]*"
_NAME = re.compile(rf"\b{_NAME_WORD}{_AGENTS_POSSESSIVE}?(?:{NAME_GAP}(?:of{NAME_GAP}(?:the{NAME_GAP})?)?{_NAME_WORD}"
                   rf"{_AGENTS_POSSESSIVE}?)*")
_TITLE_WORDS = {"president", "prime", "minister", "secretary", "treasury", "trade", "representative", "u.s.",
                "japanese", "japan’s", "mr.", "ms.", "dr.", "chief", "economic", "finance", "foreign", "the"}
_PERSON_TITLES = {"president", "minister", "secretary", "chairman", "director", "governor", "treasurer", "spokesman",
                  "spokeswoman", "ambassador", "representative", "commissioner", "chief", "senator", "king", "queen"}
# Titles written before a person's name in a question as well ("Trade Representative Clayton Yeutter", "Sen. Dole").
_TITLES_BEFORE_NAMES = _PERSON_TITLES | {"undersecretary", "analyst", "economist", "sen", "rep", "mr", "mrs", "ms", "dr",
                                         "premier", "negotiator", "envoy", "chancellor"}


_ROLE_HOLDER_ASKED = re.compile(r"\bwho\s+(?:is|was|are|were|will\s+be|became|becomes|has\s+been)\s+(?:the\s+)?"
                                r"(?:[\w'’.&-]+\s+){0,8}?(?:" + "|".join(sorted(_TITLES_BEFORE_NAMES)) + r")s?\b", re.IGNORECASE)


def asks_role_holder(question: str) -> bool:
    """"Who is the National Pork Producers Council's director of consumer affairs?": a person holding a role, never
    the department or company a sentence names instead."""
    return bool(_ROLE_HOLDER_ASKED.search(question))


def name_after_title(name: str) -> str | None:
    """The person's name after the last title in a name ("Energy Minister Subroto" -> "Subroto", "Chancellor of
    the Exchequer Nigel Lawson" -> "Nigel Lawson"), or None."""
    words = name.split()
    titles = [i for i, w in enumerate(words[:-1]) if w.lower().rstrip(".") in _TITLES_BEFORE_NAMES]
    if not titles:
        return None
    rest = words[titles[-1] + 1:]
    if rest[0] == "of":  # the office's domain, then the person; or no person at all ("Minister of Heavy Industries")
        rest = rest[2:] if len(rest) > 1 and rest[1] == "the" else rest[1:]
        return " ".join(rest[1:]) if len(rest) > 2 else None
    return " ".join(rest)


def names_person(name: str, text: str = "") -> bool:
    """Does the name stand for a person: a title inside it, or one just before it in the text ("finance minister
    Cesar Gaviria")? "It" never refers to one."""
    if name_after_title(name):
        return True
    before = re.search(rf"([\w.]+)\s+{re.escape(name)}", text)
    return bool(before and before.group(1).lower().rstrip(".") in _TITLES_BEFORE_NAMES)


# Words that make a name an organization's or a place's, never a person's ("Caribbean Petroleum Exporters").
_ORGANIZATION = re.compile(r"\b(?:Committee|Commission|Council|Bank|Corp|Corporation|Company|Co|Inc|Ltd|Ministry|Ministries|"
                           r"Department|Association|Agency|Board|Fund|Exchange|Union|Party|Group|Organi[sz]ation|Institute|"
                           r"Office|Authority|Strait|Senate|House|Congress|Parliament|Government|Service|Exporters|"
                           r"Producers|Federation|Countries|Nations|Trust|Holdings|Industries|Airlines|University|Plc|PLC|Movement|Front|"
                           r"Alliance|League|Coalition|Foundation|Society|Departments|Committees|Councils|Banks|Groups|Associates|Partners|Enterprises|Securities|Brothers|"
                           r"Investors)\b")


def is_organization(name: str) -> bool:
    return bool(_ORGANIZATION.search(name))


def names_a_thing(name: str) -> bool:
    """The name is a thing's, made, agreed or held, never anyone's: "Grammy Awards", "Best R&B Album",
    "Louvre Accord"."""
    return _has_word_of(name.split(), _NAMED_THING_WORDS)


def _has_word_of(words: list[str], vocabulary: frozenset[str]) -> bool:
    """Some word, in lower case and without its possessive ending ("Awards'"), is in the vocabulary."""
    return any(_POSSESSIVE_END.sub("", w.lower().strip(".,")) in vocabulary for w in words)


_WH_START = re.compile(r"^\s*(?:and\s+|so\s+|but\s+)?(whats|whos|hows|wheres|whens|what|which|who|whom|whose|when|where|why|how|on|in|by|at|"
                       r"is|are|was|were|do|does|did|will|can|could|should|has|have|had)\b", re.IGNORECASE)
TIME_EXPRESSION = re.compile(
    rf"\b(?:(?:early|mid|late|end of|the end of)[- ])?(?:(?:{MONTHS})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?"
    r"(?:\s*(?:-|to)\s*\d{1,2}(?:st|nd|rd|th)?\b(?![.,]\d))?)?(?:,?\s+\d{4})?"  # (and a range of days: "February 1-25")
    r"|(?:1[89]|20)\d\d(?:[/-](?:(?:1[89]|20)\d\d|\d\d))?s?|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    # a month abbreviated before its day ("Aug 29, 2011", "Sept. 3"), not a name ("Jan Smith", "Mar del Plata")
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+\d{1,2}\b(?![.,]\d)(?:,?\s+\d{4})?)\b")
_PRONOUNS = re.compile(r"\b(he|him|his|she|her|hers|they|them|their|it|its|this|that|these|those|there|the same)\b",
                       re.IGNORECASE)
# An adverb by its ending ("Officially", "Eventually"), not a name ending in -ly ("Connolly", "Kimberly", "Italy")
_ADVERB_ENDING = re.compile(r"[A-Z][a-z]{3,}(?:ally|ently|ately|ously|ively|ingly|edly|arly|ibly|ably)|[A-Z][a-z]{2,}ely|"
                            r"[A-Z][a-z]{2}ally")  # ("Finally", "Usually")
# Sentence adverbs that end otherwise, opening a sentence ("Meanwhile, Bond is taken to ..."; "However" is a common
# start)
_SENTENCE_ADVERBS = {"Meanwhile", "Moreover", "Furthermore", "Nevertheless", "Nonetheless", "Instead", "Thus", "Hence",
                     "Afterward", "Afterwards", "Later", "Today", "Yesterday", "Still", "Also", "Therefore", "Otherwise",
                     "Likewise", "Indeed"}
# A feast or holiday is a time, no name of who or what: "after the school Halloween pageant"
_HOLIDAY = re.compile(r"(?:Christmas|Easter|Halloween|Thanksgiving|New\s+Year|Ramadan|Passover|Hanukkah|Diwali|Lent|"
                      r"Pentecost|Whitsun|Epiphany)(?:\s+(?:Day|Eve))?")
# "No. 6", "Op. 25", "Vol. 3": an abbreviation numbering something, no name
_NUMBERING = re.compile(r"[A-Z][a-z]{0,3}\.\s*\d")
_COMMON_STARTS = {"some", "many", "most", "all", "both", "other", "such", "while", "when", "after", "before",
                  "however", "according", "analysts", "officials", "japanese", "american", "the", "a", "an", "this",
                  "that", "these", "those", "he", "she", "they", "it", "at", "in", "on", "but", "and", "if", "as",
                  "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "few"}
_PEOPLES = {"japanese", "american"}
_OPENERS = {"near", "across", "against", "along", "around", "behind", "below", "beside", "inside", "outside", "over",
            "through", "toward", "towards", "until", "upon", "within", "via", "despite", "throughout", "amid",
            "including", "excluding", "compared", "early", "late", "mid", "besides", "apart", "according", "after", "before", "since", "given", "under", "with", "without",
            "for", "from", "regarding", "about", "between", "among", "following", "during", "other", "than",
            "except", "aside", "beyond", "tell", "explain", "describe", "list", "name", "give", "please", "the",
            "a", "an", "into", "to", "of", "as", "if", "whether", "then", "also", "and", "but", "so", "once", "twice",
            "because", "although", "though", "unlike", "whereas", "while", "unless", "instead", "thanks", "due", "like",
            # participles that open a sentence or a question ("Starting June 2, ...", "Based on the spread, ...")
            "starting", "beginning", "effective", "based", "assuming", "considering", "concerning", "using", "judging",
            "speaking"}
_QUANTITY_NOUNS = (r"(?:price|cost|value|level|total|amount|figure|margin|output|"
                   r"production|deficit|surplus|profit|loss|revenue|sales|exports|imports|reserves|capacity|volume|"
                   r"earnings|income|debt|budget|spending|investment|turnover|premium|rebate|subsidy|payment|target|"
                   r"forecast|estimate|size|balance|demand|supply|stocks?|harvest|crop|yield|quota|tonnage|dividend|bid|"
                   r"offer|fine|fee|tariff|wage|salary|sum|figures|bonus(?:es)?|worth|shortage|shortfall|excess|net|limit|stake|holding(?!\s+compan)|"
                   r"shipment|arrival|deliverie|receipt|loading|planting|roasting|grinding|crushing|sowing|"
                   r"consumption|inventorie|slaughter|record\s+(?:low|high)|"
                   # "To what low did the dollar fall?" (not "What high school ...?")
                   r"(?:low|high|peak|trough)(?=\s+(?:did|does|do|was|were|is|are|has|had|have|will|would)\b))s?")
# "What FOB price ...", "What 1986/87 current account deficit ...": the question asks for a quantity; not "Which
# ministry announced the quota?", whose phrase ends at its verb.
# "What GNP growth does WestLB forecast ...?", "How much GNP growth ...?": growth is stated as a rate (not "What slowed
# the growth of solar energy?", nor "Which official said ... 3.0 pct growth?")
_GROWTH_ASKED = re.compile(r"^\W*(?:and\s+)?(?:what|how\s+much)\s+(?:(?:is|was|are|were)\s+)?(?:(?!\w+ed\b)[\w.'’/-]+\s+){0,8}?"
                           r"growth\b(?!\s+of\s+what)")
_QUANTITY_ASKED = re.compile(
    r"\b(?:what|which)\s+(?:(?:is|was|are|were)\s+)?"
    r"(?:(?!\w+ed\s+(?:the|a|an|its|their|his|her|this|that)\s)"  # "announced the": a verb and its object
    r"(?!(?:did|does|do|has|have|had|will|would|can|could|is|was|are|were)\s)"  # an auxiliary
    r"(?!(?:which|who|whom|said|says|told|used|received|gave|won|determines)\s)"  # nor a clause
    # (up to five words before: "What was East Germany's 1986 winter barley harvest"; a "debt rating" is a grade, "CCC";
    # "tariff talks" are talks)
    rf"[\w/.'’-]+\s+){{0,5}}?{_QUANTITY_NOUNS}\b(?!\s+(?:ratings?|talks|negotiations|dispute|policy)\b)")
# "What did the reserves total ...?", "What did Yonhap say the current account surplus was?": a quantity as well.
_QUANTITY_VERB = re.compile(r"^\s*(?:and\s+)?what\s+(?:did|does|do|will|would)\s+(?:[\w'’./-]+\s+){1,10}?"
                            r"(?:total|amount\s+to|stand\s+at|come\s+to|average|earn|cost|spend|pay)\b|"
                            r"^\s*(?:and\s+)?what\s+(?:does|did|will|would)\s+it\s+cost\b|"
                            # "what does he expect its repair income to reach": not "what accord did they reach"
                            rf"^\s*(?:and\s+)?what\s+(?:did|does|do|will|would)\s+(?:[\w'’./-]+\s+){{0,8}}?"
                            rf"{_QUANTITY_NOUNS}\s+(?:to\s+)?(?:reach|hit|rise\s+to|fall\s+to|climb\s+to)\b|"
                            # "What does the embassy forecast for palm oil exports?": a figure foreseen
                            rf"^\s*(?:and\s+)?what\s+(?:did|does|do|will|would)\s+(?:[\w'’./-]+\s+){{1,6}}?"
                            rf"(?:forecast|expect|predict|project|estimate)\s+for\s+(?:[\w'’./-]+\s+){{0,5}}?"
                            rf"{_QUANTITY_NOUNS}\b")
_QUANTITY_LAST = re.compile(rf"^\s*(?:and\s+)?what\b.*\b{_QUANTITY_NOUNS}\s+(?:was|were|is|are|will\s+be|would\s+be|"
                            r"stood)\s*\??\s*$|^\s*(?:and\s+)?what\b.*\bworth\s*\??\s*$|"  # "What is the find worth?"
                            r"^\s*(?:and\s+)?what\s+(?:did|does|do|will|would)\s+.{1,80}?\bput\s+.{1,80}?\bat\b")
_ADVERB = re.compile(r"[A-Z][a-z]+ly")  # "Roughly", "Currently": a sentence-initial adverb
_FOLLOW_UP_START = re.compile(r"^\s*(and|also|what about|how about|but|then|so)\b", re.IGNORECASE)


@dataclass
class QuestionInfo:
    text: str
    answer_type: str  # date | percent | count | amount | person | name | list | fact
    entities: list[str] = field(default_factory=list)


_COUNTRY_ASKED = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:country|countries|nation|nations)\b", re.IGNORECASE)


def asks_country(question: str) -> bool:
    """The question asks which country ("Which country censored ...?", "In what European nation ...?")."""
    return bool(_COUNTRY_ASKED.search(question))


_REGION_ASKED = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:province|provinces|state|states|region|regions|"
                           r"district|districts|county|counties|city|cities|town|towns)\b", re.IGNORECASE)


_BODY_ASKED = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}(?:company|companies|firm|firms|bank|banks|newspaper|"
                         r"agency|organi[sz]ation|corporation|airline|carrier|broker|insurer|retailer|label|studio|"
                         r"publisher|band|group|club|team|consortium|association|union)\b", re.IGNORECASE)


def asks_body(question: str) -> bool:
    """The question asks for a company or other body ("What company included the soundtrack ...?"): a country or
    its capital does not answer."""
    return bool(_BODY_ASKED.search(question))


_COMPANY_ASKED = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}(?:company|companies|firm|firms|corporation|"
                            r"airline|broker|insurer|retailer|exporter|importer|trading house)\b", re.IGNORECASE)
# The last words of the names a government gives its own bodies: no company, though both have capitalised names
GOVERNMENT_BODY_WORDS = ("Department", "Ministry", "Agency", "Commission", "Council", "Office", "Administration", "Bureau",
                         "Government", "Treasury", "Parliament", "Congress", "Senate", "Cabinet", "Authority")
_GOVERNMENT_BODY = re.compile(rf"\b(?:{'|'.join(GOVERNMENT_BODY_WORDS)})$")


def asks_company(question: str) -> bool:
    """The question asks for a business ("Which company received the bonuses?"): a government body, "the U.S.
    Agriculture Department" that announced them, does not answer."""
    return bool(_COMPANY_ASKED.search(question))


def is_government_body(name: str) -> bool:
    """A government's body by its name's last word ("U.S. Agriculture Department", "Finance Ministry")."""
    return bool(_GOVERNMENT_BODY.search(name.strip(" .,")))


# ("To which English port was the ferry bound?", "Which Belgian resort ...": a place by its kind, whatever the preposition;
# no verb before the kind: "What were Permian Basin Royalty Trust's revenues?" asks no basin)
_BEFORE_KIND = r"(?:(?!(?:is|was|are|were|did|does|do|will|has|have|had)\b)[\w-]+\s+){0,2}"
_PLACE_ASKED = re.compile(rf"^\s*(?:and\s+)?where\b|\b(?:in|to|from|at|near|into|through|off) (?:which|what) {_BEFORE_KIND}"
                          r"(?:country|state|province|city|port|region|town|area|place|village|island|resort)\b(?![-'’])"
                          rf"|\b(?:which|what) {_BEFORE_KIND}(?:port|city|town|village|province|resort|basin|river|waterway|"
                          r"strait|island)\b(?![-'’])", re.IGNORECASE)


# "Where did the dollar close against the yen?", "Where did the base rate stand?": the market's idiom for a level
_MARKET_LEVEL_ASKED = re.compile(
    r"^\s*(?:and\s+)?where\s+(?:did|does|do|will|would|is|was|were|are|had|has|have)\s+"
    r"(?!(?:[\w.'’/-]+\s+){0,6}?(?:talks|meeting|conference|summit|session|visit|tour|journey|voyage|trip|negotiations)\b)"
    r"(?:[\w.'’/-]+\s+){1,8}?(?:(?:close|closed|finish|finished|settle|settled|stand|stood|end|ended|trade|traded|"
    r"be\s+trading|trading)(?=\s*(?:\?|$|,|at\b|against\b|in\b|on\b|late\b|early\b|ahead\b|yesterday\b|today\b|"
    r"when\b|after\b|before\b|that\s+(?:day|week|session)\b|its\s+(?:[\w-]+\s+)?(?:day|week|session)\b))|"
    # (a market opens at a level, an exhibition in a place: "open" only with its day or what it is against)
    r"(?:open|opened)(?=\s+(?:at\b|against\b|that\s+(?:day|week|session)\b|its\s+(?:[\w-]+\s+)?(?:day|week|session)\b)))",
    re.IGNORECASE)


def asks_per_share(question: str) -> bool:
    """"At what price per share ...?": a price a share ("13 dlrs a share"), not what a sale of shares raises."""
    return bool(_PER_SHARE_ASKED.search(question))


def asks_level(question: str) -> bool:
    """"Where did spot sugar close?" asks the price it closed at, not a place."""
    return bool(_MARKET_LEVEL_ASKED.search(question))


def asks_place(question: str) -> bool:
    """The question asks where ("Where was the carrier heading?", "In which port ...?"): a company is no answer."""
    return bool(_PLACE_ASKED.search(question)) and not asks_level(question)


def asks_region(question: str) -> bool:
    """The question asks for a part of a country ("In which Zimbabwean province ...?"): a country does not answer."""
    return bool(_REGION_ASKED.search(question))


# A phrase before the question proper, up to the comma after which the question word comes.
# Not a question of its own: "When does the meeting in Brussels, where ..., start?" asks when.
_LEADING_CLAUSE = re.compile(r"^(?![^,]*\b(?:what|which|who|whom|whose|where|how)\b)"
                             r"(?!\s*(?:and\s+)?when\s+(?:will|would|did|does|do|is|was|are|were|has|have|had|can|could)\b)"
                             r"[^?,]{3,120},\s+"
                             r"(?=(?:what|which|who|whom|whose|when|where|how)\b)")


_SET_OFF_CLAUSE = re.compile(r",\s*(?:whose|which|who|whom)\b[^,?]*,")


# A time of day: "at 7.00 A.M. (0300 GMT)", "10.30 a.m. local time"
_CLOCK_AFTER = re.compile(r"\s?(?:a\.?m\b|p\.?m\b|gmt\b|est\b|edt\b|bst\b|cet\b|hrs\b|local\s+time\b)", re.IGNORECASE)
_POSSESSIVE_END = re.compile(r"['’]s?$")
_PERCENT_SIGN = re.compile(r"\s?(?:%|pct\b|percent\b|per cent\b)")
# Words naming a person by their role. The answer-type test for "which/what <role>" adds "official", "manager",
# "officer" and ranks to them; `_PERSON_HEAD`, where the role heads the question, does not ("What official price").
_PERSON_ROLES = (r"minister|secretary|negotiator|lawmaker|person|leader|director|chairman|president|spokesman|"
                 r"spokeswoman|economist|analyst|executive|governor|senator|ambassador|envoy|commissioner|banker|premier|"
                 r"judge|chancellor|mayor|adviser|advisor|strategist|diplomat|congressman|chairwoman|legislator|composer|"
                 r"author|writer|scientist|scholar|historian|critic|professor|artist|architect|musician|singer|actor|"
                 r"actress|poet|painter|philosopher|inventor|explorer")
# A wh-phrase headed by a person's role, its verb after it: "Which Time Inc executive told ...", "Which Dean Witter
# Reynolds economist commented ..." (not "What official price did ...": "official" is no role there; nor "Which
# city's mayor ...?", which asks the city)
_PERSON_HEAD = re.compile(
    r"\s*(?:and\s+)?which\s+(?:(?!(?:is|was|are|were|did|does|do|will|has|have|had)\b)(?![\w.&-]+['’]s?\s)[\w.&-]+\s+)"
    rf"{{0,5}}?(?:[a-z]+-)?(?:{_PERSON_ROLES})\s+(?:is|was|are|were|did|does|do|will|has|have|had|would|could|should|"
    r"can|may|might|must|said|says|told|tells|made|led|met|put|set|cut|saw|took|gave|went|ran|won|became|[a-z]+ed)\b")
_AIM_ASKED = re.compile(r"\b(?:target\w*|goal|aim\w*|forecast\w*|plan\w*|projected|projection|budget\w*)\b")
_ACTUAL_BEFORE = re.compile(r"\bactual(?:ly)?\s+(?:[a-z]+\s+)?$")
_POPULATION_ASKED = re.compile(r"\b(?:population|inhabitants|residents|people\s+live|lives?\s+in|populous|citizens)\b")
_PLACE_OF_BEFORE = re.compile(r"\b(?:city|country|nation|town|state|island|province|region|village|capital|metropolis)"
                              r"\s+of\s+(?:about\s+|some\s+|nearly\s+|almost\s+|around\s+|over\s+|more\s+than\s+)?$",
                              re.IGNORECASE)
# "Who" doing what firms do (buy, sell, own, bid, merge, lend): a company may be the answer as well as a person.
_COMPANY_DEED = re.compile(
    r"^\s*(?:and\s+)?who\s+(?:(?:is|was|are|were|will|would|has|had|may|might|could|plans?\s+to|wants?\s+to|"
    r"agreed\s+to|offered\s+to)\s+)?(?:buy|buys|bought|buying|acquir\w*|purchas\w*|sells?|sold|selling|owns?|owned|"
    r"bid|bids|bidding|(?:take|takes|took|taking|taken)\s+over|merg\w*|lend|lends|lent|lending|underwr\w*)\b")


# A person or a book, not a quantity: "which historical figure", "what famous volume"
_FIGURE_OF_SPEECH = re.compile(r"\b(?:historical|public|political|key|famous|religious|literary|prominent|leading|"
                               r"central|cultural|important|authority|father|mother|well-known)\s+"
                               r"(?:figures?|volumes?)$")


def _asks_quantity_noun(q: str) -> bool:
    """A wh-phrase headed by a quantity's noun ("What FOB price ..."), not by a person or a book described so."""
    found = _QUANTITY_ASKED.search(q)
    return bool(found) and not _FIGURE_OF_SPEECH.search(found.group())


def answer_type(question: str) -> str:
    """The type of span that answers the question, from its wording (its main clause: "According to the FTC, what
    would the levy cost?", "When the auction drew 370 bids, what rate did the kwacha fall to?")."""
    q = _LEADING_CLAUSE.sub("", question.lower(), count=1)
    # (nor a clause set off by commas: "Where is Mercantile Bancorp, whose bank raised its prime rate, based?" asks a
    # place, not a rate)
    q = _SET_OFF_CLAUSE.sub(" ", q)
    # "Who ...?" and "Which Dean Witter economist commented ...?" ask a person whatever else they name (the prime
    # rate, a time), read from the wh-phrase that opens the question; "Who is buying KHJ-TV?" a company as often
    if re.match(r"\s*(?:and\s+)?(?:who|whom)\b", q) or _PERSON_HEAD.match(q):
        return "name" if _COMPANY_DEED.search(q) else "person"
    # "When will ...", "and when did ...": not "What did he say when analysts asked him?", which asks what he said.
    if re.search(r"^\s*(?:(?:and|so|but|then)\s+)?when\b|\bwhen (?:will|would|did|does|do|is|was|are|were|has|have|had|"
                 r"can|could|should|must|might)\b|\bwhen\s*\?\s*$|(?:what|which) (?:(?:is|was) )?(?:the )?(?:(?:first|last|exact|same) )?(?:date|day|time|year|month)\b|in what year|"
                 r"how soon|how long ago|by what date|\b(?:what|which)\s+(?:[\w-]+\s+){0,4}?(?:dates?|deadline)\b|"
                 r"\bin (?:what|which) years\b|\b(?:what|which) (?:decade|century)\b", q):
        return "date"
    if re.search(r"\bhow many\b|\bhow often\b|^\s*(?:and\s+)?how old\b|\bat what age\b", q) or (
            re.search(r"\bnumber of\b", q) and not re.search(r"\bby how much\b", q)):  # an age is a count of years
        return "count"  # (not "By how much does it cut the number of spot welds?": a change, "65 pct")
    if re.search(r"\bexchange rate\b(?!\s+(?:of|for)\s+(?:interest|growth))", q) and not _CHANGE_ASKED.search(q) \
            and not re.search(r"\b(?:percent|percentage|per cent)\b|%", q):
        return "amount"  # "Which sterling exchange rate ...?": "2.90 marks", a price in another currency
    if re.search(r"\b(?:rate|percent|percentage|per cent|coupon|volatility)\b|%", q) or _GROWTH_ASKED.search(q) or (
            re.search(r"\bhow (?:high|much) (?:is |are |was )?(?:the )?(?:tariff|dut|levy|tax)", q)
            and not re.search(r"\b(?:pay|pays|paid|paying|collect(?:s|ed)?|raise[sd]?)\b", q)):  # not "how much tax did it pay"
        return "percent"
    if re.search(r"^\s*(?:and\s+)?what\s+(?:[\w-]+\s+)?(?:tariffs?|duty|duties|levy|levies|tax)\s+"
                 r"(?:does|did|do|is|was|will|has|have|would)\b", q):
        return "percent"
    if re.search(r"\b(?:what|which) (?:share|proportion|portion|fraction)\b", q):
        return "percent"
    if re.search(r"\b(?:inflation|unemployment)\b", q) and not re.search(r"^\s*(?:and\s+)?(?:who|whom|whose|which|where)\b", q):
        return "percent"  # "What was South Africa's consumer price inflation in February?": "16.3 pct"
    if re.search(r"\bhow (?:much|large|big|high|low|far|heavy|long|fast)\b", q) or _asks_quantity_noun(q) \
            or asks_level(q) \
            or _QUANTITY_VERB.search(q) or _QUANTITY_LAST.search(q):
        return "amount"
    if re.search(r"\bwho(?:se|m)?\b", q):  # (one opening the question was typed above)
        return "person"
    if asks_place(q):
        return "name"
    if re.search(r"\b(?:which|what)\s+(?:(?!(?:is|was|are|were|did|does|do|will|has|have|had)\b)[\w.-]+\s+){0,5}"
                 rf"(?:[a-z]+-)?(?:official|manager|officer|king|queen|emperor|{_PERSON_ROLES})\b", q):
        return "person"  # "With which Argentine official ...": a person, not the country she speaks for
    if re.search(r"\bwhat\s+(?:(?:is|was|will|would)\s+)?(?:[\w.-]+\s+){0,12}?be\s+(?:called|named)\b|\bwhat\s+(?:is|was|are|were)\s+"
                 r"(?:\w+\s+){0,6}?called\s*\?|\bwhat\s+name\b|\bthe name of\b", q):
        return "name"  # "What will the joint venture be called?"
    if re.search(r"\b(?:which|what)\s+(?:(?!(?:is|was|are|were|did|does|do|will|has|have|had)\b)[\w.-]+\s+){0,3}(?:newspaper|outlet|agency|company|organi[sz]ation|news|"
                 r"publication|paper|media|country|nation|city|"
                 r"firm|bank|group|port|province|state|exchange|pipeline|field|mine|"
                 r"refinery|trader|ship|vessel|institution|authority|ministry|department|"
                 r"union|party|association|committee|council|court|university|fund|board|commission|institute|"
                 r"corporation|consortium|bureau|carrier|airline|team|club|body|daily|weekly|magazine|terminal|plant|"
                 r"basin|oilfield|site|smelter|facility|governorship|region|district|island|unit|subsidiary|division|"
                 r"gathering|conference|summit|congress|forum|convention|symposium|"
                 r"language|dialect|nationality|religion|"  # (a language or a faith is written as a name)
                 rf"{_WORK_KINDS})\b", q):  # (and a work by its title: "Which song ...?")
        return "name"
    if re.search(r"\b(?:which|what)\s+(?:\w+\s+)?(?:countries|nations|items|issues|products|allies|partners|"
                 r"interests|topics|areas|members|officials)\b|\bwhat (?:other|else)\b|\bbesides\b|^\s*list\b", q):  # "List the ...", not "on the Time 100 list"
        return "list"
    return "fact"


_FROM_PEOPLE = re.compile(r"^((?:Soviet|American|British|French|German|Japanese|Chinese|Canadian|Australian|Italian|"
                          r"Spanish|Dutch|Swiss|Swedish|Brazilian|Mexican|Argentine|Indian|Korean|Iranian|"
                          r"Iraqi|Nigerian|Indonesian|Malaysian|Thai|Philippine|Belgian|Norwegian|Danish|Finnish|"
                          r"Austrian|Greek|Turkish|Egyptian|Israeli|Pakistani|Venezuelan|Colombian|Chilean|Peruvian|"
                          r"Ecuadorean|Zambian|Kenyan))(?:-(?:run|owned|based|led|made))?\s+(?=[A-Z][a-z])")


def _describes_a_name(name: str, question: str) -> bool:
    """A people's name alone that describes the company named a few lower-case words after it ("Belgian arms maker
    Fabrique Nationale Herstal"): the company is named, and the text need not say where it is from."""
    people = _FROM_PEOPLE.match(f"{name} Xx")
    described = people and people.group(1) == name and re.search(
        rf"(?<!\w){re.escape(name)}\s+((?:(?!(?:to|from|in|of|for|with|by|at|on|and|or|the|a|an|than|as|{_AUXILIARY})\b)"
        r"[a-z][\w-]*\s+){1,3})[A-Z][a-z]", question)
    # (not a person's title: "Colombian finance minister Cesar Gaviria" speaks for Colombia)
    return bool(described) and not any(w in _TITLES_BEFORE_NAMES | _TITLE_WORDS for w in described.group(1).split())


def _from_people(name: str) -> list[str]:
    """A two-word name made of a people's name and a proper name, as its two names; other names as they are
    ("Japanese Finance Ministry", whose words are looked for apart anyway)."""
    match = _FROM_PEOPLE.match(name)
    if match and name[match.end():].lower() in _COUNTRY_NOUNS:
        return [name]  # "Soviet Union", "Saudi Arabia", "European Community": a country's (or a bloc's) one name
    return [match.group(1), name[match.end():]] if match and " " not in name[match.end():] else [name]


_COUNTRY_NOUNS = frozenset("union republic kingdom emirates community states arabia".split())


_FIRST_PERSON = re.compile(r"I['’](?:d|m|ve|ll)")  # "I'd like to know ...": the asker, no name


_TERM_ADJECTIVES = r"(?:Federal|National|Central|Provincial|Municipal|Royal|Imperial)"


_YEAR_RANGE_END = re.compile(r"\b((?:1[89]|20)\d\d)-\d{1,2}\b")  # "the 2013-4 season": one time, read by its year
_SLASH_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b")  # "by 2/21/2016": a date the text writes its own way


def entities(question: str) -> list[str]:
    """Proper names and numbers the evidence must mention for the question to be answered."""
    body = _WH_START.sub("", _FOLLOW_UP_START.sub("", question, count=1), count=1)
    # Times are checked as times (with the document's date), not as words: "in March 1987", "1986/87".
    body = TIME_EXPRESSION.sub(lambda m: " " * len(m.group()), _SLASH_DATE.sub("", _YEAR_RANGE_END.sub(r"\1", body)))
    # "What 2 critics ...?": a figure right after the question word counts what is asked
    counted = bool(re.match(r"\s*(?:and\s+)?(?:what|which)\s+\d", question, re.IGNORECASE))
    found = []
    for match in _NAME.finditer(body):
        name = re.sub(r"(?:’s|'s|’|')$", "", match.group()).strip(" .")
        words = [w for w in name.split() if w.lower() not in {"the", "of", "i"} and not _FIRST_PERSON.fullmatch(w)]
        if match.start() == 0 and words and (words[0].lower() in _OPENERS or _is_stopword(words[0]) or (
                _ADVERB.fullmatch(words[0]) and len(words[0]) > 6 and not match.group().endswith(("'s", "’s")))):
            words = words[1:]  # "Besides trade deficits, ...", "Roughly how many": a capitalised opener is not a name
        elif match.start() == 0 and len(words) == 1 and question.lstrip().startswith(words[0]) \
                and not match.group().endswith(("'s", "’s")) and _common_word(words[0]):
            words = []  # "Rather than beats, ...", "Public figures' impressions ...": the question's first word
        if words and not (len(words) == 1 and _WH_START.match(name)):  # (a question word is no name anywhere:
            # "... may have gone far enough Who chairs it?", a follow-up run on after the earlier question)
            found += _person_of_body(name, words)
    # "Japan-U.S. talks": two names joined, each of which the evidence may name on its own ("Japan", "United States")
    # "RKO's KHJ": an owner and what it owns, two names ("the RKO license for KHJ")
    # (not "Farmer-Owned Grain Reserve" nor "State-Run Airline": a participle after the hyphen joins no second name)
    found = [part for name in found for part in re.split(
        r"(?<!\bal)(?<!\bel)-(?=[A-Z])(?![A-Z][a-z]+ed\b|(?:Run|Led|Made|Built|Grown)\b|[A-Z]+\d)|(?:'s|’s)\s+(?=[A-Z])",
        name)]  # (nor "C-X75": a model's code is one name)
    # "China-based", "Hamburg-based Unimar": the place the text names, apart from what is based there
    found = [part for name in found for part in _described(name)]
    # "Mediterranean LPG": a word and initials, each of which the text may give apart ("LPG ... Mediterranean prices")
    found = [part for name in found for part in (name.split() if _WORD_AND_INITIALS.fullmatch(name) else [name])]
    # (not the 2 of "M-2"; a scale stays with its number: "3.5 mln" is also written "3,500,000")
    # (nor how many things are asked for, "What 2 critics ...?", which "What two critics ...?" would not name either)
    found += [re.sub(r"[.,]+(?=\s|$)", "", m.group()) for m in re.finditer(
        rf"{_NOT_IN_NAME}\b\d[\d,.]*\b(?:\s+{_SCALE}\b)?", body, flags=re.IGNORECASE)
        if not (counted and not body[:m.start()].strip())]
    found += re.findall(r"\b\d{1,3}(?:st|nd|rd|th)\b", body)  # "the 57th Grammy Awards": which one is asked
    # (a people's name alone is a name the evidence must give: "Which Japanese insurance group ...?")
    found = [f for f in found if f and f.lower() not in (_COMMON_STARTS - _PEOPLES) | _OPENERS]
    # "U.S. Federal funds": an adjective that starts a term ("Federal funds", "National income") ends no name
    found = [re.sub(rf"\s+{_TERM_ADJECTIVES}$", "", f).strip(" .") if " " in f and re.search(
        rf"(?<!\w){re.escape(f)}\s+[a-z]", body) else f for f in found]
    # "Belgian arms maker Fabrique Nationale Herstal": a people's name describing a company the question names, which
    # its own story need not say is Belgian
    found = [f for f in found if not _describes_a_name(f, body)]
    # "the Reagan administration": a government named for its head, which its own story calls "the administration"
    found = [f"{f} administration" if re.search(rf"(?<!\w){re.escape(f)}\s+[Aa]dministration\b", body) else f
             for f in found]
    # "In which Asian city ...?": a continent's adjective on the asked thing says what kind of answer is wanted, which
    # the text names by its own name ("Singapore"), seldom calling it Asian
    kind = {m.group(1) or m.group(2) for m in _CONTINENT_KIND.finditer(question)}  # (and "which U.S. state")
    found = [f for f in found if f not in kind]
    # "Soviet Neryungrinsky coal", "the Canadian-run Sedren mine": a people's name before a proper name is where it
    # is from, said apart in the text ("Neryungrinsky coal ... from the Soviet Union"), not part of the name.
    return [part for name in found for part in _from_people(name)]


_CONTINENT_KIND = re.compile(r"\b(?:[Ww]hich|[Ww]hat)\s+(?:((?:Latin |South |North |Central )?American|Asian|European|"
                             r"African|Middle Eastern|Scandinavian|Caribbean|Nordic)\s+[a-z]|(U\.S)\.\s+states?\b)")


def _person_of_body(name: str, words: list[str]) -> list[str]:
    """"Alyssa Rosenberg of The Washington Observer": a person and the body she writes for, two names each of which
    the evidence must name as it is ("The Washington Post" does not name the second). "Bank of Japan", "Chancellor
    of the Exchequer" or "Federal Reserve Bank of New York" stay one name."""
    parts = re.split(r"\s+of\s+(?:the\s+|The\s+)?", name, maxsplit=1)
    if len(parts) == 2 and re.search(r"\b[IVX]+$", parts[0]):  # "reserve number VI of the U.S. reserve", "Louis XIV
        return [parts[0], parts[1]]  # of France": a numbered thing and the one it belongs to, each named on its own
    if len(parts) == 2:
        person = parts[0].split()
        if 2 <= len(person) <= 3 and person == words[:len(person)] and all(
                re.fullmatch(r"[A-Z][a-z]+", w) and w.lower() not in _TITLES_BEFORE_NAMES | _TITLE_WORDS
                and w.lower() not in _ORGANISATION_WORDS for w in person):
            return [" ".join(person), " ".join(words[len(person):])]
    return [" ".join(words)]


_WORD_AND_INITIALS = re.compile(r"[A-Z][a-z]{3,}\s+[A-Z]{2,5}|[A-Z]{2,5}\s+[A-Z][a-z]{3,}")


def _described(name: str) -> list[str]:
    """A name with a describing word in it ("Hamburg-based Unimar") as the names it holds: ["Hamburg", "Unimar"]."""
    words = name.split()
    at = next((i for i, w in enumerate(words) if _DESCRIBING.search(w)), None)
    if at is None:
        return [name]
    parts = [" ".join(words[:at]), _DESCRIBING.sub("", words[at]), " ".join(words[at + 1:])]
    return [p for p in parts if p]


def without_owner(name: str) -> str:
    """A name without the owner written before it: "Orange Free State's Maize Triangle" -> "Maize Triangle",
    "Merrill's Roling" -> "Roling" (a final possessive stays: "McDonald's")."""
    return _OWNER_BEFORE.split(name)[-1]


_OWNER_BEFORE = re.compile(r"\S+['’]s\s+")


def is_opener(word: str) -> bool:
    """A preposition or the like that opens a sentence before a name ("Despite", "Following"), not part of it."""
    return word.lower() in _OPENERS


def _common_word(word: str) -> bool:
    """A word news writes in lower case ("rather", "pieces"), and no place, body or company ("China", "Treasury")."""
    from assistant.evidence import is_place
    from assistant.text import written_in_lower_case

    return written_in_lower_case(word) and not is_place(word) and not is_government_body(word) \
        and not is_organization(word)


def _is_stopword(word: str) -> bool:
    """"Being exposed to ...": a function word opening a question is no name."""
    from assistant.text import stopwords

    return word.lower() in stopwords()


_AUXILIARY = (r"(?:did|does|do|is|was|were|are|will|would|has|have|had|can|could|should|may|might|must|shall|be|been|"
              r"being|to|of|in|for|on|at|by|from|per|with|about|under|over|than|that|when|after|before|since|and|or)")
_WH_PHRASE = re.compile(rf"\b(?:what|which|whose|how much|how many)\s+((?:(?!{_AUXILIARY}\b)[\w'’/.-]+\s+){{0,5}})",
                        re.IGNORECASE)
_AFTER_AUXILIARY = re.compile(rf"^\s*(?:did|does|do|is|was|were|are|will|would|has|have|had)\s+"
                              rf"((?:(?!{_AUXILIARY}\b)[\w'’/.-]+\s+){{1,4}})", re.IGNORECASE)


# "Who is to be chairman ...", "Where was the pumping station ...": the phrase after the verb names what is asked.
_WHO_WHERE = re.compile(r"\b(?:who|whom|where)()\s+(?=(?:did|does|do|is|was|were|are|will|would|has|have|had)\s+"
                        r"(?:(?:to\s+)?be(?:en)?\s+)?)", re.IGNORECASE)
# "how much is for rehabilitating highways": the phrase after the verb's preposition.
_AFTER_PREPOSITION = re.compile(rf"^\s*(?:is|was|are|were|will\s+be|has\s+been)\s+(?:(?:to\s+)?be(?:en)?\s+)?"
                                rf"(?:for|to|on|in)?\s*((?:(?!{_AUXILIARY}\b)[\w'’/.-]+\s+){{1,4}})", re.IGNORECASE)
_OF_POSSESSIVE = re.compile(rf"^\s*of\s+(?:[\w.-]+\s+){{0,3}}?[\w.-]+['’]s\s+((?:(?!{_AUXILIARY}\b)[\w'’/.-]+\s+){{1,4}})",
                            re.IGNORECASE)
_VERB = re.compile(r"put|puts|say|says|make|makes|get|gets|pay|pays|reach|reaches|expect|expects|sign|signs|see|sees|"
                   r"take|takes|give|gives|hold|holds|set|sets|cut|cuts|raise|raises|plan|plans|want|wants|go|goes|"
                   r"come|comes|become|becomes|rise|rises|fall|falls|buy|buys|sell|sells|own|owns|win|wins|lead|leads")
_LIGHT_HEAD = re.compile(r"\b(?:type|kind|sort|form|name|number|amount|percentage|share|part|portion|proportion|"
                         r"level|quantity|value|total)\s*$", re.IGNORECASE)


def focus_words(question: str) -> list[str]:
    """The words naming what is asked for, the head of the question's phrase: "inflation rate" in "what was
    Kenya's inflation rate in 1986?", "sugar" in "How much sugar did Thailand produce?", "port" in "Near which
    Brazilian port ...". A sentence that states a value next to these words states the asked thing.
    Names and times are left out (they are checked as evidence), and so are question words."""
    text = re.sub(r"[?!,;:]", " ", TIME_EXPRESSION.sub(" ", question)) + " "
    given = entities(question)
    names = {w.lower() for e in given for w in re.findall(r"\w+", e)} | {e.lower() for e in given}
    phrase = ""
    match = _WH_PHRASE.search(text) or _WHO_WHERE.search(text)
    after_verb = False
    if match:
        phrase, end = (match.group(1) or ""), match.end()
        if not phrase.strip():  # "what was Kenya's inflation rate ...": the phrase follows the verb
            after = _AFTER_AUXILIARY.match(text[end:]) or _AFTER_PREPOSITION.match(text[end:])
            phrase, end = (after.group(1), end + after.end()) if after else ("", end)
            after_verb = True
            owner = _OF_POSSESSIVE.match(text[end:])
            if owner:  # "what is the Bank of Spain's target range": the range, not the bank
                phrase, end = owner.group(1), end + owner.end()
        light = _LIGHT_HEAD.search(phrase)
        of = re.match(rf"\s*of\s+((?:(?!{_AUXILIARY}\b)[\w'’/.-]+\s+){{1,4}})", text[end:], re.IGNORECASE)
        subject = _AFTER_AUXILIARY.match(text[end:])
        if light and of:  # "what type of music": the music is asked about
            phrase += " " + of.group(1)
        elif light and subject:  # "what level did broad money reach": broad money is asked about
            phrase += " " + subject.group(1)
    words = []
    for word in re.findall(r"[\w'’/.-]+", phrase):
        # (after the verb, "estimated" describes the noun: "is Madagascar's estimated coffee production")
        participle = not after_verb and word.lower().endswith("ed") and len(word) > 4
        if words and (_VERB.fullmatch(word.lower()) or participle):
            break  # "Which company received ...": the phrase ends where its verb starts
        words.append(re.sub(r"(?:’s|'s)$", "", word))
    # "u.s." is a word of the name "U.S. Treasury Secretary"
    bare_names = {re.sub(r"\W", "", w) for e in given for w in e.lower().split()} - {""}
    return [w.lower() for w in words if w.lower() not in names and re.sub(r"\W", "", w.lower()) not in bare_names
            and not _WH_START.fullmatch(w)
            and w.lower() not in _COMMON_STARTS and not re.fullmatch(r"[\d.,/]+", w) and len(w) > 1]


def analyse(question: str) -> QuestionInfo:
    return QuestionInfo(text=question, answer_type=answer_type(question), entities=entities(question))


def has_question_word(question: str) -> bool:
    return bool(re.search(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b", question, re.IGNORECASE))


def is_follow_up(question: str, previous: str = "") -> bool:
    """A question that leans on the conversation: a pronoun, an "And …?" start, too few words alone, "then" for
    the earlier time, or a definite phrase naming something the earlier question introduced ("Who was awarded
    the bonus?" after "... accept an export bonus bid?")."""
    words = re.findall(r"\w+", question)
    if _PRONOUNS.search(question) or _FOLLOW_UP_START.match(question) or len(words) <= 4 or _THEN.search(question):
        return True
    earlier = {w.lower() for w in re.findall(r"[A-Za-z]+", previous)}
    return any(m.group(1).lower() in earlier for m in _DEFINITE.finditer(question))


_THEN = re.compile(r"\b(?:then|at that time|that year|that month|the same (?:year|month|period))\s*\??\s*$", re.IGNORECASE)
_DEFINITE = re.compile(r"\b(?:the|that|this)\s+([a-z]{4,})\b(?!\s+(?:of|for|in|to|on)\b)")


def looks_non_english(question: str) -> bool:
    """A question the English index will mostly miss: its letters are mostly not ASCII (Japanese, Greek …), or it
    has no English function word but a common German, French, Spanish, Italian or Portuguese one. English
    keyword queries ("Japan tariff rate") have neither and stay English."""
    letters = [ch for ch in question if ch.isalpha()]
    if not letters:
        return False
    if sum(ch.isascii() for ch in letters) < len(letters) / 2:
        return True
    from assistant.text import stopwords

    words = {w.lower() for w in re.findall(r"[^\W\d_]+", question)}
    return not (words & stopwords()) and bool(words & _FOREIGN_FUNCTION_WORDS)


_FOREIGN_FUNCTION_WORDS = frozenset("""
der die das und ist sind wie wann wer welche welcher mit für nicht ein eine den dem des auf von zu
le la les est sont quel quelle quand qui avec pour dans une des du au et
el los las es son cuál cuándo quién qué con para por una del y
il lo gli sono quale quando chi che con per della di
o os é são qual quando quem com para uma da em
""".split())


_MONEY_SIGN_BEFORE = re.compile(r"[$€£¥]\s?$")
_MONEY_COUNTED = re.compile(r"\b(?:dollars?|dlrs|money|pounds|sterling|euros?|yen|francs|marks|cents|rupees|pesos)\b")
_ERA_AFTER = re.compile(r"\s?(?:BCE|CE|BC|AD)\b")
# Words whose number names a thing rather than counting or measuring one: "Chapter 11", "Section 301", "Rule 415"
_LABEL_BEFORE = re.compile(r"\b(?:Chapter|Article|Section|Rule|Title|Form|Phase|Stage|Class|Flight|Proposition|"
                           r"Resolution|Regulation|Paragraph|Clause|Amendment|Route|Highway|Interstate|Item|No\.|Nos\.|"
                           r"Op\.|Opus)\s+$")  # ("Sonata No. 2, Op. 35": a work's numbers)


def spans(answer_type: str, sentence: str, question: str = "", context: str = "") -> list[tuple[int, int]]:
    """(start, end) of spans of the answer type in the sentence, excluding ones the question or the conversation
    before it (`context`) already says. What kind of figure is asked (money, a unit, a change) is read from the
    question alone: "How much coffee did it export?" asks bags though the earlier question asked earnings."""
    q = question.lower()
    if answer_type == "date":
        found = [m.span() for m in _DATE.finditer(sentence)]
        if _DAY_ASKED.search(q):  # "on what date": a day ("April 13", "Monday"), not "this month" or "1987"
            found = [(a, b) for a, b in found if _A_DAY.search(sentence[a:b])]
        elif _MONTH_ASKED.search(q):  # "in which month": a month ("June", "June 1987"), not "this year"
            found = [(a, b) for a, b in found if _A_MONTH.search(sentence[a:b])]
            found += [m.span() for m in _MONTH_NAME.finditer(sentence) if not any(a <= m.start() < b for a, b in found)]
            found.sort()
    elif answer_type == "percent":
        found = [m.span() for m in _PERCENT.finditer(sentence)] + [m.span() for m in _EXCHANGE_RATE.finditer(sentence)]
        if _PROPORTION_ASKED.search(q):  # not "What interest rate ...?": "about one third of its debt" is no rate
            found += [m.span() for m in _FRACTION.finditer(sentence) if not any(a <= m.start() < b for a, b in found)]
        # "in the week ended March 3 to 5.6 pct": no range of rates, the day ends a date
        found = [(_after_date(sentence, a, b) or a, b) for a, b in found]
    elif answer_type == "count":
        # (not a sum of money, "US$50 per month", unless money is counted, "how many dollars"; nor a year, "220 CE")
        found = [m.span() for m in _COUNT.finditer(sentence) if not _in_date(sentence, m.start())
                 and not (_MONEY_SIGN_BEFORE.search(sentence, 0, m.start()) and not _MONEY_COUNTED.search(q))
                 and not _ERA_AFTER.match(sentence, m.end()) and not _CLOCK_AFTER.match(sentence, m.end())]
    elif answer_type == "amount":
        found = []
        for m in _AMOUNT.finditer(sentence):
            if _YEAR_ONLY.match(m.group()):
                continue
            a, b = m.start() + _year_before(m.group()), m.end() - (m.group().endswith(".") and not m.group().endswith(" a."))
            if _in_date(sentence, a):  # "in the four weeks ended April 3 to 15.73 mln barrels": the day ends a date,
                a = _after_date(sentence, a, b)  # the amount comes after "to"
                if a is None:
                    continue
            found.append((a, b))
        if _RESULTS_ROW.match(sentence):  # "Net loss 4,466,006 vs loss 9,091,688": the wire's results table
            found = sorted(found + [m.span() for m in _GROUPED_FIGURE.finditer(sentence)
                                    if not any(a <= m.start() < b for a, b in found)])
    elif answer_type in {"person", "name"}:
        found = []
        for m in _NAME.finditer(sentence):
            a, b = m.span()
            words = sentence[a:b].split()
            while words and (words[0].lower() in _TITLE_WORDS or words[0].lower() in _COMMON_STARTS
                             or is_opener(words[0]) or _ADVERB_ENDING.fullmatch(words[0]) or words[0] in _SENTENCE_ADVERBS):
                # "Prime Minister Han Duck-soo" -> "Han Duck-soo"; "Some Japanese officials" -> not a name;
                # "Despite Tom's conviction" -> "Tom's";
                # "Eventually Connolly" -> "Connolly", "Officially" (opening a sentence) -> not a name
                a += len(words.pop(0)) + 1
                a = sentence.index(words[0], a) if words else b
            if len(words) > 1 and words[0] == "State" and _TITLE_OF.search(sentence, 0, a):
                a = sentence.index(words[1], a + len(words.pop(0)))  # "Secretary of State George Shultz"
            while len(words) > 1 and _DESCRIBING.search(words[0]):  # "Hamburg-based Unimar" -> "Unimar"
                a = sentence.index(words[1], a + len(words.pop(0)))
            titles = [i for i, w in enumerate(words[:-1]) if w.lower() in _PERSON_TITLES]
            if answer_type == "person" and titles and len(words) - titles[-1] > 2:
                # "Argentine Agriculture Secretary Ernesto Figuerras" -> "Ernesto Figuerras"
                for word in words[: titles[-1] + 1]:
                    a = sentence.index(word, a) + len(word)
                words = words[titles[-1] + 1:]
                a = sentence.index(words[0], a)
            if answer_type == "person" and " of " in sentence[a:b]:  # "Richard Pzena of Sanford C. Bernstein"
                words = sentence[a:b].split(" of ")[0].split()
                b = a + len(" ".join(words))
            if a < b and sentence[b - 1] == "." and "." not in (sentence[a : b - 1].split() or [""])[-1]:
                b -= 1  # a full stop after a name, not an abbreviation such as "U.S."
            if answer_type == "person" and (_has_word_of(words, _NOT_PERSON_WORDS)
                                            or (len(words) >= 3 and sentence[a:b].isupper())):  # (or a headline)
                continue  # "Bank of Brazil", "Petrobras Export Department": a body, not a person; "Pacific Northwest"
            if len(_POSSESSIVE_END.sub("", sentence[a:b]).strip(".,")) < 2:
                continue  # "P" of "P and O's": a letter, not a name
            if a >= b or (answer_type == "person" and len(words) < 2) or _TICKER.match(sentence[a - 1 : b + 1]) \
                    or words[0].lower() in ("of", "the") \
                    or TIME_EXPRESSION.fullmatch(re.sub(r"['’]s$", "", sentence[a:b])) or _NUMBERING.match(sentence, a) \
                    or _HOLIDAY.fullmatch(re.sub(r"['’]s$", "", sentence[a:b])) \
                    or _DESCRIBING.search(sentence[a:b]):  # "April", "Monday": a time; "Hamburg-based": a description
                continue
            found.append((a, b))
        if answer_type == "name" and _WORK_ASKED.search(q):
            # "What song ...?": a work's title, quoted whole ("Crazy in Love"), not its capitalised words apart
            quoted = [m.span(1) for m in _QUOTED_TITLE.finditer(sentence)]
            found = sorted(quoted + [(a, b) for a, b in found if not any(x <= a < y for x, y in quoted)])
    else:
        return []
    # "To what level does he want the levy cut?" asks the level a change reaches, not its size
    change_asked = bool(_CHANGE_ASKED.search(q)) and not _LEVEL_ASKED.search(q)
    if answer_type == "amount" and _GOODS_ASKED.search(q) and not _MONEY_ASKED.search(q):
        # "How much cargo did the port handle?": tonnes or a figure with no unit, not "1.2 billion dlrs" spent on it
        found = [(a, b) for a, b in found
                 if not (_unit_words(_amount_words(sentence[a:b])) and _is_money(sentence, a, b))]
    if answer_type == "amount" and _MONEY_ASKED.search(q) and not change_asked:
        # "What are the exports worth?": dollars, yen or an amount with no unit ("2.3 billion"), not "4.6 mln cubic
        # meters" or "20 VLCCs".
        found = [(a, b) for a, b in found if _is_money(sentence, a, b)]
    elif answer_type == "amount" and _MONEY_ASKED.search(q):  # "By how much will diesel prices rise?": money or a
        found = [(a, b) for a, b in found if _is_money(sentence, a, b) or _PERCENT.search(sentence[a:b])]  # rate
    per = _PER_UNIT_ASKED.search(q)
    if answer_type in {"amount", "count"} and per and per.group(1) in _MEASURE_OF:
        # "What yield per hectare?": not "150,000 hectares", an area; "3.2 tonnes per hectare" may answer
        found = [(a, b) for a, b in found if _PER.search(sentence[a:b + 30]) or _measure(sentence, a, b)
                 != _MEASURE_OF[per.group(1)]]
    if answer_type in {"percent", "count", "amount"}:  # "Chapter 11 bankruptcy", "Section 301": a label's number
        found = [(a, b) for a, b in found if not _LABEL_BEFORE.search(sentence, 0, a)]
    if answer_type in {"percent", "count", "amount"}:
        # "up from 2,400 in 1986", "against 44.3 mln tonnes in 1985": the figure a change is measured from, not the
        # one reported, unless the question asks for that earlier time.
        asked_years = set(re.findall(r"\b(?:1[89]|20)\d\d\b", q))
        found = [(a, b) for a, b in found if not _is_base(sentence, a, b, asked_years)]
        if _AIM_ASKED.search(q):  # "What was China's growth target for 1986?": not "down from an actual 9.2 pct"
            found = [(a, b) for a, b in found if not _ACTUAL_BEFORE.search(sentence, max(0, a - 20), a)]
    if answer_type == "percent" and not change_asked:
        # "cut by about four percentage points", "50 basis points": how far a rate moved, never the rate asked for
        found = [(a, b) for a, b in found if not _POINTS_OF_CHANGE.search(sentence[a:b])]
        # "climbed by 2.1 pct last week to 38.9 pct": the level it reached, where the sentence gives one
        if any(_TO_LEVEL.search(sentence, 0, a) for a, _ in found):
            found = [(a, b) for a, b in found if not _CHANGED_BY.search(sentence[max(0, a - 90):a])]
    if answer_type == "amount" and not change_asked:
        # "cut its export prices by about five dlrs a tonne", "money growth rose 10.3 pct", "a 2.25 pct rise in gross
        # domestic product": the change, not the level asked for ("rose to 10.3 pct" is one)
        # ("Purolator lost 57.6 mln dlrs" is the loss asked by "How much did Purolator lose?", not a change)
        loss_asked = bool(re.search(r"\blos(?:e|t|s|ses|ing)\b", q))
        found = [(a, b) for a, b in found if not (_CHANGED_BY.search(sentence[max(0, a - 90):a]) and not (
                     loss_asked and _LOST_BEFORE.search(sentence[max(0, a - 30):a])))
                 and not _CHANGE_NOUN_AFTER.match(sentence, b) and not _CHANGE_NOUN_BEFORE.search(sentence[max(0, a - 40):a])]
    if answer_type in {"count", "amount"} and _LENGTH_OF_TIME_ASKED.search(q) and not _LENGTH_UNIT.search(q):
        # "How long is the concession?": a length of time ("three weeks", "a 10-year concession") where the sentence
        # gives one, not "10 mln dlrs"; a sentence giving none keeps its lengths ("14 miles of public beaches"), not
        # a count of something else ("reinstate five workers" for "How long a stoppage ...?")
        durations = [(a, b) for a, b in found if _DURATION.match(sentence, b) or _DURATION_UNIT.search(sentence[a:b])]
        durations += [m.span() for m in _HYPHENATED_DURATION.finditer(sentence)
                      if not any(a <= m.start() < b for a, b in durations)]
        others = [] if _TIME_SPAN_ASKED.search(q) else [
            (a, b) for a, b in found
            if _LENGTH_UNIT.search(sentence[a:b + 20].lower()) or not _unit_words(_amount_words(sentence[a:b]))]
        found = sorted(durations) or others
    if answer_type in {"count", "amount"} and not _POPULATION_ASKED.search(q):
        # "this city of 6.5 mln people" describes the city: no count of the people who died, left or work there
        found = [(a, b) for a, b in found if not _PLACE_OF_BEFORE.search(sentence, max(0, a - 40), a)]
    if answer_type == "count" and _AGE_ASKED.search(q):
        # "How old is Nicholas Brady?": "Brady, 57,", "aged 57", "at the age of 20", "57 years old", not "who served
        # about eight months in the Senate"
        found = [(a, b) for a, b in found if _AGE_AFTER.match(sentence, b) or _AGE_BEFORE.search(sentence, 0, a)
                 or (_NAME_COMMA_BEFORE.search(sentence, 0, a) and sentence[b:b + 1] == ",")]
    unit = _DURATION_COUNTED.search(q)
    if answer_type in {"count", "amount"} and unit:  # "how many days": not "seven months"
        asked_unit = _unit_stem(unit.group(1))
        # (a bare figure may be of the days asked, "closed for 10, then reopened", but not one that measures in
        # another unit: "48 kph winds", "70 cms deep")
        found = [(a, b) for a, b in found if _unit_stem((_DURATION.match(sentence, b) or _DURATION_UNIT.search(
            sentence[a:b]) or unit).group(0)) == asked_unit and not (
            not _DURATION.match(sentence, b) and _counts_another_thing(sentence, b))]
    if answer_type in {"count", "amount"} and not _DURATION_ASKED.search(q):
        # "over the next five years" is a length of time, not the tonnes, dollars or ships asked for.
        found = [(a, b) for a, b in found if not _DURATION.match(sentence, b) and not (
            _DURATION_UNIT.search(sentence[a:b]) and not _FLOW_PER_TIME.search(sentence[a:b]))]
    if answer_type == "amount" and _STOCK_ASKED.search(q) and not _PER_TIME.search(q):
        # "What were Texaco's proved reserves?": what is held, not a flow ("300,000 barrels per day")
        found = [(a, b) for a, b in found if not _PER_TIME.search(sentence[a:b])]
    if answer_type == "amount" and re.search(r"\bhow much\b", q):
        # "How much would each receive?" asks a sum or a measure, never a count of parties ("6,000 workers") or of
        # parts ("one of two components")
        found = [(a, b) for a, b in found if not set(_unit_words(_amount_words(sentence[a:b]))) & _COUNTED_PARTIES]
    asked_measure = _asked_measure(q)
    if answer_type in {"count", "amount"} and asked_measure:
        # "How many barrels a day ...?": not "10 billion crowns", "5 pct" or the field's reserves of
        # "375 mln barrels"; a figure with no known unit may stand.
        found = [(a, b) for a, b in found if _in_measure(sentence, a, b, asked_measure, answer_type == "amount")]
    elif answer_type == "count":  # "How many ships ...?" counts ships: "910,000 ldt" or "26 pct" measure something
        # (but "How many of the buildings collapsed?" and "How often ...?" may be answered by a share: "80%")
        share_asked = re.search(r"\bhow (?:many of|often)\b", q)
        found = [(a, b + len(sign.group()) if (sign := _PERCENT_SIGN.match(sentence, b)) else b) for a, b in found
                 if _measure(sentence, a, b) in (None, "percent" if share_asked else None)]
    if answer_type in {"count", "amount"} and _GAS_ASKED.search(q) and not _OIL_ASKED.search(q):
        # "How much natural gas did Egypt produce?": not "one mln bpd", barrels of oil; gas is in cubic feet or metres
        found = [(a, b) for a, b in found if _measure(sentence, a, b) not in ("barrel", "barrel/day")]
    if answer_type == "amount" and asks_per_share(q):
        # "At what price per share ...?": "13 dlrs a share", not the "five mln Canadian dlrs" the sale raises
        found = [(a, b) for a, b in found if _EACH_SHARE.search(sentence[a:b]) or _EACH_SHARE.match(sentence, b)]
    if answer_type == "amount" and not _SHARE_ASKED.search(q):
        # "net income in dollars": a company's total, not "15 cts a share"
        found = [(a, b) for a, b in found if not _PER_SHARE.search(sentence[a:b]) and not _PER_SHARE.match(sentence, b)]
    currency = _ASKED_CURRENCY.search(q) if answer_type == "amount" else None
    if currency:  # "the estimated cost in pesos": "36 billion pesos", not "a 500 mln dlr funding"
        found = [(a, b) for a, b in found if _currency_of(sentence, a, b) in (None, _currency(currency.group(1)))]
    said = f"{q} {context.lower()}" if context else q
    if answer_type in {"person", "name"}:  # a name the question already gives is not its answer ("Peavey Company" may
        asked = set(re.findall(r"\w+", said))  # answer "Which company ...?"; "Bank of Spain" does not)
        written = f"{question} {context}"  # (as written: initials and surnames are read in their capitals)
        found = [_after_asked_owner(sentence, a, b, asked) for a, b in found]
        kind = _asked_kind(q)
        return [(a, b) for a, b in found if (_mostly_new(re.findall(r"\w+", sentence[a:b].lower()), asked)
                                             or _names_the_kind(re.findall(r"\w+", sentence[a:b].lower()), kind, asked))
                and not _abbreviates(sentence[a:b], written) and not _short_form_asked(sentence, b, said)
                and not _short_form_of_asked(sentence, a, b, said)
                and not (answer_type == "person" and _surname_asked(sentence[a:b], written))]
    return [(a, b) for a, b in found if not _said_in(sentence[a:b].lower().strip(), said)]


def _said_in(value: str, text: str) -> bool:
    """The value stands in the text as a whole: "98" is not said by "1987", nor "5 pct" by "2.5 pct"."""
    return value in text and bool(re.search(rf"(?<![\w.,]){re.escape(value)}(?!\w|[.,]\d)", text))


# A row of the results tables the wire prints under a company's headline: a label, a figure, "vs", the figure a
# year earlier ("Revs 608,181 vs 1,280,727", "Net profit 9,785,000 vs loss 3,422,000"). Its bare figures are
# amounts (dollars, or the currency the story gives), though no unit follows them.
_RESULTS_ROW = re.compile(r"\s*[A-Z][A-Za-z&/.' -]{1,40}?\s(?:[a-z]+\s)?\$?\d[\d,.]*(?:\s[a-z]+)?\s+vs\b")
_SECTION_LABEL = re.compile(r"\s*[A-Za-z0-9][\w/.' -]{0,40}$")  # "First half", "12 mths", "Year to Dec 31"


def results_section(sentences: list[str], i: int, headline: str) -> str:
    """The period a row of a results table reports on: the label line heading its section ("First half", "Nine
    mths"), or the headline ("ORANGE-CO INC 2ND QTR NET") for the rows before any label; "" for no table row."""
    if not _RESULTS_ROW.match(sentences[i]):
        return ""
    for j in range(i - 1, -1, -1):
        if _RESULTS_ROW.match(sentences[j]):
            continue
        if _SECTION_LABEL.match(sentences[j]) and len(sentences[j].split()) <= 5 and j > 0:
            return sentences[j].strip()
        break
    return headline


# A quarter's number by its ordinal, as written out or in figures (evidence reads a year's parts with it too)
QUARTER_NUMBERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_QUARTER = re.compile(r"\b(1st|first|2nd|second|3rd|third|4th|fourth)[\s-]+(?:qtr|quarter)\b", re.IGNORECASE)
_HALF = re.compile(r"\b(1st|first|2nd|second)[\s-]+half\b|\b(?:six|6)[\s-]+(?:months?|mths)\b|\bhalf[\s-]year",
                   re.IGNORECASE)
_NINE_MONTHS = re.compile(r"\b(?:nine|9)[\s-]+(?:months?|mths)\b", re.IGNORECASE)
_WHOLE_YEAR = re.compile(r"\b(?:full|fiscal|whole)[\s-]+year\b|\b(?:12|twelve)[\s-]+(?:months?|mths)\b|^\s*year\b|"
                         r"\bannual\b|\bfor the year\b|\byear\s+(?:net|loss|profit|to)\b", re.IGNORECASE)


def reporting_period(text: str) -> str | None:
    """The part of a company's year a text reports on, as results name it: "q1".."q4" ("2ND QTR", "fourth-quarter"),
    "h1"/"h2" ("First half", "six mths"), "9m" ("Nine mths"), "year" ("Year", "12 mths", "full year"); or None."""
    quarter = _QUARTER.search(text)
    if quarter:
        return f"q{QUARTER_NUMBERS[quarter.group(1).lower()]}"
    half = _HALF.search(text)
    if half:
        return "h2" if half.group(1) and QUARTER_NUMBERS[half.group(1).lower()] == 2 else "h1"
    if _NINE_MONTHS.search(text):
        return "9m"
    return "year" if _WHOLE_YEAR.search(text) else None


_GROUPED_FIGURE = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,]|\.\d)")


_DURATION_UNITS = r"(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries|century|quarters?)"
_DURATION = re.compile(rf"\s+(?:more\s+|other\s+|straight\s+|consecutive\s+)?{_DURATION_UNITS}\b", re.IGNORECASE)
_STOCK_ASKED = re.compile(r"\b(?:reserves|stocks|inventories|stockpiles?|holdings)\b")
_PER_TIME = re.compile(rf"\b(?:per|a)\s{_DURATION_UNITS}\b", re.IGNORECASE)
_DURATION_UNIT = re.compile(rf"\s{_DURATION_UNITS}$", re.IGNORECASE)
# (a rate's time unit is none: "200,000 barrels per day", "50 tonnes a day" measure a flow, not a length of time)
_FLOW_PER_TIME = re.compile(rf"\s(?:per|a)\s{_DURATION_UNITS}$", re.IGNORECASE)
_AGE_ASKED = re.compile(r"\bhow old\b|\b(?:what|which)\s+age\b|\bage\s+of\b", re.IGNORECASE)
_AGE_AFTER = re.compile(r"[\s-]+years?(?:[\s-]+old)?\b|-year-old\b", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"\b(?:aged|age\s+of|age|ages)\s+$", re.IGNORECASE)
_NAME_COMMA_BEFORE = re.compile(r"[A-Z][a-z]+,\s*$")  # the wire's "Nicholas Brady, 57, a former senator"
_LENGTH_OF_TIME_ASKED = re.compile(r"\bhow long\b(?!\s+ago\b)|\bhow much time\b", re.IGNORECASE)
# "How long after the quake ...?", "How long did the hiatus last?", "How long did it take to shoot?": only time answers
_TIME_SPAN_ASKED = re.compile(r"\bhow long\s+(?:after|before|since|until|ago)\b|\bhow long\b.*\b(?:take|took|taken|takes|"
                              r"last|lasted|lasts|wait|waited|stay|stayed|remain|remained|serve|served|reign|reigned|"
                              r"rule|ruled|delay|delayed)\b|\bhow long\b.*\bfor\s*\?\s*$", re.IGNORECASE)
_HYPHENATED_DURATION = re.compile(rf"(?i){_NOT_IN_NAME}\b{_FIGURE}-{_DURATION_UNITS.replace('s?', '')}(?![\w-])")
_DURATION_COUNTED = re.compile(rf"\bhow many\s+(?:more\s+|other\s+)?({_DURATION_UNITS})\b", re.IGNORECASE)


def _counts_another_thing(sentence: str, end: int) -> bool:
    """The figure ending at `end` is followed by a word of its own that it measures or counts ("48 kph winds", "six
    large vessels"): not a bare number of the days asked."""
    from assistant.text import stopwords

    word = re.match(r"\s*([a-z]+)\b", sentence[end:])
    return bool(word) and word.group(1) not in stopwords()


def _unit_stem(text: str) -> str:
    """The duration unit a text names, singular and lower-case ("Months" -> "month", "centuries" -> "centur")."""
    word = re.findall(r"[a-z]+", text.lower())[-1]
    return word[:-1] if word.endswith("s") else word.removesuffix("y")


_DURATION_ASKED = re.compile(rf"\bhow long\b|\bhow much time\b|\bhow often\b|\bhow many\s+(?:\w+\s+)?{_DURATION_UNITS}\b|"
                             r"\b(?:period|duration|term|lifespan|age|old)\b", re.IGNORECASE)


# The question asks for a sum of money (not for a change in one, which a percentage may answer).
_MONEY_ASKED = re.compile(r"\b(?:worth|valued?\s+(?:it\s+)?at|value of|(?:what|which) value|cost(?:s|ing)?|price[ds]?|paid|pay|"
                          r"paying|spend(?:ing)?|spent|earn(?:ed|s)?|earnings|revenues?|income|dividends?|fines?|fees?|"
                          r"salar(?:y|ies)|wages?|profits?|loss(?:es)?|lose|losing|proceeds|how much money|in (?:dollars|dlrs)|"
                          r"loans?|invest(?:s|ed|ing|ments?)?|budget(?:s|ed)?|funding|financing|dollar (?:level|value|amount|figure)|"
                          r"(?:trade|current account|budget|payments)\s+(?:surplus|deficit)(?:es|s)?|(?:foreign|external) debts?|"
                          r"damages|compensation|settlement|penalt(?:y|ies)|subsid(?:y|ies)|grants|bonus(?:es)?|ransom|"
                          r"assets)\b")
# "How much rice / crude / cargo ...?": goods, counted in their own units, not in money
# (not past the verb: "How much is Nippon Oil Co contributing?" asks no oil)
_GOODS_ASKED = re.compile(r"\bhow (?:much|many)\s+(?:of\s+)?(?:(?:the|its|their|his|her)\s+)?"
                          r"(?:(?!(?:is|was|are|were|did|does|do|will|would|has|have|had|can|could)\b)[\w-]+\s+){0,2}?"
                          r"(?:gold|silver|copper|zinc|tin|nickel|platinum|steel|crude|oil|gas|coal|gasoline|naphtha|diesel|"
                          r"kerosene|propane|fuel|wheat|corn|maize|rice|barley|sorghum|soybeans?|soya|sugar|coffee|cocoa|"
                          r"tea|cotton|rubber|wool|beef|pork|tobacco|grains?|oilseeds?|ore|cargo|freight)\b")
_CHANGE_ASKED = re.compile(r"\b(?:rise|rises|rose|risen|fall|falls|fell|fallen|increased?|decreased?|drop(?:ped)?|grow|grew|"
                           r"grown|gain(?:ed)?|climb(?:ed)?|decline[ds]?|jump(?:ed)?|change[ds]?|cut|raised?|lower(?:ed)?|"
                           r"expand(?:ed)?|contract(?:ed)?|shr[iau]nk|how fast|by how much|percentage|"
                           r"(?<!per )(?<!its )(?<!his )(?<!her )(?<!our )(?<!their )share|"  # not "pay for its share"
                           r"(?:appreciat|depreciat|devalu|revalu)\w*|strengthen(?:ed)?|weaken(?:ed)?|"
                           r"how much (?:more|less|cheaper|dearer|higher|lower|bigger|smaller|faster|slower)|"
                           r"how far (?:below|above|under|over|short|ahead|behind))\b")
_CURRENCY = frozenset("""dlrs dlr dollar dollars cents cent yen mark marks francs franc pounds pound stg sterling lire lira
pesetas peseta crowns crown kronor krona kroner krone guilders guilder rupees rupee pesos peso rand ringgit baht won yuan
renminbi rupiah riyals riyal dinars dinar shekels escudos drachmas schillings shillings euros euro ecus ecu cruzados
australs naira kwacha roubles rubles rouble ruble zlotys forints punts usd dm cts bolivars bolivar sucres sucre soles
intis inti colones quetzales cedis""".split())
_AMOUNT_WORD = re.compile(r"[a-z][a-z.]*", re.IGNORECASE)
_NOT_A_UNIT = re.compile(rf"{_SCALE}|{_NUMBER_WORD_LIST}|to|and|a|per")


def asks_change(question: str) -> bool:
    """The question asks how something changed ("By how much did exports rise?"), not only what it stands at."""
    return bool(_CHANGE_ASKED.search(question.lower()))


def _is_money(sentence: str, a: int, b: int) -> bool:
    """A span is a sum of money: a currency sign, a currency word in it or just after it ("33 mln U.S. Dlrs"), or a
    figure with no unit at all ("from 267.6 mln in 1985": the currency was named before)."""
    return _currency_of(sentence, a, b) is not None or not _unit_words(_amount_words(sentence[a:b]))


_ASKED_CURRENCY = re.compile(r"\bin\s+(?:u\.s\.\s+)?(" + "|".join(sorted(_CURRENCY, key=len, reverse=True)) + r")\b")
_SAME_CURRENCY = {"dlrs": "dollar", "dlr": "dollar", "dollars": "dollar", "usd": "dollar", "$": "dollar", "cents": "dollar", "cts": "dollar",
                  "cent": "dollar", "stg": "pound", "sterling": "pound", "pounds": "pound", "£": "pound", "dm": "mark",
                  "marks": "mark", "¥": "yen", "€": "euro", "euros": "euro"}


def _currency(word: str) -> str:
    """One name for a currency however the wire writes it ("dlrs", "dollars" -> "dollar"; "pesos" -> "peso")."""
    word = word.lower()
    return _SAME_CURRENCY.get(word) or (word[:-1] if word.endswith("s") and len(word) > 3 else word)


def _currency_of(sentence: str, a: int, b: int) -> str | None:
    """The currency a figure is in (a sign, or a currency word in it or just after it), None for none named."""
    sign = re.search(r"[$€£¥]", sentence[a:b])
    if sign:
        return _currency(sign.group())
    words = _unit_words(_amount_words(sentence[a:b])) + _amount_words(sentence[b:b + 20])[:2]
    return next((_currency(w) for w in words if w in _CURRENCY), None)


# Units of measure by what they measure: a question asking "how many barrels" is not answered in crowns or tonnes.
_MEASURES = {"barrel": "barrels barrel bpd bbl bbls b/d", "mass": "tonnes tonne tons ton kilos kilograms kilogram kg "
             "ounces ounce oz lbs lb cwt dwt ldt grt", "bushel": "bushels bushel", "bale": "bales bale", "cubic": "cubic",
             "area": "hectares hectare ha acres acre",
             "length": "metres meters metre meter feet foot miles mile km kilometres kilometers", "percent": "pct percent % per percentage"}
_MEASURE_OF = {word: measure for measure, words in _MEASURES.items() for word in words.split()}
# "In kilometers, how long is the route?" asks a length in space (the length units, and some no figure here carries)
_LENGTH_UNIT = re.compile(r"\b(?:" + "|".join(_MEASURES["length"].split() + "kilometer kilometre inch inches yard yards nautical".split())
                          + r")\b")
# ("how many mln tonnes": the scale before the unit)
_MEASURE_ASKED = re.compile(r"\bhow (?:many|much)\s+(?:more\s+|fewer\s+|less\s+)?(?:(?:mln|million|billion|bln|thousand)\s+)?"
                            r"(?:(?:short|long|metric)\s+)?"
                            r"([a-z/%]+)|\b(?:in|how many)\s+(?:(?:short|long|metric)\s+)?([a-z/]+)\s*\??$|"
                            r"\bin\s+(?:(?:short|long|metric)\s+)?([a-z/]+)")  # "What lot size in tonnes will ..."


_PER_UNIT_ASKED = re.compile(r"\b(?:per|a|an)\s+([a-z]+)\b(?!\s+(?:year|month|day|week|share)\b)")
_PER = re.compile(r"\s(?:per|a|an)\s+[a-z]+\b")
_PER_SHARE = re.compile(r"\s+(?:a|per)\s+(?:common\s+|ordinary\s+)?share\b", re.IGNORECASE)
_PER_SHARE_ASKED = re.compile(r"\b(?:per|a|each)\s+(?:common\s+|ordinary\s+)?share\b|\bshare\s+price\b", re.IGNORECASE)
_EACH_SHARE = re.compile(r"\s+(?:\w+\s+){0,2}?(?:(?:a|per|each|for\s+each)\s+(?:\w+\s+)?share\b|each\b|apiece\b)",
                         re.IGNORECASE)  # ("3.5 mln shares at 11.50 dlrs each")
_SHARE_ASKED = re.compile(r"\bshares?\b|\beps\b")


_GAS_ASKED = re.compile(r"\b(?:natural\s+)?gas\b(?!oline)|\blng\b")
_OIL_ASKED = re.compile(r"\b(?:oil|crude|petroleum|barrels?|bpd|equivalent)\b")  # "oil and gas output": both


def _asked_measure(question: str) -> str | None:
    """The kind of unit the question names for its figure ("how many barrels" -> "barrel", "in tonnes?" -> "mass";
    "how much money" -> "money"), or None."""
    for match in _MEASURE_ASKED.finditer(question.lower()):
        word = match.group(1) or match.group(2)
        if word is None:  # "in tonnes" inside the question: a unit of measure ("in dollar terms" may ask a change)
            word = match.group(3) if match.group(3) in _MEASURE_OF else None
        if word in _CURRENCY or word == "money":
            return "money"
        if word in _MEASURE_OF and word not in ("per", "%"):
            daily = _MEASURE_OF[word] == "barrel" and _DAILY.match(question, match.end())
            return "barrel/day" if daily or word in ("bpd", "b/d") else _MEASURE_OF[word]
    return None


_DAILY = re.compile(r"\s*(?:a|per)\s+day\b|\s*daily\b", re.IGNORECASE)


# What is counted, never measured: people, bodies, parts
_COUNTED_PARTIES = frozenset("""workers employees people persons members staff jobs men women children farmers miners
companies firms banks countries nations states ships vessels components parts""".split())


def _unit_words(words: list[str]) -> list[str]:
    """The words of an amount that are not its figure or scale ("99.70 standard" -> ["standard"]), before what it is
    per ("76.50 per tonne" names no unit of its own: a price whose currency an earlier sentence gave)."""
    cut = next((i for i, w in enumerate(words) if w in ("per", "a")), len(words))
    return [w for w in words[:cut] if not _NOT_A_UNIT.fullmatch(w)]


def _in_measure(sentence: str, a: int, b: int, asked: str, amount: bool) -> bool:
    """The figure carries the kind of unit asked ("barrel" takes "barrel/day" too), or none it names; an amount
    whose unit is some other word ("99.70 standard") does not."""
    measure = _measure(sentence, a, b)
    if measure is None:
        return not (amount and _unit_words(_amount_words(sentence[a:b])))
    return measure.startswith(asked)


def _measure(sentence: str, a: int, b: int) -> str | None:
    """The kind of unit a figure carries (in it or just after it: "10 billion crowns" -> "money"), or None."""
    span = sentence[a:b]
    if re.search(r"[$€£¥]", span):
        return "money"
    if "%" in span or sentence.startswith("%", b) or sentence.startswith(" %", b):  # "35% of the time"
        return "percent"
    units = _unit_words(_amount_words(span)) or _unit_words(_amount_words(sentence[b:b + 20])[:2])[:1]
    for word in units:
        if word in _CURRENCY:
            return "money"
        if word in _MEASURE_OF:
            unit = sentence.lower().find(word, a)
            daily = word in ("bpd", "b/d") or (_MEASURE_OF[word] == "barrel" and _DAILY.match(sentence, unit + len(word)))
            return "barrel/day" if daily else _MEASURE_OF[word]
    return None


_BASE_BEFORE = re.compile(r"\b(?:from|against|compared\s+(?:with|to)|versus|vs\.?)\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)
_BASE_AFTER = re.compile(r"\s*(?:\w+\s+)?(?:(?:in|for|during|at|by)\s+(?:end-?|the\s+end\s+of\s+|fiscal\s+)?"
                         r"(?P<year>(?:1[89]|20)\d\d)\b|a\s+year\s+(?:ago|earlier|before)|year-?ago|(?:last|the\s+previous|the\s+"
                         r"same)\s+(?:year|month|week|quarter|period|season)|(?:in|for)\s+(?:{months})\b)".replace(
                             "{months}", MONTHS), re.IGNORECASE)


_CHANGE = re.compile(r"\b(?:up|down|higher|lower|rise|rises|rose|risen|fall|falls|fell|fallen|increased?|decreased?|"
                     r"drop(?:ped)?|grew|grow|gain(?:ed)?|climb(?:ed)?|declined?|jump(?:ed)?|slipped|eased|cut|raised?|"
                     r"lowered|revised|changed?|widened|narrowed|improved|worsened|recovered|slumped|soared)\b", re.IGNORECASE)


_TO_LEVEL = re.compile(r"\bto\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+|roughly\s+|an\s+estimated\s+)?$",
                       re.IGNORECASE)
_CHANGED_BY = re.compile(rf"(?:{_CHANGE.pattern}(?:\s+[\w'’/.-]+){{0,10}}?\s+by|(?:rose|risen|fell|fallen|rises|falls|grew|grown|declined|"
                         r"dropped|increased|decreased|climbed|jumped|slipped|eased|gained|lost|"
                         r"(?:to|will|would|could|may|might)\s+(?:rise|fall|grow|drop|decline|increase|decrease|climb|jump|"
                         r"slip|ease|gain)))\s+(?:about|around|some|"
                         r"nearly|almost|roughly|up\s+to|a\s+further|an\s+estimated|an?\s+)?\s*$", re.IGNORECASE)


_LOST_BEFORE = re.compile(r"\blost\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+|roughly\s+|an\s+estimated\s+)?$",
                          re.IGNORECASE)
_LEVEL_ASKED = re.compile(r"\bto (?:what|which)\b|\bwhat level\b", re.IGNORECASE)
_POINTS_OF_CHANGE = re.compile(r"\b(?:percentage|basis)\s+points?$", re.IGNORECASE)
_CHANGE_NOUN_AFTER = re.compile(r"\s+(?:(?:percentage\s+)?points?\s+)?(?:rise|fall|increase|decrease|drop|gain|growth|decline|jump|cut|reduction)s?\b",
                                re.IGNORECASE)


# "an underlying rise of 1.785 billion dlrs": the amount of a change, named before it
_CHANGE_NOUN_BEFORE = re.compile(r"\b(?:rise|fall|increase|decrease|drop|gain|decline|jump|cut|reduction|growth)s?\s+of\s+"
                                 r"(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+|roughly\s+|an?\s+estimated\s+)?$",
                                 re.IGNORECASE)


def _is_base(sentence: str, a: int, b: int, asked_years: set[str]) -> bool:
    """The figure is the base of a comparison: after "from", "against" or "compared with", and before the earlier
    time it stood at ("a year ago", "in 1985"), a year the question does not ask about."""
    before = _BASE_BEFORE.search(sentence[max(0, a - 25):a])
    if not before or (before.group(0).lower().startswith("from")  # "came from 12 countries in 1986" is no base
                      and not _CHANGE.search(sentence[max(0, a - 80):a])):
        return False
    after = _BASE_AFTER.match(sentence, b)
    return bool(after) and not (after.group("year") and after.group("year") in asked_years)


def _amount_words(text: str) -> list[str]:
    """The words of a text, lower-case, without the full stops of abbreviations ("U.S." -> "u.s")."""
    return [w.lower().strip(".") for w in _AMOUNT_WORD.findall(text)]


def _after_asked_owner(sentence: str, a: int, b: int, asked: set[str]) -> tuple[int, int]:
    """"Orange Free State's Maize Triangle" for a question naming the Orange Free State: what the asked owner has,
    after its possessive, is the new name ("McDonald's Corp", whose owner is not asked, stays whole; "Xerox Corp's
    U.K. unit" names no unit)."""
    from assistant.text import stopwords

    if re.match(r"\s+[a-z]+", sentence[b:]) and sentence[b:].split()[0] not in stopwords():
        return a, b
    for m in reversed(list(_INNER_POSSESSIVE.finditer(sentence, a, b))):
        owner = re.findall(r"\w+", sentence[a:m.start()].lower())
        if owner and not _mostly_new(owner, asked):
            return m.end(), b
    return a, b


_INNER_POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")


_WHICH_KIND = re.compile(r"\b(?:which|what)\s+((?:[a-z][\w-]*\s+)?[a-z][\w-]*)\s+(?:was|is|were|are|did|does|do|has|"
                         r"have|had|will|would|can|could)\b")


def _asked_kind(q: str) -> list[str]:
    """The words of the kind a "which" question asks, in order: "before which senate committee was ..." -> [senate,
    committee] (the question in lower case)."""
    found = _WHICH_KIND.search(q)
    return found.group(1).split() if found else []


def _names_the_kind(words: list[str], kind: list[str], asked: set[str]) -> bool:
    """A name made of the asked kind's words and a new one between or before them: "Senate Finance Committee" for
    "which Senate committee", a name the question's words alone do not make."""
    return len(kind) == 2 and all(k in words for k in kind) and any(w not in asked for w in words)


def _mostly_new(words: list[str], asked: set[str]) -> bool:
    """At least half of a name's words are not in the question ("Argentina" is in "which Argentine official"); a
    company's legal form does not count ("Genstar Corp" is the Genstar of "sell its Genstar shares"), nor does a
    possessive ("Colombia's" is the Colombian of "which Colombian pipeline")."""
    words = [w for w in words if w not in _LEGAL_FORMS and len(w) > 1] or words  # nor a possessive's "s"

    def new(word: str) -> bool:  # a place and its people are one word ("Colombia" for "Colombian")
        return word not in asked and not any(same_people(word, a) for a in asked)

    return sum(map(new, words)) * 2 >= len(words)


_ACRONYM = re.compile(r"(?<![\w.])[A-Z]{2,6}(?![\w.])")
_NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|the|de|&)\s+)?[A-Z][\w'’-]*)+")


def _initials(name: str) -> str:
    """The capitals a name's words start with, connecting words left out ("Commodity Credit Corporation" -> "CCC")."""
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())


def _abbreviates(name: str, question: str) -> bool:
    """The name is one the question gives in the other form: spelled out for its acronym ("Commodity Credit
    Corporation" for "the CCC"), or the acronym of a name it spells out ("APT" for "Asset Privatisation Trust")."""
    name = name.strip(" .,'’")
    if _ACRONYM.fullmatch(name):
        return any(_initials(run) == name for run in _NAME_RUN.findall(question))
    return len(name.split()) > 1 and _initials(name) in set(_ACRONYM.findall(question))


# A short form the text gives right after a name: "Petroles de Venezuela, PDVSA," or "National Foreign Trade Council
# (CONEX)".
# (The name may run on past the span: "Petroles" of "Petroles de Venezuela, PDVSA,".)
_SHORT_FORM_AFTER = re.compile(r"(?:\s+(?:(?:de|del|da|do|du|des|la|le|van|von|of|and|y)\s+)?[A-Z][\w'’&.-]*){0,4}"
                               r"\s*[(,]\s*([A-Z][A-Z0-9&-]{1,9})\s*[),]")


def _surname_asked(name: str, question: str) -> bool:
    """A person whose surname the question writes as a name ("Gerald Corrigan" for "before New York Fed President
    Corrigan did so"): the question's own party, not the person asked for."""
    words = name.split()
    return len(words) >= 2 and bool(re.search(rf"(?<![\w-]){re.escape(words[-1].rstrip('.,'))}(?![\w-])", question))


def _short_form_asked(sentence: str, end: int, question: str) -> bool:
    """The text names the span by a short form the question uses ("Petroles de Venezuela, PDVSA," for "the venture
    between Union Pacific and PDVSA"): the question's own party, not its answer. `question` is lower-case."""
    short = _SHORT_FORM_AFTER.match(sentence, end)
    return bool(short) and short.group(1).lower() in set(re.findall(r"[\w&-]+", question))


# A name just before a short form of it: "the International Cocoa Organization (", "Petroles de Venezuela, "
_NAME_BEFORE_SHORT_FORM = re.compile(r"((?:[A-Z][\w'’&.-]*\s+(?:(?:of|de|del|the|and|for|&)\s+)*){1,6})[(,]\s*$")


def _short_form_of_asked(sentence: str, start: int, end: int, question: str) -> bool:
    """The span is the short form the text gives a name the question writes out ("ICCO" in "the International Cocoa
    Organization (ICCO) buffer stock manager" for "Who is the manager of the International Cocoa Organization's
    buffer stock?"): the question's own party, though its initials differ. `question` is lower-case."""
    if not _ACRONYM.fullmatch(sentence[start:end].strip(" .,")):
        return False
    name = _NAME_BEFORE_SHORT_FORM.search(sentence, 0, start)
    if name is None:
        return False
    written = re.sub(r"^(?:the|a|an)\s+", "", name.group(1).strip().lower())
    return len(written.split()) > 1 and written in question


_TITLE_OF = re.compile(r"\b(?:Secretary|Minister)\s+of\s+$")
# Words that name a region or a feature of the land, never a person.
_GEOGRAPHY_WORDS = frozenset("north south east west northern southern eastern western northeast northwest southeast "
                             "southwest central pacific atlantic gulf coast river lake valley mountains sea ocean bay "
                             "island islands province state county region plains delta city st fort mount".split())
# Words that name a body, never a person.
_ORGANISATION_WORDS = frozenset("bank corp corporation inc co company ltd plc ministry department agency board council "
                                "commission exchange association union group fund party government office institute "
                                "bureau authority committee federation confederation organisation organization "
                                "university court parliament congress senate house tribunal administration trust "
                                "foundation society institution alliance coalition league consortium cartel firm "
                                "partnership associates bancorp".split())
# Words that name a thing made or agreed, never a person ("EC Common Agricultural Policy", "Louvre Accord")
_THING_WORDS = frozenset("policy policies agreement accord accords pact treaty act program programme project plan scheme "
                         "round convention protocol directive initiative index market markets system systems network "
                         "station service services airlines airways products industries international report tariff "
                         "tariffs tax taxes budget".split())
# Words that name an award, a work, an event or a building, never a person ("Grammy Award", "Intimate Nights tour",
# "Super Bowl", "Federal Hall")
_WORK_WORDS = frozenset("award awards prize prizes medal medals trophy album albums song songs single film films movie "
                        "movies game games series show shows tour tours festival magazine newspaper journal "
                        "edition era dynasty empire war wars revolution uprising championship championships cup bowl "
                        "olympics museum hall theatre theater school college academy hospital church cathedral "
                        "palace castle bridge tunnel airport stadium arena center centre".split())
_NAMED_THING_WORDS = _THING_WORDS | _WORK_WORDS
_NOT_PERSON_WORDS = _ORGANISATION_WORDS | _GEOGRAPHY_WORDS | _NAMED_THING_WORDS
_LEGAL_FORMS = frozenset("corp corporation inc incorporated co company ltd limited plc llc sa ag nv bv ab asa spa gmbh "
                         "kk group holdings holding".split())


# How a people's name ends after its place's stem (Colombia-n, Canad-ian, Japan-ese, Brit-ish, Israel-i, Argentin-e),
# or a place after its people's (German-y, Philippine-s).
_PEOPLE_ENDINGS = ("n", "an", "ian", "ean", "ese", "ish", "i", "e", "ic", "s", "y", "ns", "ans", "ians")


@functools.lru_cache(maxsize=50_000)
def same_people(word: str, other: str) -> bool:
    """Two lower-case words that name a place and its people ("colombia", "colombian"; "china", "chinese"): the
    longer is the shorter, less up to three last letters, with a people's ending. A shared start alone is no match:
    "Transco" is not the "transport" of the question."""
    short, long_ = sorted((word, other), key=len)
    if len(short) < 4 or short == long_ or short[0] != long_[0]:  # (the stem keeps at least the first letter)
        return short == long_
    return any(long_ == short[: len(short) - cut] + ending for cut in range(4) for ending in _PEOPLE_ENDINGS)


def demonym_stem(word: str) -> str | None:
    """A long word without its last three letters, at least four kept ("argentina", "argentine" -> "argent";
    "israeli" -> "isra"): a place and its people share it. None for a short word (five letters or fewer)."""
    return word[: max(4, len(word) - 3)] if len(word) > 5 else None


# A stock ticker as the wire writes it after a company's name ("<BELB.BR>", "<CHV>"): a code, not a name.
_TICKER = re.compile(r"<[A-Z0-9]{1,6}(?:\.[A-Z]{1,3})?>")


# A season or financial year written across two years: "1985/86", "1986/1987"
_SPLIT_YEAR = re.compile(r"\b(?:1[89]|20)\d\d/(?:(?:1[89]|20)\d\d|\d\d)\b")


def _in_date(sentence: str, at: int) -> bool:
    """Whether the character at `at` is part of a date: "21" of "on March 21 compared with" is no amount, the
    "16" of "April 16" no count, nor the "86" of "the 1985/86 coffee year"."""
    return any(a <= at < b for a, b in _date_ranges(sentence))


@functools.lru_cache(maxsize=20_000)
def _date_ranges(sentence: str) -> tuple[tuple[int, int], ...]:
    return tuple((d.start(), d.end()) for pattern in (_DATE, _SPLIT_YEAR) for d in pattern.finditer(sentence))
