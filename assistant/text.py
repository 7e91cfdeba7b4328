"""Text analysis shared by chunking, retrieval and answering: paragraphs, sentences, terms.

Documents are kept exactly as extracted, so citation offsets stay exact. Hard-wrapped text (wire copy,
text pulled out of PDFs) is read as paragraphs: a line break inside a paragraph counts as a space when
sentences are split, but the offsets still point into the original text.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

_CJK_SENTENCE = re.compile(r"[^。！？]+[。！？]?")
_WORD = re.compile(r"(?u)\b\w+\b")
_SPACES = re.compile(r"\s+")
# A line that opens a block of its own: a list item, a Markdown heading or quote, a table row.
_BLOCK_START = re.compile(r"^(?:[-*•+]\s|\d{1,3}[.)]\s|#|>|\|)")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]\s*$")

# Abbreviations common in news and policy text that end in a full stop without ending a sentence.
WIRE_ABBREVIATIONS = (
    "u.s", "u.k", "u.n", "e.c", "n.z", "u.s.s.r", "s.a", "n.v", "rep", "sen", "gov", "gen", "lt", "col", "capt",
    "corp", "inc", "co", "ltd", "bros", "dept", "govt", "assn", "intl", "mr", "mrs", "ms", "dr", "prof", "st",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs",
    "approx", "est", "fig", "vol", "pp", "ie", "eg", "i.e", "e.g", "cf", "al", "jr", "sr", "op",
)


NLTK_DATA = Path(__file__).parent / "data" / "nltk_data"


@functools.lru_cache(maxsize=1)
def _punkt():
    """NLTK's Punkt sentence tokenizer for English, taught the wire abbreviations above.

    The English Punkt tables ship in this package (data/nltk_data, see its README), so nothing is
    downloaded. The folder goes first on NLTK's documented search path, `nltk.data.path`, which is also
    where NLTK's path checks allow reading from.
    """
    import nltk
    from nltk.tokenize.punkt import PunktSentenceTokenizer, load_punkt_params

    if str(NLTK_DATA) not in nltk.data.path:
        nltk.data.path.insert(0, str(NLTK_DATA))
    params = load_punkt_params(nltk.data.find("tokenizers/punkt_tab/english/"))
    params.abbrev_types.update(WIRE_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def _wrap_width(lines: list[str]) -> int | None:
    """The width hard-wrapped text was wrapped at, or None when lines are paragraphs of their own."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 3:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    return width if width <= 100 else None


def paragraph_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each paragraph in text[start:end]; a paragraph may span several wrapped lines.

    Lines are joined when the text is hard-wrapped (90% of its lines at most 100 characters) and the next
    line continues the paragraph: not blank, not indented (wire copy indents each new paragraph), not a
    list item or heading, and the line before is not a short line ending a sentence or a capitalised headline.
    Text whose lines are long is read one line a paragraph, as before.
    """
    end = len(text) if end is None else end
    lines, a = [], start
    while a < end:
        b = text.find("\n", a, end)
        b = end if b < 0 else b
        lines.append((a, b))
        a = b + 1
    width = _wrap_width([text[a:b] for a, b in lines])
    paragraphs: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for a, b in lines:
        line = text[a:b]
        if not line.strip():
            if current:
                paragraphs.append(current)
            current = None
            continue
        if current and width and _continues(text[current[0]:current[1]].rsplit("\n", 1)[-1], line, width):
            current = (current[0], b)
            continue
        if current:
            paragraphs.append(current)
        current = (a, b)
    if current:
        paragraphs.append(current)
    return paragraphs


def _continues(previous: str, line: str, width: int) -> bool:
    """Does `line` continue the paragraph whose last line is `previous` (hard-wrapped at `width`)?"""
    if line[:1].isspace() or _BLOCK_START.match(line):
        return False
    stripped = previous.strip()
    last_word = stripped.rsplit(None, 1)[-1].rstrip(".").lower() if stripped else ""
    ends_abbreviation = stripped.endswith(".") and (last_word in WIRE_ABBREVIATIONS or len(last_word) == 1)
    if len(stripped) < 0.6 * width and _SENTENCE_END.search(stripped) and not ends_abbreviation:
        return False
    if is_capitals_line(stripped):  # a headline in capitals, unless a body written in capitals wraps on
        # ("ABOUT 3,314 HEAD OF CATTLE WERE / AUCTIONED IN LINIERS ..."): its line ends mid-sentence
        return is_capitals_line(line.strip()) and not _SENTENCE_END.search(stripped) and (
            len(stripped) >= 0.8 * width or stripped.endswith(",") or last_word in stopwords())
    return True


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence in text[start:end]: paragraphs first, then Punkt, then CJK full stops.

    Inside a paragraph each line break is read as a space (same length, so offsets do not move).
    """
    spans = []
    for p_start, p_end in paragraph_spans(text, start, end):
        flat = text[p_start:p_end].replace("\n", " ")
        if is_capitals_line(flat):  # a headline is one sentence, whatever abbreviations it holds
            spans.append((p_start + len(flat) - len(flat.lstrip()), p_start + len(flat.rstrip())))
            continue
        for s, e in _joined_after_initials(flat, list(_punkt().span_tokenize(flat))):
            for cjk in _CJK_SENTENCE.finditer(flat, s, e):
                a, b = p_start + cjk.start(), p_start + cjk.end()
                while a < b and text[a].isspace():
                    a += 1
                while b > a and text[b - 1].isspace():
                    b -= 1
                if a < b:
                    spans.append((a, b))
    return spans


# Wire copy capitalizes the word after "U.S." ("the U.S. And Japan", "30 U.S. Cents"), which Punkt reads as a new
# sentence; one starts there only with a word that usually opens one.
_ENDS_WITH_INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}$")
_SENTENCE_OPENERS = frozenset("""the a an it its he she his her they their this that these those there we i in on at
for but however after when while if as one some many most""".split())


def _joined_after_initials(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and _ENDS_WITH_INITIALS.search(text, 0, out[-1][1]):
            first = re.match(r"[A-Z][a-z]+\b", text[s:e])
            if first and first.group().lower() not in _SENTENCE_OPENERS:
                out[-1] = (out[-1][0], e)
                continue
        out.append((s, e))
    return out


def is_capitals_line(text: str) -> bool:
    """A single line written in capitals, as wire headlines are."""
    if not text.isupper():  # a lower-case letter (or no cased one): most lines, told without walking them in Python
        return False
    letters = [c for c in text if c.isalpha()]
    return "\n" not in text.strip() and len(letters) > 8 and all(c.isupper() for c in letters)


def flat(text: str) -> str:
    """Text for display in one line: line breaks and runs of spaces become one space."""
    return _SPACES.sub(" ", text).strip()


@functools.lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


_MID_SENTENCE_LOWER = 32  # Punkt's orthographic flag: seen in lower case inside a sentence


def written_in_lower_case(word: str) -> bool:
    """English news writes the word in lower case inside a sentence ("rather", "public", "pieces": Punkt's
    orthographic table, learnt from news text), so a capital that only opens a question need not make it a name."""
    return bool(_punkt()._params.ortho_context.get(word.lower(), 0) & _MID_SENTENCE_LOWER)


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    # bm25s's English list is Lucene's 33 words: it lacks the question words and the auxiliaries, so "what" and
    # "do" counted as rare words no passage has. The rest of the usual English function words join them.
    return frozenset(STOPWORDS_EN) | _FUNCTION_WORDS


_FUNCTION_WORDS = frozenset("""
what which who whom whose when where why how do does did done doing would could should may might must shall can am
were been being has have had having also per via than here very own same other another any each every either
neither both few several whether yet just only even ever already about above after again against all before
below between down during from further its itself me my myself nor now off once our ours ourselves out over so
some them themselves those through too under until up we while you your yours yourself he him his himself she much many
her hers herself i it's whom whose whereas whereby upon onto within without among amongst
""".split())


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The stem of one lower-cased word, as `terms` stems it."""
    return _stemmer().stemWord(word)


def terms(text: str) -> list[str]:
    """Lower-cased, stemmed content words: the vocabulary of BM25 and of sentence matching."""
    return list(_terms(text))


def content_words(text: str) -> list[str]:
    """Lower-cased words that are not stopwords, unstemmed (for soft matching)."""
    # Single letters are pieces of abbreviations and possessives ("U.S.", "Japan's"), not words.
    return [w for w in _WORD.findall(text.lower()) if w not in stopwords() and (len(w) > 1 or w.isdigit())]


@functools.lru_cache(maxsize=100_000)
def _terms(text: str) -> tuple[str, ...]:
    # Cached: the same passages' sentences are read again for every question that retrieves them.
    words = content_words(_BRITISH_WORD.sub(_american_match, text.lower()))
    return tuple(_stemmer().stemWords([WIRE_WORDS.get(w, w) for w in words]))


def _american_match(match: re.Match) -> str:
    return american(match.group(0))


# British spellings and their American twins stem apart ("privatisation" / "privatization", "labour" / "labor",
# "centre" / "center", "totalled" / "totaled"): both are read the American way, in the question and in the text.
_BRITISH = ((re.compile(r"(?<=[a-z]{2})our(s|ed|ing|able|ite|ites|ism|ist|ists|er|ers)?$"), r"or\1"),
            (re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|er|ers|ation|ations)$"), r"iz\1"),
            (re.compile(r"(?<=[a-z]{3})ys(e|es|ed|ing)$"), r"yz\1"),
            (re.compile(r"(?<=[a-z]{2})([tb])re(s|d)?$"), r"\1er\2"),
            (re.compile(r"(?<=[a-z]{3})([ae])ll(ed|ing|er|ers)$"), r"\1l\2"),
            (re.compile(r"^(def|off|lic|pret)ence(s)?$"), r"\1ense\2"))
_AMERICAN_WORDS = {"programme": "program", "tonne": "ton", "catalogue": "catalog", "aluminium": "aluminum",
                   "jewellery": "jewelry", "sulphur": "sulfur"}  # each also with a plural "s"
_BRITISH_ENDINGS = ("our", "ours", "oured", "ouring", "ourable", "ourite", "ourites", "ourism", "ourist", "ourists",
                    "ourer", "ourers", "ise", "ises", "ised", "ising", "iser", "isers", "isation", "isations", "yse",
                    "yses", "ysed", "ysing", "tre", "tres", "tred", "bre", "bres", "bred", "lled", "lling", "ller",
                    "llers", "ence", "ences", *_AMERICAN_WORDS, *(f"{w}s" for w in _AMERICAN_WORDS))
# The words `american` may respell, found in one pass over a text (a word at a time costs three times as much)
_BRITISH_WORD = re.compile(r"\b[a-z]{2,}(?:" + "|".join(sorted(set(_BRITISH_ENDINGS), key=len, reverse=True)) + r")\b")


@functools.lru_cache(maxsize=200_000)  # a collection's vocabulary: each word is read once
def american(word: str) -> str:
    """A lower-case word in its American spelling ("privatisation" -> "privatization"), any other word as it is."""
    if len(word) < 5 or not word.endswith(_BRITISH_ENDINGS) or not word.isalpha():
        return word
    singular = word[:-1] if word.endswith("s") and word[:-1] in _AMERICAN_WORDS else word
    if singular in _AMERICAN_WORDS:
        return _AMERICAN_WORDS[singular] + word[len(singular):]
    for pattern, replacement in _BRITISH:
        if pattern.search(word):
            return pattern.sub(replacement, word)
    return word


# Words the wire shortens, read as the words a reader asks with: "Revs 608,181 vs 1,280,727" states revenues,
# "2ND QTR" is the second quarter, "15 pct" a percent.
WIRE_WORDS = {"revs": "revenues", "rev": "revenue", "shr": "share", "shrs": "shares", "qtr": "quarter",
              "qtrs": "quarters", "avg": "average", "pct": "percent", "dlr": "dollar", "dlrs": "dollars",
              "mln": "million", "mlns": "millions", "bln": "billion", "cts": "cents", "yr": "year", "yrs": "years",
              "mth": "month", "mths": "months", "wk": "week", "wks": "weeks", "govt": "government",
              "intl": "international", "assn": "association", "dept": "department", "sq": "square", "mi": "miles",
              "km": "kilometers", "ft": "feet", "kg": "kilograms", "lb": "pound", "lbs": "pounds", "oz": "ounces",
              "bbl": "barrels", "qtly": "quarterly", "qtrly": "quarterly", "div": "dividend", "divs": "dividends",
              "oper": "operating", "pfd": "preferred", "extraord": "extraordinary", "discont": "discontinued",
              "mos": "months", "wkly": "weekly", "mthly": "monthly", "ops": "operations", "excl": "excluding",
              "incl": "including", "mkt": "market", "mgmt": "management",
              "1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth"}
