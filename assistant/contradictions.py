"""Does a sentence contradict the question it seems to answer? Readers of what a question's wording excludes.

A sentence can share most of a question's words and still answer another question: it counts another number of the
asked thing ("the first Bond theme" for "the second"), uses a word excluding the question's ("imports" for
"exports", "leaving" for "returning"), negates what is asked, or gives the figure of another party, source or owner
than the one named, or one only intended where the question asks what happened. Each reader is general English,
never a document's words; the answerer turns them into the `number_conflict` and `exclusive_conflict` features.
"""

from __future__ import annotations

import functools
import re

from assistant.evidence import (ABBREVIATED_MONTHS, COUNTRIES, MONTH_NAMES, NUMBER, NUMBER_WORDS, ORDINAL_WORDS,
                                YEAR_RE, is_place, mentions)
from assistant.questions import MONTHS, same_people
from assistant.text import stem, stopwords, terms

@functools.lru_cache(maxsize=50_000)
def _counted(text: str) -> tuple[tuple[float, frozenset[str]], ...]:
    """(number, stems of the next two words) pairs a text states: "four men in" -> (4, {"men"}); a number followed
    by no word it counts has no stems ("and 30 were"). Years are no numbers here."""
    pairs = []
    for m in _ORDINAL.finditer(text):  # "the second Bond theme", "his 4th appearance"
        if _DAY_OF_MONTH.search(text, 0, m.start()):
            continue  # "the May 27th aftershocks": a day, not the 27th aftershock
        word = m.group(0).lower()
        value = ORDINAL_WORDS.get(word) or float(re.match(r"\d+", word).group(0))
        following = re.match(r"\s+([a-z]+)", text[m.end():], re.IGNORECASE)
        if pairs and pairs[-1][0] < 0 and (not following or following.group(1).lower() in stopwords()):
            stems = pairs[-1][1]  # "The first round is on Sunday, the second on April 26": the second round
        else:
            stems = _stems_after(_NOUN_AFTER_ANY_CASE, text, m.end()) or _verb_before(text, m.start())
        if stems:
            pairs.append((-float(value), stems))  # negative: an ordinal is never equal to a count
    scaled_to = 0  # the end of the last "hundred" or "thousand" read as part of the number before it
    for m in NUMBER.finditer(text):
        if m.start() < scaled_to:
            continue
        word = m.group(0).lower().rstrip(",")  # ("in 1986, according to": a year before a comma)
        if _DAY_OF_MONTH.search(text, 0, m.start()):
            continue  # "dated March 25, said": a day, not 25 of anything
        value = _number_value(word)
        if value is None or word not in NUMBER_WORDS and (
                YEAR_RE.fullmatch(word) or _SEASON_PART.match(text[m.start() - 1: m.end() + 2])):
            continue
        end = m.end()
        scale = _SCALE_WORD.match(text, end)  # "two hundred letters": 200 letters, not two
        if scale:
            value, end = value * (100 if scale.group(1).lower() == "hundred" else 1000), scale.end()
            scaled_to = end
        stems = _stems_after(_NOUN_AFTER, text, end)
        if not stems or stems - _MONEY_STEMS:  # ("one pct", "5 dlrs": a rate or a sum, counting nothing)
            pairs.append((float(value), stems - _MONEY_STEMS))
    return tuple(pairs)


_SCALE_WORD = re.compile(r"[\s-]+(hundred|thousand)\b", re.IGNORECASE)


# Either half of a season or split year ("1986/87", "86/87") names a time, not a count: "the 1985/86 harvest".
_SEASON_PART = re.compile(r"/\d|\d+/\d")

_TIME_UNITS = frozenset(terms("year years month months quarter quarters week weeks day days decade decades"))
# Money and scale count nothing: "the 400 mln dlr issue" names an issue, and "200 dlrs per share" is a price.
_MONEY_STEMS = frozenset(terms("million millions billion billions trillion dollar dollars cent cents percent yen "
                               "marks francs pounds sterling stg lire pesos rupees"))


_DAY_OF_MONTH = re.compile(rf"\b(?:{'|'.join(MONTH_NAMES)}|{ABBREVIATED_MONTHS}\.?)\s+$", re.IGNORECASE)
_NOUN_AFTER = re.compile(r"[\s-]+[a-z]{2,}(?:\s+[a-z]{2,})?\b")  # the (up to) two words after a number ("45 mm film")
# (after an ordinal a hyphened word is one: "the first African-American woman" orders women)
_NOUN_AFTER_ANY_CASE = re.compile(r"[\s-]+[a-z]{2,}(?:-[a-z]{2,})*(?:\s+[a-z]{2,})?\b", re.IGNORECASE)


def _stems_after(pattern: re.Pattern, text: str, end: int) -> frozenset[str]:
    """Stems of the words `pattern` finds right after text[:end]: what a number there counts."""
    following = pattern.match(text, end)
    return frozenset(terms(following.group(0))) if following else frozenset()


_WORD_BEFORE = re.compile(r"([a-z]{3,})\s+$", re.IGNORECASE)


def _verb_before(text: str, start: int) -> frozenset[str]:
    """An ordinal with no noun after it places what the word before it tells of: "finished second", "ranked third"."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return frozenset(terms(before.group(1))) if before else frozenset()


_ORDINAL = re.compile(r"\b(?:" + "|".join(ORDINAL_WORDS) + r"|\d{1,3}(?:st|nd|rd|th))\b", re.IGNORECASE)


# A figure the question measures against ("above the government's 7.8 mln tonne estimate", "from 12 pct"): the
# base of a comparison, not a count of what is asked, so another figure of its kind is no contradiction.
_FIGURE_COMPARED = re.compile(r"\b(?:above|below|than|from|against|compared\s+(?:with|to)|versus|vs\.?|beyond|exceeding)"
                              r"\s+(?:(?:the|a|an|its|their|[\w.-]+['’]s)\s+){0,3}\d[\d.,]*(?:\s+[a-z]+){0,2}",
                              re.IGNORECASE)


_HOW_MUCH_OF = re.compile(r"\bhow\s+(?:much|many)\s+((?:[\w-]+\s+){0,4})", re.IGNORECASE)


def _measured_stems(question: str) -> frozenset[str]:
    """The stems of the words a "how much" or "how many" question measures: "how much more wheat flour remains"."""
    found = _HOW_MUCH_OF.search(question)
    return frozenset(terms(found.group(1))) if found else frozenset()


@functools.lru_cache(maxsize=4096)
def _asked_counts(question: str) -> tuple[tuple[float, frozenset[str]], ...]:
    """What the question counts, once for all its candidate sentences: its (number, counted stems) pairs, less the
    figures of what it measures, which are its context, not its answer ("After the sale of 25,000 tonnes of wheat
    flour to Iraq, how much more wheat flour remains available?" is answered by "an additional 175,000 tonnes")."""
    measured = _measured_stems(question)
    context = {v for v, phrase in _figure_phrases(question) if phrase & measured}
    return tuple((v, n) for v, n in _counted(_FIGURE_COMPARED.sub(" ", question)) if n and v not in context)


_FIGURE_PHRASE = re.compile(r"((?:[\w-]+\s+){0,4}[\w-]+)")


def _figure_phrases(question: str) -> list[tuple[float, frozenset[str]]]:
    """Each number of the question with the stems of the (up to five) words after it: "25,000 tonnes of wheat
    flour to Iraq" -> (25000, {tonn, wheat, flour, iraq})."""
    found = []
    for m in NUMBER.finditer(question):
        value = _number_value(m.group(0).lower().rstrip(","))
        if value is None:
            continue
        after = _FIGURE_PHRASE.match(question, m.end() + 1)
        found.append((value, frozenset(terms(after.group(1))) if after else frozenset()))
    return found


def _number_value(word: str) -> float | None:
    """A number word's or figure's value ("seven" -> 7, "1,353" -> 1353); None for what reads as neither."""
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    try:
        return float(word.replace(",", ""))
    except ValueError:
        return None


def number_conflict(question: str, sentence: str) -> bool:
    """The sentence counts or orders what the question does with another number and never with the question's:
    "kills three men" against "kills four men?", "the first Bond theme" against "the second Bond theme?"; or it
    prices a unit the question prices at another figure, never at the question's ("a five dlr a barrel tariff" for
    "a 10 dlr a barrel oil import fee")."""
    if _other_unit_price(question, sentence):
        return True
    asked = _asked_counts(question)
    if not asked:
        return False
    stated = _counted(sentence)
    # (a number the sentence gives with no word counted after it may count what is asked: "90 helicopters, of which
    # 60 were to be provided by the PLAAF, and 30 by ...", "Two of the three national daily newspapers")
    bare = {v for v, n in stated if not n and v > 0}
    stated = [(v, n) for v, n in stated if n]
    for value, nouns in asked:
        # an ordinal against ordinals, a count against counts: "the second busiest" is among "the three busiest";
        # but a time is no length of time: "the first year" is not "the next three years"
        alike = [(v, n) for v, n in stated if n & nouns and ((v < 0) == (value < 0) or n & nouns & _TIME_UNITS)]
        # the same words counted, where some pair has them all: "the third African-American woman" orders the women
        # asked of; "the first African-American artist" beside it orders artists
        numbers = {v for v, n in alike if n == nouns} or {v for v, _ in alike}
        if numbers and value not in numbers and value not in bare:
            return True
    return False


# A price per unit: "10 dlr a barrel", "five dlrs per tonne", "15 cts a share" (its figure, its unit)
_UNIT_PRICE = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r")[\s-]+(?:u\.s\.\s+)?"
                         r"(?:dlrs?|dollars?|cents|cts|stg|yen|marks|francs)\s+(?:a|per)\s+([a-z]+)", re.IGNORECASE)


def _unit_prices(text: str) -> set[tuple[float, str]]:
    found = set()
    for figure, unit in _UNIT_PRICE.findall(text):
        value = NUMBER_WORDS.get(figure.lower())
        found.add((float(value if value is not None else figure.replace(",", "")), stem(unit.lower())))
    return found


def _other_unit_price(question: str, sentence: str) -> bool:
    """The question gives a price per unit as what it asks about ("a 10 dlr a barrel fee") and the sentence prices
    that unit only at other figures."""
    asked = _unit_prices(question)
    if not asked:
        return False
    stated = _unit_prices(sentence)
    return any(any(u == unit for _, u in stated) and (value, unit) not in stated for value, unit in asked)


# Words that exclude each other: a sentence using one where the question uses another speaks of something else
# ("imports" for "exports", "the oldest actress" for "the youngest"). General English, not any document's words;
# compared as stems, so "exported" meets "exports". A tuple is one side's words: "purchased" says "bought".
EXCLUSIVE_TERMS = (
    ("export", "import"), ("exporter", "importer"), ("surplus", "deficit"), ("common", "preferred"),
    (("buy", "bought", "purchase", "purchased"), ("sell", "sold", "sale")),
    ("rise", "fall"), ("rose", "fell"), ("increase", "decrease"), ("gain", "loss"),
    ("higher", "lower"), ("highest", "lowest"), ("largest", "smallest"), ("biggest", "smallest"),
    ("most", "least"), ("maximum", "minimum"), ("best", "worst"), ("oldest", "youngest"), ("older", "younger"),
    ("earliest", "latest"), ("longest", "shortest"), ("private", "public"), ("north", "south"), ("east", "west"),
    ("win", "lose"), ("won", "lost"), ("winner", "loser"), ("accept", "reject"), ("approve", "reject"),
    ("positive", "negative"), ("prequel", "sequel"), ("upper", "lower"), ("success", "failure"),
    ("strong", "weak"), ("legal", "illegal"), ("male", "female"), ("men", "women"), ("father", "mother"),
    ("son", "daughter"), ("brother", "sister"), ("husband", "wife"), ("king", "queen"), ("summer", "winter"),
    ("lend", "borrow"), ("lender", "borrower"), ("creditor", "debtor"), ("asset", "liability"),
    ("revenue", "expenditure"), ("income", "expense"), (("profit", "profits"), ("lose", "lost", "loss", "losses")),
    ("major", "minor"), ("majority", "minority"), ("long", "short"), ("large", "small"), ("big", "small"),
    ("high", "low"), ("fast", "slow"), ("hot", "cold"), ("warm", "cool"), ("early", "late"), ("wet", "dry"),
    ("heavy", "light"), ("deep", "shallow"), ("wide", "narrow"), ("thick", "thin"), ("rich", "poor"),
    ("cheap", "expensive"), ("true", "false"), ("include", "exclude"), ("arrive", "depart"), ("arrival", "departure"),
    ("birth", "death"), ("born", "died"), ("alive", "dead"), ("victory", "defeat"), ("attack", "defend"),
    ("offense", "defense"), (("leave", "left", "leaving"), ("return", "returned", "returning")),
    (("leave", "left", "leaving"), ("join", "joined", "joining")), (("release", "emit"), ("consume", "absorb")),
    ("succeed", "fail"), ("current", "former"), ("rain", "snow"), ("morning", "afternoon", "evening"), ("spring", "autumn"),
    ("above", "below"), ("inside", "outside"), ("inner", "outer"),
    ("internal", "external"), ("northern", "southern"), ("eastern", "western"), ("rural", "urban"),
    ("ancient", "modern"), ("top", "bottom"), ("beginning", "ending"), ("opening", "ending"),
    ("begin", "end"), ("began", "ended"), ("start", "finish"), ("started", "concluded"), ("began", "concluded"),
    (("begin", "began", "begun", "start", "started"), ("completion", "completed")),
    ("allow", "ban"), ("allowed", "banned"), ("permit", "prohibit"),
    ("able", "unable"), (("add", "added", "adding"), ("remove", "removed", "removing")), ("war", "peace"),
    ("man", "woman"), ("boy", "girl"), ("agree", "disagree"), ("appear", "disappear"), ("love", "hate"),
    ("same", "different"), ("accept", "refuse"), ("create", "destroy"), ("strength", "weakness"),
    ("more", "less"), ("more", "fewer"), ("faster", "slower"), (("farther", "further"), ("closer", "nearer")),
    (("hasten", "accelerate"), ("delay", "postpone")),
    ("hero", "villain"), ("protagonist", "antagonist"), ("full", "partial"), (("friend", "ally"), ("enemy", "foe")),
    ("support", "oppose"), ("supporter", "opponent"), (("praise", "praised"), ("criticize", "criticise", "criticized")),
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    # Commodities: a figure for crude does not answer for natural gas, copper's not for silver. (Left out: words
    # with another sense, "lead", "iron", "oil" of "crude oil" and "palm oil"; spellings of one thing, aluminium,
    # maize for corn, soya for soybean.)
    ("gold", "silver", "copper", "zinc", "tin", "nickel", "platinum", "steel", "crude", "gas", "coal", "gasoline",
     "naphtha", "diesel", "kerosene", "propane", "jet", "distillate",
     "wheat", "corn", "rice", "barley", "sorghum", "soybean", "sugar", "coffee", "cocoa", "tea", "cotton", "rubber",
     "palm", "rapeseed", ("sunflower", "sunflowerseed"), "wool", "beef", "pork", "tobacco", "oilseed", "foodgrain",
     ("oats", "oat"), "rye", "linseed", "copra", "groundnut", "soymeal", "soyoil", "cattle", "hogs", "lumber",
     "palladium", "uranium"),
    # Left out: pairs that often stand together for two parts of one fact ("the first drop since ... the last
    # time", "foreign maize ... the domestic harvest"): first/last, foreign/domestic, before/after, open/close.
)


# A good's flows and holdings, reported apart: a crop's harvest is not its exports, nor what was consumed.
FLOWS = (
    ("produce", "produced", "production", "producing", "output", "outputs", "harvest", "harvests", "harvested",
     "crop", "crops"),
    ("export", "exports", "exported", "exporting"), ("consume", "consumed", "consumption", "consuming"),
    ("import", "imports", "imported", "importing"),
    ("stocks", "stockpile", "stockpiles", "inventories"),  # what is held is not what flows in a period
    ("reserve", "reserves"))  # what lies in the ground is not what is taken out of it in a year


# Things reported apart, each named by several words: a crop's harvest is not its exports, nor what was consumed.
# Matched as written, not by stem: the stems of these words name other things too ("products" are goods, not
# production; "trading" on a market is no trade balance; an "operation" is no operating result; "consumer prices").
EXCLUSIVE_CONCEPTS = (
    FLOWS,
    # Earnings before and after what is taken from them: a net figure is not an operating or pre-tax one.
    (("net",), ("operating",), ("pre", "pretax", "gross")),
    # What a company keeps is not what it sells: a profit is not its turnover, nor its orders, nor its dividend.
    (("profit", "profits", "earnings"), ("turnover", "sales", "revenue", "revenues", "revs"), ("orders",),
     ("dividend", "dividends", "div", "divs"),  # and what it pays out of its profit
     ("assets",)),  # and what it owns
    # A country's balances are reported apart: the budget's is not the current account's nor the trade balance's.
    (("budget",), ("account",), ("trade",)),
    # A parent company's own result is not its group's (consolidated) one.
    (("parent", "unconsolidated"), ("group", "consolidated")),
    # Natural gas is not oil (kept out of the commodities above for "palm oil"; "oil and gas" names both).
    (("gas", "lng"), ("oil",)),
)


@functools.lru_cache(maxsize=1)
def _exclusive_stems() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """stem -> (the stems naming the same thing, the stems it excludes), for EXCLUSIVE_TERMS."""
    return _excluding([tuple(w if isinstance(w, tuple) else (w,) for w in group) for group in EXCLUSIVE_TERMS], stem)


@functools.lru_cache(maxsize=1)
def _exclusive_forms() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """word -> (the words naming the same thing, the words it excludes), for EXCLUSIVE_CONCEPTS as written."""
    return _excluding(list(EXCLUSIVE_CONCEPTS), str.lower)


def _excluding(concepts: list[tuple[tuple[str, ...], ...]], key) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    out: dict[str, tuple[set[str], set[str]]] = {}
    for group in concepts:
        keyed = [{key(w) for w in words} for words in group]
        for i, same in enumerate(keyed):
            others = set().union(*(other for j, other in enumerate(keyed) if j != i)) - same
            for k in same:
                entry = out.setdefault(k, (set(), set()))
                entry[0].update(same)
                entry[1].update(others)
    return {k: (frozenset(same), frozenset(others)) for k, (same, others) in out.items()}


# Words that deny a deed ("did not sign", "failed to pay"); any negation adds those that deny a thing ("no
# agreement", "without DRM"; not "at no cost", "no charge": free of charge is no negation of the fact)
_DEED_DENIALS = r"not|never|unable|fail(?:s|ed)?\s+to|refus(?:e|es|ed|ing)\s+to"
_DENIED_DEED = re.compile(rf"\b(?:{_DEED_DENIALS})\b|n['’]t\b", re.IGNORECASE)
_NEGATION = re.compile(rf"\b(?:{_DEED_DENIALS}|no(?!\.\s*\d)(?!\s+(?:cost|charge|fee|extra)\b)|nor|neither|none|"
                       r"without)\b|n['’]t\b", re.IGNORECASE)


# A negation that denies nothing asked: "not only X but also Y", "whether or not", "with and without", and "did not
# return until 1407", which says when it happened
_NO_DENIAL = re.compile(r"\bnot\s+only\b|\bor\s+not\b|\bwith\s+and\s+without\b|\bwithout\s+or\s+with\b|"
                        r"\b(?:not|never|n['’]t)\s+(?:[\w'’-]+\s+){0,8}?until\b", re.IGNORECASE)
# A sentence can deny without "not": "tried unsuccessfully", "was unlikely", "has been denied", "forbade", "cannot",
# "DRM-free", "non-white", "instead", "rather than", "died before being able to" (read beside _NEGATION)
_IMPLIED_NEGATION = re.compile(
    r"\b(?:cannot|unlikely|unsuccessful(?:ly)?|den(?:y|ies|ied|ial)|forb(?:id|ids|ade|idden)|prohibit\w*|"
    r"bann(?:ed|ing)|bans?|refus\w+|reject\w*|declin(?:e|es|ed|ing)\s+to|fail(?:s|ed|ing|ure)?|lack\w*|"
    r"abandon\w*|remov(?:e|es|ed|al)|cancel\w*|prevent\w*|avoid\w*|instead|rather\s+than|absent|exclud\w+|"
    r"except|little|no\s+longer|non-\w+|\w+-free|(?!regardless|nevertheless|doubtless)\w{4,}less|"
    r"before\s+being\s+able|too\s+\w+\s+to)\b", re.IGNORECASE)
# What someone is reported to have said, thought or expected: a negation in it denies the report's content, which a
# sentence may give in other words, not the deed asked ("Which analyst said she did not see the dollar above 142 yen?";
# verbs in lower case: "the United States" states nothing)
_REPORTED = re.compile(r"\b(?:said|says|say|told|tells|warned|warns|stated|states|argued|argues|believes?|believed|"
                       r"thinks?|thought|expects?|expected|predicted|predicts|felt|feels|insisted|insists)\b.*$")


@functools.lru_cache(maxsize=4096)
def _denies(question: str) -> bool:
    """The question denies what it asks happened ("Who would not ...?"), once negations that deny nothing are set
    aside; "without" and "no" deny a thing, not the deed ("files without DRM", "left without housing")."""
    return bool(_DENIED_DEED.search(_REPORTED.sub(" ", _NO_DENIAL.sub(" ", question))))


def exclusive_conflict(question: str, sentence: str) -> bool:
    """The sentence says the opposite of the question: it uses a word that excludes one the question uses, and not
    the question's own word ("imports rose" for "How much did exports rise?", "the oldest actress" for "the youngest
    actress"); or the question negates and the sentence does not ("Who would not ..."); or one of them negates a
    word by its prefix that the other has plain ("unofficial" / "official")."""
    if _denies(question) and not _NEGATION.search(sentence) and not _IMPLIED_NEGATION.search(sentence):
        return True  # "Who would not be reprising his role?" against "... revealed he would be reprising his role"
    if not _NEGATION.search(question) and _negates_asked_word(question, sentence):
        return True  # "Who will return to direct the next film?" against "Mendes will not return to direct it"
    if _negated_word(question, sentence) or _negated_word(sentence, question):
        return True  # "the unofficial car" against "the official car", "an inexperienced actor" against "experienced"
    if _opposite_prefix(question, sentence):
        return True  # "overrepresented" against "underrepresented", "pre-war" against "post-war"
    return excludes_words(question, sentence) or owner_swapped(question, sentence) or agent_swapped(question, sentence) \
        or speaker_swapped(question, sentence) or intended_for_actual(question, sentence) \
        or year_to_date_for_week(question, sentence) or withheld(question, sentence) \
        or names_only_set_apart(question, sentence) or other_year_of_the_kind(question, sentence) \
        or people_swapped(question, sentence)


# A people named before what the question asks of it: "Italian immigrants", "Japanese exports"
_PEOPLE_BEFORE_NOUN = re.compile(r"\b([A-Z][a-z]{3,})\s+([a-z]{4,})\b")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")


@functools.lru_cache(maxsize=4096)
def _is_people(word: str) -> bool:
    """A word naming a country's people ("Italian", "Irish", "Pakistani"), not the country itself."""
    lower = word.lower()
    return lower not in COUNTRIES and (is_place(word) or any(same_people(lower, c) for c in COUNTRIES if " " not in c))


def people_swapped(question: str, sentence: str) -> bool:
    """The question asks of one people's thing and the sentence gives the same thing other peoples', never naming
    the asked one: "Irish and German immigrants" for "Which machine did Italian immigrants support?"."""
    for asked in _PEOPLE_BEFORE_NOUN.finditer(question):
        people, noun = asked.group(1), asked.group(2)
        if not _is_people(people) or mentions(sentence.lower(), people):
            continue
        for said in re.finditer(rf"\b{re.escape(noun)}\b", sentence):
            if any(_is_people(w) for w in _CAPITALISED.findall(sentence, max(0, said.start() - 40), said.start())):
                return True
    return False


# A year named with its kind: "calendar 1988", "fiscal 1987", "the 1986/87 crop year" is written "crop 1986/87" rarely
_YEAR_OF_KIND = re.compile(r"\b(calendar|fiscal|financial|marketing)\s+(?:year\s+)?((?:19|20)\d\d(?:/(?:19|20)?\d\d)?)\b",
                           re.IGNORECASE)


def other_year_of_the_kind(question: str, sentence: str) -> bool:
    """The question asks for a year of a kind (a calendar, fiscal or marketing year) that the sentence never names,
    and the sentence gives another year of that kind: "average 15 dlrs per barrel in calendar 1987" for "What
    price did Lawson assume for calendar 1988 in his March 1987 budget?" (the budget's own time is no answer)."""
    asked = {(kind.lower(), year) for kind, year in _YEAR_OF_KIND.findall(question)}
    stated = {(kind.lower(), year) for kind, year in _YEAR_OF_KIND.findall(sentence)}
    return any(year not in sentence and any(k == kind and y != year for k, y in stated) for kind, year in asked)


# "Besides Brooklyn, Queens and Staten Island, which other borough ...?": the things set apart, each on its own
_SET_APART_PHRASE = re.compile(r"^\W*(?:besides|apart\s+from|aside\s+from|other\s+than|except\s+for|in\s+addition\s+to)\s+"
                               r"([^,?]+(?:,\s*[^,?]+)*?),\s*(?:what|which|who|whom|where|when|how)\b", re.IGNORECASE)
_ITEM_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# Between the things set apart, only the words that join a list ("the Beichuan Fault and the Guanxian Fault")
_ONLY_JOINING = re.compile(r"^(?:\s|,|;|\band\b|\bor\b|\bthe\b|\bi\.e\.|\bas\s+well\s+as\b)*$", re.IGNORECASE)
# A list that goes on after them: "the Shanghai Stock Exchange and the Shenzhen Stock Exchange", "X or Y", "X, Y"
# (a name's further words, closing quotes and brackets skipped: "Boo Radley and their feelings"; but not a clause
# set off by a comma: "Spotify, which have been criticised")
_LIST_GOES_ON = re.compile(r"^(?:[\"'’”)\]]|\s+[A-Z][\w.'’-]*)*\s*(?:,\s*(?!(?:which|who|whom|whose|where|when|that|as|but|"
                           r"while|although|though|he|she|it|they|its|his|her|their)\b)\S|(?:and|or|plus|&|as\s+well\s+as|"
                           r"along\s+with|together\s+with)\b)", re.IGNORECASE)
# ... or that began before them: "both X and Y", "not only X", "Z and X", "Z, X"
_LIST_BEGAN = re.compile(r"(?:\w,|\band|\bor|\bboth|\bnot\s+only|\bas\s+well\s+as|\bplus|&)\s*(?:the\s+|a\s+|an\s+)?[\"'‘“(]?$",
                         re.IGNORECASE)


def names_only_set_apart(question: str, sentence: str) -> bool:
    """"Besides X, which other ...?" asks for something besides X: a sentence naming X and Y together, with nothing
    else in their list, gives no other one ("ruptured ... the Beichuan Fault and the Guanxian-Anxian Fault" for
    "Besides the Beichuan Fault and the Guanxian-Anxian Fault, what third fault ...?"). A sentence that goes on
    ("both the Shanghai and the Shenzhen exchanges", "power disruption or traffic congestion"), or that names
    the things set apart in separate places, or not at all, may still answer."""
    m = _SET_APART_PHRASE.search(question)
    if not m:
        return False
    items = [_ARTICLE.sub("", item.strip()) for item in _ITEM_SEPARATOR.split(m.group(1)) if item.strip()]
    found = []
    for item in items:
        at = re.search(rf"(?<!\w){re.escape(item)}(?!\w)", sentence, re.IGNORECASE)
        if not at:
            return False
        found.append(at.span())
    found.sort()
    if any(not _ONLY_JOINING.match(sentence[a_end:b_start]) for (_, a_end), (b_start, _) in zip(found, found[1:])):
        return False
    before, after = sentence[:found[0][0]], sentence[found[-1][1]:]
    return not _LIST_GOES_ON.match(after) and not _LIST_BEGAN.search(before)


_WH = r"(when|how\s+much|how\s+many|how\s+long|where|who|whom|which|why|what|the\s+[a-z]+)"
_WITHHELD = re.compile(
    rf"\b(?:(?:did|do|does|would|will|could|can)\s*(?:not|n['’]t)|(?:declined|refused)\s+to)\s+"
    rf"(?:say|disclose|specify|reveal|indicate|identify|comment\s+on)\s+{_WH}\b"
    rf"|\bnot\s+(?:immediately\s+)?available\s+(?:for\s+comment\s+|to\s+comment\s+)?on\s+{_WH}\b", re.IGNORECASE)
_QUESTION_WH = re.compile(r"\b(when|how\s+much|how\s+many|how\s+long|where|who|whom|which|why|what)\b", re.IGNORECASE)


def withheld(question: str, sentence: str) -> bool:
    """The sentence says that what is asked was not told: "company officials were not immediately available to comment
    on when the tests would begin" for "When will the human tests begin?", "declined to say how much it paid" for
    "How much did it pay?", "did not disclose the price" for "What price ...?"."""
    asked, words = _QUESTION_WH.search(question), set(terms(question))
    for m in _WITHHELD.finditer(sentence):
        told = re.sub(r"\s+", " ", next(g for g in m.groups() if g).lower())
        if told.startswith("the "):
            if stem(told[4:]) in words:
                return True
        # the same question word, about the question's own words ("how many dollars the bank bought"), not another
        # thing the sentence leaves open ("did not say what the decision was" for "What price did it pay?")
        elif asked and told == re.sub(r"\s+", " ", asked.group(1).lower()) \
                and set(terms(" ".join(sentence[m.end():].split()[:8]))) & words:
            return True
    return False


_WEEK_ASKED = re.compile(r"\bweek\s+(?:ended|ending|to|of)\b|\b(?:last|this|that|the\s+same)\s+week\b", re.IGNORECASE)
_YEAR_TO_DATE = re.compile(r"\bso\s+far\s+(?:this\s+year|in\s+(?:19|20)\d\d)\b|\byear[\s-]+to[\s-]+date\b|"
                           r"\bcumulative\b", re.IGNORECASE)


def year_to_date_for_week(question: str, sentence: str) -> bool:
    """A week's figure asked ("in the week ended May 16"), the year's so far given ("Electric output so far this year
    was 1072.97 billion kilowatt hours"), and no week's named beside it; not when the year's so far is what is asked
    ("cumulative roastings for calendar 1987 as of the week ended March 7")."""
    return bool(_WEEK_ASKED.search(question)) and bool(_YEAR_TO_DATE.search(sentence)) \
        and not re.search(r"\bweek\b", sentence, re.IGNORECASE) and not _YEAR_TO_DATE.search(question)


_ACTUAL = re.compile(r"\bactual(?:ly)?\b", re.IGNORECASE)
# Words that give a figure as meant, hoped or guessed, not as it came out
_INTENDED = re.compile(r"\b(?:will|would|shall|plans?|planned|planning|seeks?|seeking|sought|aims?|aimed|intends?|"
                       r"intended|targets?|targeted|expects?|expected|forecasts?|forecast|projects?|projected|estimates?|"
                       r"estimated|quotas?|proposals?|proposed|offers?|offered|could|may|might|tender\s+for|"
                       r"to\s+(?:buy|sell|purchase|tender))\b",
                       re.IGNORECASE)


def intended_for_actual(question: str, sentence: str) -> bool:
    """The question asks what actually happened ("How many tonnes did it actually buy?") and the sentence gives a
    figure only as intended or guessed ("will tender for about 3,000 tonnes", "had sought to raise its quota"); not
    when the question asks a guess itself ("what does the embassy estimate production actually was")."""
    if _RECORDED.search(question):  # "What inflation rate did New Zealand record ...?": not what it "could fall to"
        return bool(_MODAL.search(sentence))
    done = _DONE.search(question)  # "How many workers did ZCCM lay off in 1986?": not "intends to lay off 20,000"
    if done and done.group(1) not in stopwords() and not _INTENDED.search(question):
        verb = stem(done.group(1))
        if any(stem(m.group(1)) == verb for m in _MEANT_DEED.finditer(sentence)):
            return True
    return bool(_ACTUAL.search(question)) and not _INTENDED.search(question) and bool(_INTENDED.search(sentence))


# A deed asked as done ("did ZCCM lay off"), and the same deed only meant: "intends to lay off", "plans to buy"
_DONE = re.compile(r"\bdid\s+(?:[\w.'’-]+\s+){1,5}?([a-z]{3,})\b")
_MEANT_DEED = re.compile(r"\b(?:intends?|intended|plans?|planned|aims?|aimed|seeks?|sought|wants?|wanted|hopes?|hoped|"
                         r"proposes?|proposed|is\s+to|are\s+to|was\s+to|were\s+to)\s+(?:to\s+)?([a-z]{3,})\b")
# A figure asked as recorded ("did New Zealand record", "has the index registered"), and the modal verbs that give one
# only as it may come out
_RECORDED = re.compile(r"\b(?:did|does|has|have|had)\s+(?:[\w.'’-]+\s+){1,5}?(?:record|register)\b(?!\s+(?:high|low))",
                       re.IGNORECASE)
_MODAL = re.compile(r"\b(?:will|would|could|may|might|shall)\b")  # (in lower case: "May" is a month)


_NAME_WORDS = r"[A-Z][\w.&'’-]*(?:\s+(?:of\s+)?[A-Z][\w.&'’-]*){0,3}"
_ASKED_AGENT = re.compile(rf"\b(?:did|does|do|will|would|has|have|had|can|could|should)\s+(?:the\s+)?({_NAME_WORDS})\s+"
                          r"(?:\w+ly\s+)?([a-z]{3,})\b")
_AGENT_AUXILIARIES = r"(?:(?:will|would|has|have|had|also|could|can|did|does|is|was|were|are|to)\s+)*"


def agent_swapped(question: str, sentence: str) -> bool:
    """The question asks what one named party did and the sentence has another party do it, never naming the asked
    one: "PDVSA will pay 30 mln dlrs for the half interest" for "What did Union Pacific pay to acquire Champlin?"."""
    for asked in _ASKED_AGENT.finditer(question):
        agent, verb = asked.group(1), stem(asked.group(2))
        if asked.group(2) in stopwords() or agent.endswith(("'s", "’s")) or _same_owner(agent, sentence) \
                or asked.group(2).endswith("ing"):
            continue  # ("does the USDA's quarterly rice outlook expect": the owner of the subject, then no verb; "had
            # Singapore broking houses been paying": after an auxiliary, an -ing word describes, it is no verb)
        for word in re.finditer(r"\b[a-z]{3,}\b", sentence):
            if stem(word.group()) != verb:
                continue
            doer = re.search(rf"({_NAME_WORDS})\s+({_AGENT_AUXILIARIES})\Z", sentence[:word.start()])
            if doer and _BE.search(doer.group(2)) and not word.group().endswith("ing"):
                continue  # "Light Louisiana Sweet was raised": what was done to, not who did it
            if doer and doer.group(1).split()[0].lower() not in stopwords() and not _same_owner(agent, doer.group(1)):
                return True
            if not doer and _PRONOUN_DOER.search(sentence[:word.start()]) and _SUBJECT.match(sentence):
                return True  # "In 1950, Lee moved to New York, where she worked as a clerk": Lee did, not Capote
    return False


# A pronoun doing the deed, and the named subject it stands for at the sentence's start (after a time or place)
_PRONOUN_DOER = re.compile(rf"\b(?:he|she|they)\s+({_AGENT_AUXILIARIES})\Z")
_SUBJECT = re.compile(r"(?:(?:In|On|By|After|Before|During)\s+[^,]{1,30},\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+"
                      r"(?:[a-z]+ed|was|is|had|has|said)\b")


# (the whole source as cited: "according to CEA chairman Beryl Sprinkel" is Sprinkel's as much as the CEA's)
_ACCORDING_TO = re.compile(r"\b(?i:according to)\s+([^,?;]{2,80})")
_SPEECH = r"(?:said|says|wrote|writes|suggests|suggested|asserts|asserted|argues|argued|stated|states|told|notes|noted)"
_SPEAKER = re.compile(rf"({_NAME_WORDS})(?:,[^,]{{1,60}},)?\s+{_SPEECH}\b|\b{_SPEECH}\s+({_NAME_WORDS})(?=\s*(?:[.,;]|$))")


# "What reserve estimate has Chevron itself given ...?": the party's own word is asked, not what others said of it
_ITSELF = re.compile(r"\b([A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})\s+(?:itself|themselves|himself|herself)\b")
# who a sentence's closing "..., industry analysts said" gives it to, and the words that name the subject again
_SAID_AT_END = re.compile(r",\s+((?:[\w.&'’-]+\s+){0,5}?[\w.&'’-]+)\s+(?:said|says|reported|estimated|believe[sd]?)\s*[.]?\s*$")
_REFERS_TO_SUBJECT = re.compile(r"(?:it|he|she|they|the\s+(?:company|group|firm|bank|spokesman|spokeswoman|statement))",
                                re.IGNORECASE)


def speaker_swapped(question: str, sentence: str) -> bool:
    """The question cites one source ("According to Berlioz, ...") and the sentence quotes another, never naming the
    cited one: "Hiller wrote that ..."."""
    own = _ITSELF.search(question)
    if own:  # "has Chevron itself given": not "..., industry analysts said"
        said = _SAID_AT_END.search(sentence)
        return bool(said) and not _REFERS_TO_SUBJECT.fullmatch(said.group(1).strip()) \
            and not _same_owner(own.group(1), said.group(1))
    cited = _ACCORDING_TO.search(question)
    if not cited or _same_owner(cited.group(1), sentence):
        return False
    named = {w.lower() for w in re.findall(r"\b[A-Z][a-z]{3,}", cited.group(1))} - stopwords()
    if (named or _source_words(cited.group(1))) & _source_words(sentence):
        return False  # the source named in other words ("the weather facility of the Agriculture Department"); by its
        # name where it has one ("an article in Nature" is not "an article in Science")
    for said in _SPEAKER.finditer(sentence):
        speaker = said.group(1) or said.group(2)
        if speaker.split()[0].lower() not in stopwords() and not _same_owner(cited.group(1), speaker):
            return True
    return False


def _source_words(name: str) -> set[str]:
    """A source's words in any case ("the USDA/NOAA weather facility" and "the Joint Agricultural Weather Facility"
    share "weather" and "facility")."""
    return {w for w in re.findall(r"[a-z]{4,}", name.lower()) if w not in stopwords()}


_OWNED = re.compile(r"\b((?:[A-Z][\w.-]*\s+of\s+(?:the\s+)?)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)['’]s((?:\s+[\w-]+){1,3})")


def owner_swapped(question: str, sentence: str) -> bool:
    """The question asks about one owner's thing and the sentence gives another owner's, never naming the asked one:
    "One of Jem's arms is broken" for "Which of Scout's arms is broken?", "Korea's exports" for "Japan's exports"."""
    for asked in _OWNED.finditer(question):
        owner, thing = asked.group(1), _owned_stems(asked.group(2))
        if _is_time_word(owner) or _same_owner(owner, sentence):
            continue  # the sentence names the asked owner, if only in part ("Penney's" for "J.C. Penney's")
        owners = [m.group(1) for m in _OWNED.finditer(sentence) if _owned_stems(m.group(2)) & thing
                  and not _is_time_word(m.group(1))]
        if owners and not any(_same_owner(owner, other) for other in owners):
            return True
    return False


def _owned_stems(words: str) -> frozenset[str]:
    """The stems of the words after an owner's name ("'s overall March sales" -> overal, march, sale)."""
    return frozenset(stem(w) for w in words.lower().split() if w not in stopwords() and len(w) > 2)


def _same_owner(one: str, other: str) -> bool:
    """"Citgo" for "Citgo Petroleum", "Penney" for "J.C. Penney", "APT" for "Asset Privatisation Trust": a name
    shortened, not another owner."""
    return bool(set(re.findall(r"[A-Z][A-Za-z]{2,}", one)) & set(re.findall(r"[A-Z][A-Za-z]{2,}", other))) \
        or mentions(other.lower(), one, other) or _initials_of(other.strip(), one)


_BE = re.compile(r"\b(?:is|was|were|are|be|been)\b")


def _initials_of(acronym: str, name: str) -> bool:
    """"APT" are the initials of the last words of "Philippines Asset Privatisation Trust"."""
    if not re.fullmatch(r"[A-Z]{2,6}", acronym):
        return False
    initials = "".join(w[0] for w in re.findall(r"[A-Z][A-Za-z]+", name))
    return initials.endswith(acronym) or initials.startswith(acronym)


def _is_time_word(name: str) -> bool:
    """"February's budget", "Monday's talks": a time, no owner."""
    return bool(re.fullmatch(rf"(?:{MONTHS}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                             r"[Tt]oday|[Yy]esterday|[Tt]omorrow)", name))


def excludes_words(question: str, text: str) -> bool:
    """The text uses a word excluding one of the question's, and not the question's own (alone, for a phrase,
    which says nothing of negation: "629,000 lbs of nickel" for copper). A sale to a buyer the question names is
    that buyer's purchase: "wheat sales to China" answer "How much wheat has China bought?"."""
    buyer_asked, terms_asked = _asked_reading(question)
    text = _SALE_TO.sub(lambda m: " " if buyer_asked or m.group(1) in question else m.group(0), text)
    if _UNOWNED_TRADE.search(question):  # "iPod purchases" are the seller's "iPod sales": no side taken
        text = _TRADE_WORD.sub(" ", text)
    return (_excludes(_exclusive_stems(), _word_stems(terms_asked), _word_stems(text))
            or _excludes(_exclusive_forms(), _lower_words(terms_asked), _lower_words(text)))

_NAME_WORD = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z]+\b")  # a capitalised word past a sentence's start


def context_names_another_flow(question: str, context: str) -> bool:
    """The sentence's context (its neighbours, the title) names another flow of goods than the asked one and never
    the asked one: "What foodgrain consumption target ...?" against "India's national foodgrain target" in a story
    of output targets. Words of names are no flow asked ("the Federal Reserve" asks no reserves)."""
    return _excludes(_flow_forms(), _words_asked(question), _lower_words(context))


@functools.lru_cache(maxsize=4096)
def _words_asked(question: str) -> frozenset[str]:
    """The question's words less those of its names, once for all its candidate sentences."""
    return _lower_words(_NAME_WORD.sub(" ", question))


@functools.lru_cache(maxsize=1)
def _flow_forms() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    return _excluding([FLOWS], str.lower)


@functools.lru_cache(maxsize=4096)
def _asked_reading(question: str) -> tuple[bool, str]:
    """What `excludes_words` reads of the question, once for all its candidate sentences: whether it asks the buyer
    ("Who is buying KHJ-TV?": "agreed to sell KHJ-TV to Disney" is Disney's purchase), and its words with a company's
    net income read as its net profit (not its net sales; a state's "oil income" may be its revenue)."""
    return bool(_BUYER_ASKED.search(question)), _AFTER_TAX.sub("net", _NET_INCOME.sub(r"\1 profit", question))


_NET_INCOME = re.compile(r"\b(net|after-tax)\s+income\b", re.IGNORECASE)
_AFTER_TAX = re.compile(r"\bafter[\s-]tax\b", re.IGNORECASE)  # an after-tax result is a net one, not a pre-tax one
# A purchase or sale named by its goods, not by who made it (no owner before, no "by" or "to" after): "iPod purchases",
# "purchases of laptop computers", "had been purchased by the end of March" (not "Japan's purchases", "purchases by
# China")
_UNOWNED_TRADE = re.compile(r"(?<!['’]s )(?<!['’] )\b(?i:purchases|(?:been|were|was)\s+(?:purchased|bought))\b"
                            r"(?!\s+(?:to|from)\b)(?!\s+by\s+(?:the\s+)?[A-Z])")
_TRADE_WORD = re.compile(r"\b(?:buy|buys|bought|buying|purchas\w*|sell|sells|sold|selling|sales?)\b", re.IGNORECASE)


# The buyer asked for: "Who is buying ...?", "Which company bought ...?"
_BUYER_ASKED = re.compile(r"^\s*(?:and\s+)?(?:who|which\s+(?:[\w.-]+\s+){0,3}?(?:company|firm|group|bank|buyer|investor|"
                          r"country)s?)\s+(?:\w+\s+){0,2}?(?:buy|buys|bought|buying|purchas\w*)\b", re.IGNORECASE)
# A sale and its buyer: "sales to China", "agreed to sell its South African company ... to <Altron Group's> unit"
_SALE_TO = re.compile(r"\b(?:sales?|sell(?:s|ing)?|sold)\b(?=[^.;]{0,80}?\bto\s+(?:the\s+)?<?([A-Z][\w.-]+))")


def _excludes(excluded: dict[str, tuple[frozenset[str], frozenset[str]]], asked: frozenset[str],
              words: frozenset[str]) -> bool:
    for word in asked:
        same, others = excluded.get(word, (frozenset(), frozenset()))
        # (a word the question names too is no substitute: "steel mills pay for coal" asks about coal as well)
        if others and not same & words and (others & words) - asked:
            return True
    return False


_NEGATED = re.compile(r"(?:\bnot|\bnever|n['’]t)\s+(?:(?:be|been|yet|also|to|have|ever)\s+)?([a-z]+)"
                      r"|\bno\s+(?!longer\b)(?:[a-z]+\s+)?([a-z]+)")  # "had no direct involvement", not "no longer"


def _negates_asked_word(question: str, sentence: str) -> bool:
    """The sentence denies a word the question asks about: "will not return", "has never signed", "didn't sign",
    "had no direct involvement" (but "no change" answers "How much did prices change?": nothing)."""
    asked = set(terms(question))
    quantity = bool(_ASKS_QUANTITY.search(question))
    return any(stem(m.group(1) or ("" if quantity else m.group(2))) in asked
               for m in _NEGATED.finditer(_NO_DENIAL.sub(" ", sentence).lower()))


_ASKS_QUANTITY = re.compile(r"\bhow\s+(?:much|many|far|long|big|large|high|low|fast)\b", re.IGNORECASE)


def _negated_word(text: str, other: str) -> bool:
    """`text` has a word made negative by its prefix ("unofficial", "inexperienced") whose positive form `other` has,
    and `other` has not the negative one. Only long words: "income" and "display" are no negations of "come", "play"."""
    words, others = _lower_words(text), _lower_words(other)
    for word in words - others:
        prefix = _NEGATIVE_PREFIX.match(word)
        if prefix and len(word) >= 8 and len(word) - prefix.end() >= 5 and word[prefix.end():] in others:
            return True
    return False


_NEGATIVE_PREFIX = re.compile(r"(?:un|in|im|ir|il|non)")  # not "dis": discount, disclose, discover
_OPPOSITE_PREFIXES = {"over": "under", "under": "over", "pre": "post", "post": "pre", "up": "down", "down": "up"}
_TURNED_PREFIX = re.compile("|".join(_OPPOSITE_PREFIXES))


def _opposite_prefix(question: str, sentence: str) -> bool:
    """The question has a word whose prefix the sentence turns round ("overrepresented" / "underrepresented"), and the
    sentence has not the question's own word."""
    words, others = _lower_words(question.replace("-", "")), _lower_words(sentence.replace("-", ""))
    for word in words - others:
        prefix = _TURNED_PREFIX.match(word)
        if prefix and len(word) - prefix.end() >= 4 and _OPPOSITE_PREFIXES[prefix.group()] + word[prefix.end():] in others:
            return True
    return False


@functools.lru_cache(maxsize=50_000)
def _lower_words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]+", text.lower()))


@functools.lru_cache(maxsize=50_000)
def _word_stems(text: str) -> frozenset[str]:
    """Stems of every word of a text, stopwords included ("most", "least"): the question's are read once for all
    its candidate sentences, a sentence's once for every question that retrieves it."""
    return frozenset(stem(w) for w in re.findall(r"[a-z]+", text.lower()))
