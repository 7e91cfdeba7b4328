"""Passages -> a short answer quoting the sentence that answers, with citations, or an abstention.

Every sentence of the top passages is a candidate. `sentence_scorer` turns what a reader would check (the
question's words, a span of the asked type, the names and times the question gives, read with the
document's date) into the probability that the sentence answers; the best candidate is the answer unless
that probability is under the fitted threshold, and then the assistant says the documents do not answer.
When other documents state a different value for the same question, the answer gives them too, newest first.
Deterministic: ties break on retrieval rank and position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from assistant.follow_ups import Turn, content_stems
from assistant.contradictions import context_names_another_flow, exclusive_conflict, number_conflict, withheld
from assistant.table_rows import bare_figures, read_row
from assistant.evidence import (TimeRef, absent_entities, affiliations, asked_times, days_after, entity_share,
                                company_conflict, is_country, is_place, mentions, month_number, named_kind_conflict, sibling_name_conflict,
                                numbers_in, place_conflict, relative_times, split_years, time_evidence, whole_year_for_part, part_for_whole_year, YEAR_RE)
from assistant.answers import Answer, Citation, Passage, cite
from assistant.scoring_text import normalize
from assistant.lead_value import closest_span, figures_of_other_times, full_name, has_term, lead_value, with_prefixes, word_positions
from assistant.questions import (MONTHS, SCALES, TIME_EXPRESSION, asks_body, asks_change, asks_company, asks_country, asks_per_share, asks_place,
                                  asks_region, asks_role_holder, focus_words, is_government_body, is_organization, names_a_thing,
                                  names_person, reporting_period, results_section)
from assistant.questions import spans as typed_spans
from assistant.results_table import asked_item, gives_item
from assistant.retrieval import Retriever
from assistant.sentence_scorer import FEATURES, ScorerModel, hand_set_model, is_headline, length_feature, load_model
from assistant.settings import AnswerSettings
from assistant.text import content_words, flat, sentence_spans, stem, stopwords, terms
from assistant.word_vectors import soft_overlaps, word_vector

TYPED_ANSWERS = {"date", "percent", "count", "amount", "person", "name"}
NUMERIC_ANSWERS = {"date", "percent", "count", "amount"}
_FIGURES = {"percent", "count", "amount"}  # numbers that measure, not dates
_WORDS = re.compile(r"\S+")
# A question about what is to come: the month it names is that of the event, which documents dated before it announce.
_FUTURE = re.compile(r"\b(?:will|would|could|shall|should|due|expected|scheduled|planned|plans?|next|from)\b",
                     re.IGNORECASE)
_INDEX = {name: i for i, name in enumerate(FEATURES)}
_SET_APART = re.compile(r"^\W*(?:besides|apart from|aside from|other than|except for|in addition to)\s+[^,?]+,\s*",
                        re.IGNORECASE)
_INNER_POSSESSIVE = re.compile(r"\w['’]s\s+\S")
_QUESTION_WORDS = {"what", "which", "who", "whom", "whose", "when", "where", "why", "how", "much", "many"}


@dataclass
class Candidate:
    passage: Passage
    rank: int
    start: int  # offsets in the document's extracted text
    end: int
    text: str
    window: str  # the sentence with its neighbours in the passage
    window_sentences: tuple[str, ...]  # the window's sentences, each on one line (read one by one, cached)
    spans: list[tuple[int, int]]
    lead: bool = False  # the first sentence of the document's body
    section: str = ""  # a results-table row's period label or headline ("First half", "... 2ND QTR NET")
    columns: bool = False  # a table row read under its column headers ("NEW RATE 5.65 pct, OLD RATE 5.60 pct")
    vector: np.ndarray | None = field(default=None, repr=False)  # the sentence's stored MiniLM vector
    score: float = 0.0
    features: np.ndarray | None = field(default=None, repr=False)


@dataclass
class Gathered:
    """Everything one question's answer is chosen from: passages, candidate sentences and their scores."""

    passages: list[Passage]
    candidates: list[Candidate]
    absent: list[str]  # names of the question that no retrieved passage mentions
    confidence: float = 0.0  # that the best candidate answers (the decision model); compared with the threshold
    eligible: np.ndarray | None = None  # which candidates may answer (ScorerModel.eligible)
    table_row: Candidate | None = None  # the results table's row giving the asked item and period, if any


class ExtractiveAnswerer:
    """The default answerer: no LLM, offline, deterministic."""

    def __init__(self, retriever: Retriever, settings: AnswerSettings | None = None, model: ScorerModel | None = None):
        self.retriever = retriever
        self.settings = settings or AnswerSettings()
        if model is None:
            model = hand_set_model(self.settings) if self.settings.scorer == "hand-set" else load_model()
        self.model = model

    def answer(self, turn: Turn, documents: list[str] | None = None) -> Answer:
        found = self.gather(turn, documents)
        ranked = sorted((c for c, ok in zip(found.candidates, found.eligible) if ok), key=_best_first)  # may answer
        best = ranked[0] if ranked else None
        if best is not None and turn.answer_type == "person" and not best.spans:
            best = _named_beside(best, found.candidates) or best
        if best is None or found.confidence < self.model.threshold:
            return self._abstain(turn, found, best)
        if _contradicts(best):
            return self._abstain(turn, found, best, contradicted=True)
        prefix = f"Taking {turn.resolved}: " if turn.resolved else ""
        budget = self.settings.max_words - len(_WORDS.findall(prefix))
        continuation = _continuation(turn, best, found.candidates)
        others = self._disagreeing(turn, best, ranked)
        # (a table's row is read by its label and period: a sentence scored close to it is no rival reading)
        second = None if others or best is found.table_row else self._close_second(turn, best, ranked)
        text, citations = self._body(turn, best, continuation, others, second, budget)
        # The limit counts words: split on spaces, markers and dashes count; read after normalizing, "U.S." and
        # "3.482" are two each. The answer is made to fit every way of counting (a smaller budget, a few times at most)
        for _ in range(3):
            whole = prefix + text
            excess = max(len(whole.split()), len(normalize(whole).split())) - self.settings.max_words
            if excess <= 0:
                break
            budget = min(budget, len(_WORDS.findall(text))) - excess  # (shorter than the text, not the budget alone)
            text, citations = self._body(turn, best, continuation, others, second, budget)
        subject = lead_value(best, turn) if best.spans else ""
        return Answer(question=turn.question, answer=prefix + text, abstained=False, citations=citations,
                      retrieved=found.passages, subject=subject, confidence=found.confidence,
                      sureness=sureness(found.confidence, self.model.threshold, len({c.doc_id for c in citations})))

    def _body(self, turn: Turn, best: Candidate, continuation: Candidate | None, others: list[Candidate],
              second: Candidate | None, budget: int) -> tuple[str, list[Citation]]:
        """The answer after any "Taking ..." prefix, in `budget` words, and its citations."""
        text = self._compose(turn, best, budget, continuation)
        quoted = continuation is not None and flat(continuation.text) in text
        citations = [_cite(1, best, continuation if quoted else None)]  # the quote runs through the sentence after
        if others:
            return self._with_others(turn, best, others, citations, budget), citations
        addition = f" Close second: {flat(second.text)} [2]" if second is not None else ""
        if addition and len(_WORDS.findall(text + addition)) <= budget:
            text += addition
            citations.append(_cite(2, second))
        return text, citations

    # -- candidates and their scores -------------------------------------------------------------
    def gather(self, turn: Turn, documents: list[str] | None = None) -> Gathered:
        """Retrieve, cut the top passages into candidate sentences, and score each (`Candidate.score`)."""
        result = self.retriever.search(turn.query, documents, times=reported_times(turn),
                                       story=turn.earlier_document or None)
        passages = result.passages
        candidates = self._candidates(turn, self._read(passages[: self.settings.passages]))
        absent = absent_entities(turn.entities, passages)
        titled = affiliations(turn.asked, turn.entities)  # "Brown Boveri chairman Fritz Leutwiler": Leutwiler vouches
        rows = self._features(turn, candidates, result.dense_similarity, absent, result.query_embedding, titled)
        # A name the passage leaves to another passage of its document ("Sun Microsystems" two chunks up) is named
        coverage = _document_coverage(turn, candidates, titled)
        ranked = rows.copy()
        if len(candidates):
            column = rows[:, FEATURES.index("entities_context")]
            ranked[:, FEATURES.index("entities_context")] = np.maximum(column, coverage)
        scores = self.model.scores(ranked)
        for c, row, score in zip(candidates, rows, scores):
            c.features, c.score = row, float(score)
        eligible = self.model.eligible(rows, scores, coverage)
        if turn.put_in:  # "What about Ghana?": only a sentence naming Ghana (in any of its forms, "Korean" for Korea)
            # may answer; when none does, the documents do not say. Where some name its rarest word, only those: "What
            # about residual fuel stocks?" is not answered by "Distillate fuel stocks" when a sentence says "residual"
            # (a word of what it names, not of a name: the names are checked as names)
            found = [(content_stems(c.text), c.text.lower()) for c in candidates]

            def saying(words, every=False) -> np.ndarray:  # the candidates saying any (or every) one of the words
                test = all if every else any
                return np.array([test(w in stems or mentions(text, w) for w in words) for stems, text in found],
                                dtype=bool)

            named = saying(turn.put_in)
            idf = {w: self.retriever.idf(w) for w in turn.put_in - content_stems(" ".join(turn.entities))}
            if idf:  # (the rarest, or all as rare: in a small collection many words are in one passage)
                rare = saying([w for w in sorted(idf) if idf[w] >= max(idf.values()) - 1e-9], every=True)
                if (rare & named & eligible).any():
                    named &= rare
            eligible &= named
        carried = None  # the best sentence names what is asked and the next one states it (see _continuation)
        if eligible.any():
            at = int(np.argmax(np.where(eligible, scores, -np.inf)))
            best = candidates[at]
            following = _continuation(turn, best, candidates) if turn.answer_type in TYPED_ANSWERS \
                and not best.spans else None
            # (its span near some of the question's words: not "He said production costs had risen to 40 pct" after
            # a sentence naming the asked province, for its grain output)
            carried = (at, following) if following is not None and following.spans and \
                following.features[_INDEX["span_terms"]] >= CARRIED_SPAN_TERMS else None
            if (_gives_no_figure(turn, best) and carried is None) or _leaves_unnamed(turn, best):
                eligible[:] = False
        rivals = _without_repeats(turn, candidates, eligible)
        # A follow-up stays on the earlier answer's story: the names it borrowed from the earlier question count as
        # named when its document names them anywhere, for the decision as for the ranking ("And against the mark?"
        # after "... in New York ahead of the G-5 and G-7 meetings?"). A question alone is still decided on its passage.
        decided = ranked if turn.follows else rows
        if carried is not None:  # decided on the two sentences: the next one's span, and whatever it contradicts
            decided = decided.copy()
            at, following = carried
            decided[at, _CARRIED] = np.maximum(decided[at, _CARRIED], following.features[_CARRIED])
        confidence = self.model.confidence(decided[rivals], scores[rivals]) if rivals.any() else 0.0
        row = _results_row(turn, candidates, eligible)
        if row is not None:  # the table's row of the asked item and period answers, however few words it shares
            row.score = max(c.score for c, ok in zip(candidates, eligible) if ok) + _ROW_LEAD
            confidence = max(confidence, self.model.threshold)
        return Gathered(passages, candidates, absent, confidence, eligible, row)

    def _read(self, passages: list[Passage]) -> list[Passage]:
        """The top passages and the rest of the best-ranked document (up to `settings.top_document_passages`): a reader
        who found the right article reads on, and its answer sentence may share few words with the question
        ("The agency said the September surplus was 1.4 billion dlrs")."""
        if not passages or not self.settings.top_document_passages:
            return passages
        have = {p.chunk_id for p in passages}
        rest = [p for p in self.retriever.document_passages(passages[0].doc_id) if p.chunk_id not in have]
        return passages + rest[: self.settings.top_document_passages]

    def _candidates(self, turn: Turn, passages: list[Passage]) -> list[Candidate]:
        seen, out = set(), []
        # "How many head of cattle ...?": the question's words a count must be of, read once for all its sentences
        counted = None
        if turn.answer_type == "count" and _HOW_MANY.search(turn.asked):
            phrase = _counted_phrase(turn.asked)  # (none named: "And how many will Socanav offer jobs to?" counts
            counted = _AskedWords.of(phrase if phrase != turn.asked else f"{phrase} {turn.context}")  # the earlier's)
        measured = _AskedWords.of(f"{turn.asked} {turn.context}") if turn.answer_type == "amount" else None
        # (a quantity asked by its kind, "What are the total deposits ...?", may be named as another in a sentence)
        measured_kind = _QUANTITY_KINDS & set(measured.stems) if measured is not None else frozenset()
        # "What percentage of New York's bus fleet ...?": the whole a share is asked of, read once for all sentences
        share_of = _share_asked_of(turn.asked) if turn.answer_type == "percent" else None
        asked_figures = _figures(turn.asked) if turn.answer_type in NUMERIC_ANSWERS - {"date"} else frozenset()
        for rank, passage in enumerate(passages):
            sentences = sentence_spans(passage.text)
            # (a table's row read under its column headers: "MATURITY 5-14 days, NEW RATE 5.65 pct, OLD RATE 5.60 pct")
            readings = [read_row(passage.text, x, y) for x, y in sentences]
            texts = [reading or _one_line(passage.text[x:y]) for reading, (x, y) in zip(readings, sentences)]
            # The lede: the document's first sentence after its headline (only a document's first chunk has it).
            lede = next((j for j, (x, y) in enumerate(sentences) if not is_headline(passage.text[x:y])), None)
            for i, (a, b) in enumerate(sentences):
                key = (passage.doc_id, passage.start + a)
                if key in seen:
                    continue
                seen.add(key)
                lo, hi = sentences[max(i - 1, 0)][0], sentences[min(i + 1, len(sentences) - 1)][1]
                text = texts[i]
                if turn.put_aside and _about_what_was_put_aside(turn, text):
                    continue
                found = [s for s in typed_spans(turn.answer_type, text, turn.asked, turn.context) if text[s[0]:s[1]].lower() not in stopwords()]
                if readings[i] and turn.answer_type in ("amount", "count"):  # a table's figures stand bare under their labels
                    found = sorted(set(found) | set(bare_figures(text)))
                if asked_figures:  # "above the government's 7.8 mln tonne estimate": "7.8 mln tonnes" is the question's
                    found = [s for s in found if not (figures := _figures(text[s[0]:s[1]])) or figures - asked_figures]
                if turn.answer_type in ("person", "name") and is_headline(text):
                    found = []  # "ASIA TRYING TO FOSTER OIL EXPLORATION": in capitals, no words stand out as a name
                if turn.answer_type == "person":  # a surname alone counts when the document gives the full name
                    found += [s for s in typed_spans("name", text, turn.asked, turn.context) if " " not in text[s[0]:s[1]].strip()
                              and " " in full_name(text[s[0]:s[1]], passage.text) and s not in found]
                    found = [s for s in found if _may_be_person(_named(text, s)) and not _AFTER_IN.search(text, 0, s[0])]
                    # "Who did she team up with?": a company, a one-word name; not "Who is the council's director?"
                    if not found and _WHO.search(turn.asked) and not asks_role_holder(turn.asked):
                        found = [s for s in typed_spans("name", text, turn.asked, turn.context) if not is_place(_named(text, s))
                                 and not names_a_thing(_named(text, s))  # not "Grammy Awards"
                                 and not _AFTER_IN.search(text, 0, s[0])
                                 and text[s[0]:s[1]].lower() not in stopwords()  # "There is very little ..."
                                 and not _POSSESSIVE.search(text[s[0]:s[1]])  # not "Skyfall's production"
                                 and not re.search(r"\d", text[s[0]:s[1]])]  # nor an event, "E3"
                elif turn.answer_type == "name" and asks_country(turn.asked):  # a country, not the board of one,
                    # nor a people's word describing something ("French cereal exports" for "which country")
                    found = [s for s in found if is_place(_named(text, s)) and (
                        is_country(_named(text, s)) or not re.match(r"\s+[a-z]", text[s[1]:]))]
                elif turn.answer_type == "name" and asks_region(turn.asked):  # a province or city, not a country
                    found = [s for s in found if _names_a_place(text, s, turn, part_of_country=True)]
                elif turn.answer_type == "name" and asks_body(turn.asked):  # a company, not the country it is in,
                    found = [s for s in found if not is_place(_named(text, s))  # nor the department announcing it
                             and not (asks_company(turn.asked) and is_government_body(_named(text, s)))]
                elif turn.answer_type == "name" and asks_place(turn.asked):  # a place, not the company reporting it
                    found = [s for s in found if _names_a_place(text, s, turn, part_of_country=False)]
                if turn.answer_type in ("amount", "count") and found:  # not "per 1,000 dlrs of principal amount":
                    # the base a rate is given per is no amount of anything
                    found = [s for s in found if not _PER_BEFORE.search(text, max(0, s[0] - 12), s[0])]
                if counted is not None and found:  # not "24 states", a count of things the question never names
                    found = [s for s in found if not _counts_other(text, s[1], counted)]
                if share_of and found:  # not "28% of New York's taxi fleet" for the share of its bus fleet
                    found = [s for s in found if not _share_of_another(text, s[1], share_of)]
                if turn.answer_type in ("amount", "percent") and turn.entities and found:
                    # not "the U.S. offer of 112 dlrs per tonne" for the price the EC sold at: another party's figure
                    found = [s for s in found if not _another_partys_figure(text, s[0], turn)]
                if measured is not None and found and measured_kind:
                    # a figure of another quantity: named so ("a market value of about 20 mln dlrs" for the bank's
                    # deposits), a price paid ("to sell its Garfinckel's division ... for 95 mln dlrs" for the
                    # division's net income), or made into a describing word ("Australia's 850 mln dlr a year sugar
                    # industry" for a company's net profit)
                    found = [s for s in found if not (_named_as_other_quantity(text, s[0], measured)
                                                      or _price_paid(text, s[0], measured)
                                                      or _describes_other(text, s, measured))]
                if measured is not None and found:  # not "17 mln dlrs in compensatory damages" for the bonds' value
                    found = [s for s in found if not _measures_other(text, s[1], measured)]
                if turn.answer_type == "date" and passage.date and _ASKS_WHAT_IS_TO_COME.search(turn.asked):
                    # "When is the court expected to rule?": not a day the report already tells of as past
                    found = [s for s in found if not _past_day(text[s[0]:s[1]], passage.date)]
                if turn.earlier_value:  # the earlier question's answer answers that question, not this follow-up
                    found = [s for s in found if not _is_earlier_value(turn, text, s, passage.text)]
                vectors = passage.sentence_vectors
                vector = vectors[i] if vectors is not None and len(vectors) == len(sentences) else None
                window, window_sentences = _one_line(passage.text[lo:hi]), tuple(texts[max(i - 1, 0): i + 2])
                section = results_section(texts, i, passage.title)
                if section and section not in window_sentences:  # "Revs 39.0 mln vs 37.2 mln" under "1st half"
                    window, window_sentences = f"{section} {window}", (section, *window_sentences)
                out.append(Candidate(passage, rank, passage.start + a, passage.start + b, text, window,
                                     window_sentences, found, lead=passage.start == 0 and i == lede, vector=vector,
                                     section=section, columns=readings[i] is not None))
        return out

    def _features(self, turn: Turn, candidates: list[Candidate], dense: dict[str, float],
                  absent: list[str], query_vector: np.ndarray | None = None,
                  titled: dict[str, str] | None = None) -> np.ndarray:
        rows = np.zeros((len(candidates), len(FEATURES)))
        if not candidates:
            return rows
        # "Besides a pseudorabies control program, what did they approve?": the words of what is set apart do not
        # make a sentence an answer (one about that program answers another question)
        wording = _SET_APART.sub("", turn.asked)
        own = set(terms(wording))
        borrowed = set(terms(turn.context)) - own
        idf = {t: self.retriever.idf(t) for t in own | borrowed}
        own_total = sum(idf[t] for t in own) or 1.0
        top_idf = self.retriever.idf("") or 1.0  # the IDF of a word no passage has: the largest there is
        borrowed_total = sum(idf[t] for t in borrowed) or 1.0
        pairs = _pairs(terms(wording))
        focus = set(terms(" ".join(focus_words(wording))))
        question_words = [w for w in content_words(wording) if w not in _QUESTION_WORDS]
        word_weights = [idf.get(t, 1.0) for t in (terms(w)[0] if terms(w) else w for w in question_words)]
        times = asked_times(turn.asked)
        borrowed_times = not times  # the conversation's earlier question gave the time, this one names none
        times = times or asked_times(turn.context)
        periods = split_years(turn.asked if not borrowed_times else turn.context)
        typed = turn.answer_type in TYPED_ANSWERS
        numeric = turn.answer_type in NUMERIC_ANSWERS
        asked_numbers = numbers_in(turn.asked)
        asked_period = reporting_period(turn.asked) or reporting_period(turn.context)
        # a date asked for is no time the question gives, unless it asks within one ("what day in December 1986")
        dates_offered = turn.answer_type == "date" and not _DATE_WITHIN.search(turn.asked)
        year_asked = _YEAR_ASKED.search(turn.asked) is not None  # ("In which year ...?": the year offered is the answer)
        calendar = bool(_CALENDAR_YEAR.search(turn.asked))
        country_asked = asks_country(turn.asked)
        # another company's figure is no answer for the asked one's ("Which oil company ...?" may be answered by one)
        figure_asked = turn.answer_type in NUMERIC_ANSWERS
        top_doc = candidates[0].passage.doc_id
        passage_terms: dict[str, set[str]] = {}
        passage_entities: dict[str, float] = {}
        sentence_words: dict[str, set[str]] = {}  # a sentence's words, read once though it stands in three windows
        for i, c in enumerate(candidates):
            p = c.passage
            if p.chunk_id not in passage_terms:
                passage_terms[p.chunk_id] = with_prefixes(terms(f"{p.title} {p.text}"))
            for text in c.window_sentences:
                if text not in sentence_words:
                    sentence_words[text] = with_prefixes(terms(text))
            sentence_list = terms(c.text)
            sentence_terms = sentence_words[c.text]
            named_before = _named_by_pronoun(c, turn.entities)
            if named_before:  # "He also forecast GDP would rise 2.8 pct": the minister of the sentence before
                sentence_terms = sentence_terms | with_prefixes(terms(" ".join(named_before)))
            window_terms = set().union(*(sentence_words[text] for text in c.window_sentences))
            row = rows[i]
            row[_INDEX["own_terms"]] = sum(idf[t] for t in own if has_term(sentence_terms, t)) / own_total
            row[_INDEX["window_terms"]] = sum(idf[t] for t in own if has_term(window_terms, t)) / own_total
            in_passage = passage_terms[p.chunk_id]
            if focus:
                row[_INDEX["focus_sentence"]] = sum(has_term(sentence_terms, t) for t in focus) / len(focus)
                row[_INDEX["focus_window"]] = sum(has_term(window_terms, t) for t in focus) / len(focus)
                row[_INDEX["focus_passage"]] = sum(has_term(in_passage, t) for t in focus) / len(focus)
            row[_INDEX["passage_terms"]] = sum(idf[t] for t in own if has_term(in_passage, t)) / own_total
            row[_INDEX["missing_passage"]] = max((idf[t] for t in own if not has_term(in_passage, t)), default=0) / top_idf
            row[_INDEX["missing_window"]] = max((idf[t] for t in own if not has_term(window_terms, t)), default=0) / top_idf
            if borrowed:
                row[_INDEX["history_terms"]] = sum(idf[t] for t in borrowed & sentence_terms) / borrowed_total
            row[_INDEX["bigrams"]] = len(pairs & _pairs(sentence_list)) / len(pairs) if pairs else 0.0
            if c.vector is not None and query_vector is not None:
                row[_INDEX["sentence_dense"]] = float(c.vector @ query_vector)
            row[_INDEX["type_ok"]] = 1.0 if (c.spans or not typed) else 0.0
            if typed and c.spans:
                row[_INDEX["span_found"]] = 1.0
                row[_INDEX["span_near"]] = _nearness(c, own)
                row[_INDEX["focus_near"]] = _nearness(c, focus)
                row[_INDEX["span_terms"]] = _span_terms(c, own, idf) / own_total
                row[_INDEX["own_terms_x_span"]] = row[_INDEX["own_terms"]]
            if numeric and numbers_in(c.text) - asked_numbers:
                row[_INDEX["figure"]] = 1.0
            row[_INDEX["dense"]] = max(dense.get(p.chunk_id, 0.0), 0.0)
            row[_INDEX["rank"]] = 1.0 / (1 + c.rank)
            row[_INDEX["doc_top"]] = 1.0 if p.doc_id == top_doc else 0.0
            if named_before:  # the names the sentence before gives ("He ...") count as this one's
                others = [e for e in turn.entities if e not in named_before]
                row[_INDEX["entities_sentence"]] = (len(named_before) + entity_share(c.text, others) * len(others)) / len(
                    turn.entities)
            else:
                row[_INDEX["entities_sentence"]] = entity_share(c.text, turn.entities)
            if p.chunk_id not in passage_entities:  # the window is part of the text: one reading per passage
                passage_entities[p.chunk_id] = entity_share(f"{p.title}\n\n{p.text}", turn.entities, titled)
            row[_INDEX["entities_context"]] = passage_entities[p.chunk_id]
            row[_INDEX["entities_absent"]] = 1.0 if absent else 0.0
            row[_INDEX["place_conflict"]] = 1.0 if place_conflict(turn.entities, c.window, c.text, country_asked,
                                                                  _leading(c)) \
                or named_kind_conflict(turn.entities, c.text) or sibling_name_conflict(turn.entities, c.window_sentences) \
                or (figure_asked and company_conflict(turn.entities, turn.asked, c.text)) else 0.0
            # "last year" in the question: the year before the report's, before any time an earlier question gave
            relative = relative_times(turn.asked, p.date) if borrowed_times else []
            these = relative or times
            if these:
                stated = _without_answer_days(c, year_asked) if dates_offered else c.text
                stated = _with_times_referred_to(c, stated)
                evidence = time_evidence(these, stated, (p.title, *c.window_sentences), p.date,
                                         borrowed=borrowed_times and not relative, periods=periods,
                                         calendar=calendar)
                row[_INDEX["time_asked"]] = 1.0
                row[_INDEX["time_stated"]] = evidence.stated
                row[_INDEX["time_dated"]] = evidence.dated
                row[_INDEX["time_conflict"]] = evidence.conflict
                if turn.answer_type in _FIGURES and evidence.stated and figures_of_other_times(c, these):
                    row[_INDEX["time_conflict"]] = 1.0  # the asked time is named, but for none of the figures
                if turn.answer_type in _FIGURES and (whole_year_for_part(turn.asked, stated, these, p.date)
                                                     or part_for_whole_year(turn.asked, stated, these, p.date)):
                    # the year's figure, not the asked quarter's (or a month's, not the asked year's): another time
                    row[_INDEX["time_stated"]] = row[_INDEX["time_dated"]] = 0.0
                    row[_INDEX["time_conflict"]] = 1.0
                if borrowed_times and not relative and p.doc_id == turn.earlier_document:
                    # the earlier answer came from this document: the time it was asked for is this story's
                    # ("How many of those went to non-members?" after "... registered for May shipment?")
                    row[_INDEX["time_dated"]] = 1.0
            section_period = reporting_period(c.section) if asked_period and c.section else None
            if section_period:  # "the first half" asked, a results table row under "1st half" or "Nine mths"
                fits = section_period == asked_period
                row[_INDEX["time_asked"]] = 1.0
                for name in ("time_stated", "time_dated"):  # the section's label states the period
                    row[_INDEX[name]] = max(row[_INDEX[name]], float(fits)) if fits else 0.0
                row[_INDEX["time_conflict"]] = 0.0 if fits else 1.0
            row[_INDEX["number_conflict"]] = 1.0 if number_conflict(turn.asked, c.text) else 0.0
            row[_INDEX["exclusive_conflict"]] = 1.0 if exclusive_conflict(turn.asked, c.text) or \
                context_names_another_flow(turn.asked, f"{p.title} {c.window}") else 0.0
            row[_INDEX["lead"]] = 1.0 if c.lead else 0.0
            row[_INDEX["headline"]] = 1.0 if is_headline(c.text) else 0.0
            row[_INDEX["length"]] = length_feature(len(sentence_list))
        rows[:, _INDEX["soft_terms"]] = soft_overlaps(question_words, word_weights,
                                                      [content_words(c.text) for c in candidates])
        # Standing among the candidates that could answer (those naming the question's names as fully as any).
        coverage = rows[:, _INDEX["entities_context"]]
        pool = coverage >= coverage.max() - 1e-9
        for name in ("own_terms", "soft_terms", "bigrams", "sentence_dense", "focus_sentence"):
            column = rows[:, _INDEX[name]]
            rows[:, _INDEX[f"{name}_gap"]] = column - column[pool].max()
        return rows

    # -- output ----------------------------------------------------------------------------------
    def _compose(self, turn: Turn, best: Candidate, budget: int | None = None,
                 continuation: Candidate | None = None) -> str:
        """The lead value in bold, the sentence, and `continuation` (the sentence after it) when the budget allows."""
        lead = ""
        if best.spans:
            lead = f"**{lead_value(best, turn)}** — "
        elif continuation is not None and continuation.spans and turn.answer_type in NUMERIC_ANSWERS:
            lead = f"**{lead_value(continuation, turn)}** — "  # "The figure was 2.6 pct higher ...": its figure
        budget = (budget or self.settings.max_words) - len(_WORDS.findall(lead)) - 1
        room = budget
        if continuation is not None and not best.spans and continuation.spans:
            # the span is the next sentence's: it is quoted whole, the naming sentence cut to make room for it
            room = max(budget - len(_WORDS.findall(f"{lead} {continuation.text}")) - 2,  # (and two "…")
                       min(budget, _LEAST_CONTEXT_WORDS))
        text = f"{lead}{_trim(best, room, turn)}"
        if continuation is not None and len(_WORDS.findall(f"{text} {continuation.text}")) <= budget:
            text = f"{text} {flat(continuation.text)}"
        return f"{text} [1]"

    def _disagreeing(self, turn: Turn, best: Candidate, ranked: list[Candidate]) -> list[Candidate]:
        """Strong candidates from other dated documents that give a different value of the asked type (`ranked`: the
        candidates that may answer, best first)."""
        if turn.answer_type not in TYPED_ANSWERS or not best.spans or not best.passage.date:
            return []
        value = _value(best, turn)
        out, seen = [], {best.passage.doc_id}
        for c in ranked:
            if c.passage.doc_id in seen or not c.spans or not c.passage.date or not self._same_question(best, c):
                continue
            other = _value(c, turn)
            if other and other != value and other not in flat(best.text).lower():
                out.append(c)
                seen.add(c.passage.doc_id)
            if len(out) == 1:
                break
        return out

    def _close_second(self, turn: Turn, best: Candidate, ranked: list[Candidate]) -> Candidate | None:
        """The runner-up sentence (no headline) when it scores close to the best (`close_second`): with a span of the
        asked type when one is asked, another value than the answer's, and not contradicting the question."""
        for c in ranked:
            if c is best or flat(c.text) == flat(best.text) or is_headline(c.text):
                continue
            if c.score < best.score * self.settings.close_second:
                return None
            if turn.answer_type in TYPED_ANSWERS and (not c.spans or best.spans and _value(c, turn) == _value(best, turn)):
                return None
            return None if _contradicts(c) else c
        return None

    def _same_question(self, best: Candidate, other: Candidate) -> bool:
        """Does `other` speak of what was asked as closely as `best` (the question's words and meaning, within
        `disagreement_margin`), and is it not far weaker overall?"""
        margin = self.settings.disagreement_margin
        close = all(other.features[_INDEX[name]] >= best.features[_INDEX[name]] - margin
                    for name in ("own_terms", "window_terms", "sentence_dense", "entities_context"))
        return close and other.score >= best.score / 4

    def _with_others(self, turn: Turn, best: Candidate, others: list[Candidate], citations: list[Citation],
                     budget: int) -> str:
        """"15% (2025-07-23) [1]; earlier reported as 24% (2025-04-09) [2]", newest first, each cited."""
        ranked = sorted([best, *others], key=lambda c: c.passage.date, reverse=True)
        citations.clear()
        parts = []
        for n, c in enumerate(ranked, start=1):
            citations.append(_cite(n, c))
            value = flat(c.text[slice(*closest_span(c, turn))])
            label = "" if n == 1 else ("earlier reported as " if c.passage.date < ranked[0].passage.date else "also reported as ")
            parts.append(f"{label}**{value}** ({c.passage.date}) [{n}]")
        quote_budget = budget - sum(len(_WORDS.findall(p)) for p in parts) - 2
        head = "; ".join(parts) + "."
        if quote_budget >= 8:
            n = ranked.index(best) + 1
            head += f" {_trim(best, quote_budget, turn)} [{n}]"
        return head

    def _abstain(self, turn: Turn, found: Gathered, best: Candidate | None, contradicted: bool = False) -> Answer:
        """`contradicted`: the best sentence passed the threshold but contradicts the question (`_contradicts`)."""
        named = _unnamed(turn, found)
        if found.absent:
            reason = f"they do not mention {', '.join(found.absent)}"
        elif named:
            reason = f"the closest document does not mention {', '.join(named)}"
        elif best is not None and withheld(turn.asked, best.text):
            reason = "the closest passage says this was not disclosed"
        elif contradicted:
            reason = "the closest passage gives another number or the opposite of what the question says"
        elif turn.answer_type in TYPED_ANSWERS and not any(c.spans for c in found.candidates):
            reason = f"no passage states the {_ANSWER_TYPE_WORDS[turn.answer_type]} asked for"
        else:
            reason = "no passage answers this question"
        by_passage: dict[str, Candidate] = {}
        for c in sorted(found.candidates, key=_best_first):
            by_passage.setdefault(c.passage.chunk_id, c)
        related = sorted(by_passage.values(), key=_best_first)[:3]
        citations = [_cite(n, c) for n, c in enumerate(related, start=1)]
        # One sentence (issue 10.5); the citations, best first, are the related passages the page lists under
        # its own heading.
        text = f"Not found in the documents: {reason}."
        return Answer(question=turn.question, answer=text, abstained=True, citations=citations,
                      retrieved=found.passages)


_WHO = re.compile(r"\b(?:who|whom)\b", re.IGNORECASE)  # not "which official": that asks for a person


# "granted to RKO in New York": a name right after "in" is a place (or a time), not a person
_AFTER_IN = re.compile(r"\bin\s+$")


def _may_be_person(name: str) -> bool:
    """A person, not the country he speaks for ("United States" for "which Argentine official"), a body, a people
    ("Mainland Chinese") or someone's work ("Chopin's Op")."""
    return not is_place(name) and not is_organization(name) and not is_place(name.split()[-1]) \
        and not _INNER_POSSESSIVE.search(name)


def _named_beside(best: Candidate, candidates: list[Candidate]) -> Candidate | None:
    """The sentence after (else before) the best one, in its passage, that names a person where the best names none:
    "..., a Cargill, Inc. analyst said." is followed by "... David Rogers of Cargill's Commodity Marketing Division
    cited ..."; the wire names the speaker in the next sentence."""
    same = [c for c in candidates if c.passage.chunk_id == best.passage.chunk_id]
    after = min((c for c in same if c.start >= best.end), key=lambda c: c.start, default=None)
    before = max((c for c in same if c.end <= best.start), key=lambda c: c.end, default=None)
    return next((c for c in (after, before) if c is not None and c.spans and not _contradicts(c)), None)


_ROW_LEAD = 1e-6  # how far a results table's row is put above the best sentence: first, and no other order changed


def _results_row(turn: Turn, candidates: list[Candidate], eligible: np.ndarray) -> Candidate | None:
    """The row of a company's results table that gives the asked item for the asked period: "Revs 27.3 mln vs 23.7
    mln" under "4th qtr" for "What were Atlas Consolidated Mining's fourth-quarter revenues?", in a document naming
    the company (an eligible candidate). With no period asked, only an item the table gives once ("Qtly div")."""
    item = asked_item(turn.asked) if turn.answer_type in ("amount", "percent") and not asks_change(turn.asked) else None
    if item is None:
        return None
    asked_period = reporting_period(turn.asked) or reporting_period(turn.context)
    rows = [c for c, ok in zip(candidates, eligible) if ok and c.section and c.spans and gives_item(c.text, item)]
    if asked_period:
        rows = [c for c in rows if reporting_period(c.section) == asked_period]
    elif len(rows) != 1:
        return None  # "What were its revenues?" of a table giving the quarter's and the year's: no one row
    return max(rows, key=lambda c: c.score, default=None)


def _best_first(c: Candidate) -> tuple[float, int, int]:
    """Candidates in the order they answer: score, then retrieval rank and position (ties break deterministically)."""
    return -c.score, c.rank, c.start


def reported_times(turn: Turn) -> list[TimeRef]:
    """The months or days a question asks figures of, which retrieval may read against documents' dates (their report
    comes after them); none for a question about what is to come ("When will they meet in September?")."""
    return [] if _FUTURE.search(turn.asked) else asked_times(turn.asked) or asked_times(turn.context)


STRONG_MARGIN = 0.3  # confidence this far above the threshold reads as a strong match


def sureness(confidence: float, threshold: float, documents: int) -> str:
    """The fitted confidence in words for the answer card: a reader cannot weigh "score 0.598", but does know to
    check the source of a weak match. Answers below the threshold are abstentions and never get here."""
    if confidence < threshold + STRONG_MARGIN:
        return "weak match — check the source"
    return "strong match, quoted from one document" if documents == 1 else f"strong match, quoted from {documents} documents"


_ANSWER_TYPE_WORDS = {"date": "date", "percent": "rate", "count": "number", "amount": "amount", "person": "person",
               "name": "name"}


_POSSESSIVE = re.compile(r"['’]s?$")


_LEAST_CONTEXT_WORDS = 12  # a naming sentence cut shorter than this says too little to read the next one by
CARRIED_SPAN_TERMS = 0.1  # the share of the question's (IDF-weighted) words next to the span the next sentence states
# What a best sentence takes from the next one that states the asked span: the span's features and its conflicts.
_CARRIED = [_INDEX[name] for name in ("type_ok", "span_found", "span_near", "span_terms", "focus_near",
                                       "time_conflict", "number_conflict", "exclusive_conflict", "place_conflict")]


def _leading(c: Candidate) -> str:
    """The sentence's window up to the sentence: what it continues from. The next sentence may open another party's
    story ("He said the planned meeting March 7 was postponed. Ecuador's deputy minister said ..."): no country it
    names is this sentence's."""
    sentences = c.window_sentences
    at = sentences.index(c.text) if c.text in sentences else len(sentences) - 1
    return " ".join(sentences[: at + 1])


def _body_initials(name: str) -> bool:
    """An acronym that names no country ("ATPC", "OPEC"; not "USSR" or "UAE"): a body's initials, no place."""
    return bool(re.fullmatch(r"[A-Z]{3,}", name)) and not is_place(name)


def _gives_no_figure(turn: Turn, best: Candidate) -> bool:
    """A question only a figure answers ("How much did Rohm and Haas pay to settle the 22 lawsuits?", "What coupon
    will the debentures carry?") whose best sentence gives no figure but the question's own ("Rohm and Haas settled
    22 lawsuits"): the documents do not say how much."""
    asks_figure = _ASKS_A_FIGURE.search(turn.asked) or (
        turn.answer_type in {"amount", "count", "percent"} and _WHAT_START.match(turn.asked))
    if asks_figure and turn.answer_type == "amount" and asks_per_share(turn.asked) and not best.spans:
        return True  # "At what price per share ...?": "for 10.5 mln common shares, ... an 84 pct interest" gives none
    return bool(asks_figure) and not _figures(best.text) - _figures(turn.asked)


def _leaves_unnamed(turn: Turn, best: Candidate) -> bool:
    """"Which battery manufacturer supplied the battery?" against "a flawed battery from a single battery
    manufacturer": the best sentence speaks of what is asked only as some one of its kind ("a", "one", "several",
    "another" ...), naming none ("a grain company, Cargill," and "Cargill, a grain company," name one)."""
    if turn.answer_type in NUMERIC_ANSWERS or not _WHICH_THING.match(turn.asked):
        return False
    focus = focus_words(turn.asked)
    if not focus:
        return False
    head = stem(focus[-1].lower())
    seen = False
    for m in re.finditer(r"[A-Za-z][\w-]*", best.text):
        if stem(m.group().lower()) != head:
            continue
        seen = True
        before, after = best.text[max(0, m.start() - 60):m.start()], best.text[m.end():m.end() + 60]
        if not _SOME_ONE_BEFORE.search(before) or _NAME_BESIDE_BEFORE.search(before) or _NAME_BESIDE_AFTER.match(after) \
                or not _NOTHING_MORE_SAID.match(after):
            return False
    return seen


_WHICH_THING = re.compile(r"^\W*(?:(?:and|so|but)\s+)?which\s+[a-z-]+", re.IGNORECASE)
# the phrase ends there, saying no more of which one it is ("a single battery manufacturer.", "... applications are
# available"), not "an underlying rise of 287 mln dlrs"; a phrase of time or kind in lower case may come between it and
# its verb ("one Republican presidential candidate for the 2016 election ridiculed ...")
_NOTHING_MORE_SAID = re.compile(r"[a-z]*\s*(?:[.;:)]|$|(?:is|are|was|were|has|have|had|will|would|can|could|may|might)\b"
                                r"|(?:for|in|during)\s+(?:the\s+)?(?:[a-z0-9-]+\s+){1,3}?[a-z]+ed\b)")
# "a single", "one of its European", "several alternative third-party": up to three words between it and the noun
_SOME_ONE_BEFORE = re.compile(r"\b(?:a|an|one|several|some|another|other|various|numerous|many|any)\s+(?:of\s+(?:its|their|his|"
                              r"her|the)\s+)?(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
_NAME_BESIDE_BEFORE = re.compile(r"[A-Z][\w.&'-]*,\s+(?:\w+\s+){0,3}$")  # "Cargill, a grain company"
_NAME_BESIDE_AFTER = re.compile(r"[a-z]*\s*(?:,\s*|\s+(?:called|named|known\s+as)\s+|\s+)[A-Z]")  # "a company, Cargill"


# A question that can only be answered with a figure: "How much ...", "By how much ...", "What price/rate ..."
_ASKS_A_FIGURE = re.compile(r"^\W*(?:(?:and|so|but)\s+)?(?:(?:by|at|to|from)\s+)?(?:how\s+(?:much|many|high|large|big|tall|deep|heavy|far|wide)\b|what\s+(?:(?:was|is|were|are|"
                            r"the|its|their)\s+)*(?:\w+\s+){0,2}(?:price|rate|percentage|amount|number|total|sum|cost|vote|margin)s?\b)",
                            re.IGNORECASE)
_WHAT_START = re.compile(r"^\W*(?:(?:and|so|but)\s+)?what\b", re.IGNORECASE)
_DAY_BEFORE_MONTH = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b")  # "3rd of December"
# "one" as a word is a figure only before a scale or a unit ("one billion dollars", not "one class action suit")
_ONE_AS_WORD = re.compile(r"\bone\b(?!\s+(?:" + "|".join(SCALES) + r"|pct|percent|per\s+cent|dlrs?|dollars?|point)\b)",
                          re.IGNORECASE)


def _figures(text: str) -> frozenset[float]:
    """The numbers a text states, not its times ("1986", "3rd of December") nor "one" as a word."""
    return numbers_in(_ONE_AS_WORD.sub(" ", TIME_EXPRESSION.sub(" ", _DAY_BEFORE_MONTH.sub(" ", text))))


_HOW_MANY = re.compile(r"\bhow many\s+[a-z]", re.IGNORECASE)
_COUNTED_PHRASE = re.compile(r"\bhow\s+many\s+((?:(?!(?:is|was|are|were|did|does|do|will|would|has|have|had|can|could)\b)"
                             r"[\w'’-]+\s+){0,4}?[\w'’-]+?)(?=\s+(?:is|was|are|were|did|does|do|will|would|has|have|had|can|"
                             r"could|in|at|on|for|from|to|by|with)\b|\s*[?,]|$)", re.IGNORECASE)
_PLURAL_NOUNS = {"people", "personnel", "staff", "cattle", "head", "children", "men", "women", "crew", "police"}


def _counted_phrase(question: str) -> str:
    """What "how many" counts, to its last plural noun ("How many Iranian personnel were killed ...?" -> "Iranian
    personnel", "How many head of cattle ...?", "How many people work ...?" -> "people"); the whole question when it
    cannot be told."""
    m = _COUNTED_PHRASE.search(question)
    if not m:
        return question
    words = m.group(1).split()
    last = max((i for i, w in enumerate(words) if w.lower() in _PLURAL_NOUNS
                or (w.lower().endswith("s") and not w.lower().endswith("ss") and len(w) > 3)), default=None)
    return " ".join(words[: last + 1]) if last is not None else question


_WORDS_AFTER = re.compile(r"(?:\s+[a-z]+){1,3}")
_PART_OF = re.compile(r"\s+of\s+(?:its|the|their|his|her|these|those)\s+((?:[a-z]+\s+){0,2}?[a-z]+s)\b")
# "two-day closure": the word the figure is joined to, and the noun after it ("twenty-five" is one number)
_COMPOUND_AFTER = re.compile(r"-(?!(?:one|two|three|four|five|six|seven|eight|nine)\b)([a-z]+)(?:\s+([a-z]+))?")
SAME_THING = 0.3  # word-vector cosine from which two nouns count the same things ("nations", "countries": 0.55)


@dataclass(frozen=True)
class _AskedWords:
    """A question's content words and their stems."""

    words: tuple[str, ...]
    stems: frozenset[str]

    @classmethod
    def of(cls, question: str) -> _AskedWords:
        words = tuple(w.lower() for w in content_words(question))
        return cls(words, frozenset(stem(w) for w in words))

    def foreign_to(self, words: list[str], head: str) -> bool:
        """None of the words is one of these (by stem), and their head noun is near none of these in meaning."""
        if {stem(w) for w in words} & self.stems:
            return False
        vector = word_vector(head)
        return all(float(vector @ word_vector(w)) < SAME_THING for w in self.words)


def _counts_other(text: str, end: int, asked: _AskedWords) -> bool:
    """The figure counts things the question does not name: a plural noun right after it ("24 states" for "how many
    head of cattle") that is no word of the question nor near one in meaning ("57 nations" counts countries), and no
    question word among the next few ("7,000 inadequately engineered schoolrooms"); or a figure made into a describing
    word ("a two-day closure" for "how many people died"), unless it or the noun it describes is asked ("how many
    days was it shut")."""
    if text.isupper():  # a headline in capitals: "ATTACKED TWO PLATFORMS" counts platforms
        text = text.lower()
    compound = _COMPOUND_AFTER.match(text, end)
    if compound:
        return not {stem(w) for w in compound.group(1, 2) if w} & asked.stems
    part = _PART_OF.match(text, end)  # "two of its oil platforms" counts platforms
    described = None if part else _DESCRIBED_PLURAL.match(text, end)  # "three Iranian offshore oil sites": sites
    after = part or described or _WORDS_AFTER.match(text, end)
    if not after:
        return False
    words = after.group(1 if part else 0).lower().split()[1 if described else 0:]  # (what they are counts, not whose)
    noun = words[-1] if part or described else words[0]
    if noun in stopwords() or not noun.endswith("s") or noun.endswith("ss") or len(noun) <= 3:
        return False
    return asked.foreign_to(words, noun)


# A people's or place's word, then words describing a plural noun: "three Iranian offshore oil sites"
# (the wire writes the word after "U.S." in capitals: "four U.S. Destroyers attacked")
_DESCRIBED_PLURAL = re.compile(r"\s+(?:[A-Z][a-z]+(?:\s+[a-z]+){0,2}?\s+[a-z]{3,}|U\.S\.\s+[A-Z][a-z]{2,})[^s\W]s\b")


# "17 mln dlrs in compensatory damages", "841.4 mln dlrs in revenues": what a sum of money is in
_MEASURED_AFTER = re.compile(r"(?:\s+in|['’]?\s+worth\s+of)\s+((?:[a-z][a-z-]+\s+){0,2}[a-z][a-z-]+)\b")  # "... dlrs'
# worth of electronic products": the products' value


def _measures_other(text: str, end: int, asked: _AskedWords) -> bool:
    """The amount is in something the question (or the conversation) does not name nor come near in meaning: "17 mln
    dlrs in compensatory damages" for "What was the value of the surety bonds?"; "five billion dlrs in credits" still
    answers "How much in loans?" (near in meaning)."""
    after = _MEASURED_AFTER.match(text, end)
    if not after:
        return False
    words = [w for w in after.group(1).split() if w not in stopwords()]
    return bool(words) and asked.foreign_to(words, words[-1])


# "What percentage of New York's bus fleet consisted of ...?", "What share of world exports ...": the whole asked of
_SHARE_ASKED_OF = re.compile(r"\b(?:percentage|percent|share|proportion|portion|fraction|pct)\s+of\s+(?:the\s+|its\s+|their\s+)?"
                             r"((?:[\w'’.-]+\s+){0,4}?[\w.-]+?)(?=\s+(?:was|were|is|are|did|does|do|had|has|have|will|would|"
                             r"could|consisted|came|went|made|in|by|for|at|on|from|to|that|which|who)\b|\s*[?,])", re.IGNORECASE)
# ... and the whole a stated share is of: "28% of New York's taxi fleet in service"
_SHARE_OF = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+|all\s+)?((?:[\w'’.-]+\s+){0,3}?[a-z]+)(?=\s+(?:in|by|for|at|on|from|to|"
                       r"and|or|with|that|which|who|was|were|is|are)\b|\s*[.,;:)]|\s*$)")


def _share_asked_of(question: str) -> tuple[str, ...] | None:
    """The words of the whole a share is asked of, lower case, possessives cut ("new", "york", "bus", "fleet")."""
    m = _SHARE_ASKED_OF.search(question)
    return tuple(_POSSESSIVE.sub("", w.lower()) for w in re.findall(r"[\w'’.-]+", m.group(1))) if m else None


def _share_of_another(text: str, end: int, asked: tuple[str, ...]) -> bool:
    """The share is of another whole of the asked kind: "28% of New York's taxi fleet" for the share of its bus fleet
    (the same head, "fleet", with a word before it in place of an asked one and near none in meaning). A share of the
    asked whole in other words ("of the cab fleet" for the taxi fleet, "of the city's population" for NYC's: an owner
    is no other kind), or of no whole said, may still answer."""
    m = _SHARE_OF.match(text, end)
    if not m:
        return False
    words = re.findall(r"[\w'’.-]+", m.group(1))
    asked_stems = {stem(w) for w in asked}
    if len(words) < 2 or stem(words[-1].lower()) not in asked_stems:
        return False
    stated_stems = {stem(_POSSESSIVE.sub("", w.lower())) for w in words}
    others = [w for w in words[:-1] if re.fullmatch(r"[a-z][a-z-]+", w) and w not in stopwords()
              and stem(w) not in asked_stems]  # (lower case, no possessive: a word saying which kind)
    missing = [w for w in asked if stem(w) not in stated_stems and w not in stopwords()]
    return bool(others and missing) and all(float(word_vector(o) @ word_vector(w)) < SAME_THING
                                            for o in others for w in missing)


# Quantities a figure is named as ("a market value of about 20 mln dlrs", "a cost of some 700 mln crowns"), by stem
_QUANTITY_KINDS = frozenset(stem(w) for w in (
    "value cost price deposits assets revenue revenues sales profit loss income debt reserves capacity output production "
    "exports imports investment budget deficit surplus capital premium dividend earnings turnover liabilities").split())
_WORTH = frozenset(stem(w) for w in ("worth", "value", "sale", "sales", "price"))  # what a thing fetches, said any way
_NAMED_AS = re.compile(r"\b([a-z]+)\s+(?:of|at|totalling|totaling|worth)\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+|"
                       r"up\s+to\s+|over\s+|more\s+than\s+|roughly\s+|an\s+estimated\s+)?$")


def _named_as_other_quantity(text: str, start: int, asked: _AskedWords) -> bool:
    """The sentence names the figure as another quantity than the one asked ("a market value of about 20 mln dlrs"
    for "What are the total deposits of United National Bank?"; "a cost of some 700 mln crowns" for the size of
    reserves), one the question never names."""
    m = _NAMED_AS.search(text, max(0, start - 40), start)
    if not m:
        return False
    kind = stem(m.group(1))
    if kind in _WORTH and asked.stems & _WORTH:  # "a total sale worth 600 mln dlrs" is what the exports are worth
        return False
    return kind in _QUANTITY_KINDS and kind not in asked.stems and asked.foreign_to([m.group(1)], m.group(1))


# The base a rate is given per: "1,080 dlrs per 1,000 dlrs of principal amount"
_PER_BEFORE = re.compile(r"\b(?:per|for\s+each|for\s+every)\s+$", re.IGNORECASE)

# A sum something changes hands for: "agreed to sell its Garfinckel's division to Raleigh Stores for 95 mln dlrs"
# (the full stops of "Tel-A-Data L.P." end no sentence)
_PAID_FOR = re.compile(r"\b(?:sell|sells|sold|selling|buy|buys|bought|buying|acquire|acquires|acquired|acquiring|purchase|"
                       r"purchases|purchased|purchasing|pay|pays|paid|paying)\b(?:[^.;:]|\.(?!\s+[A-Z])){0,100}?\bfor\s+(?:about\s+|around\s+|"
                       r"some\s+|nearly\s+|almost\s+|approximately\s+|roughly\s+|an\s+estimated\s+|up\s+to\s+)?$")
# What a price paid answers, said any way
_PAID_ASKED = frozenset(stem(w) for w in ("price", "cost", "value", "worth", "sale", "sales", "pay", "paid", "purchase",
                                          "acquisition", "deal", "bid", "offer", "consideration", "proceeds", "fetch"))


def _price_paid(text: str, start: int, asked: _AskedWords) -> bool:
    """The figure is what something was sold or bought for: a price, no revenue, income or profit of the thing sold
    ("sell its Garfinckel's division ... for 95 mln dlrs" for the division's net income). A question after a price,
    a value or a sale may take it."""
    return not (asked.stems & _PAID_ASKED) and bool(_PAID_FOR.search(text, max(0, start - 140), start))


# A sum written as a describing word: a determiner or owner before it, a unit in the singular after it, then the noun
# it describes ("Australia's 850 mln dlr a year sugar industry", "a 10 dlr a barrel fee")
_DESCRIBER_BEFORE = re.compile(r"(?:\b(?:a|an|the|its|their|his|her)|['’]s)\s+(?:about\s+|some\s+|around\s+|nearly\s+)?$")
_DESCRIBED_AFTER = re.compile(r"(?:\s+(?:a|per)\s+(?:year|share|barrel|tonne|ton|day|month|week|lb|ounce))?\s+"
                              r"((?:[a-z][a-z-]+\s+){0,2}[a-z][a-z-]+)\b")


def _describes_other(text: str, span: tuple[int, int], asked: _AskedWords) -> bool:
    """The figure describes a noun the question never names: "its 850 mln dlr a year sugar industry" is the
    industry's size, no company's profit. English makes a sum a describing word with its unit in the singular ("a
    500 mln dlr loan", against "500 mln dlrs rose"); the loan asked, it answers."""
    unit = re.search(r"([a-z]+)$", text[span[0]:span[1]])
    if not unit or unit.group(1).endswith("s") or not _DESCRIBER_BEFORE.search(text, max(0, span[0] - 30), span[0]):
        return False
    after = _DESCRIBED_AFTER.match(text, span[1])
    if not after:
        return False
    words = []
    for word in after.group(1).split():
        if word in stopwords():
            break
        words.append(word)
    return bool(words) and asked.foreign_to(words[-1:], words[-1])  # (the noun: "sugar" may name the company)


# A figure a named party puts forward: "the U.S. offer of 112 dlrs", "Japan's bid of 8.5 mln", "an EC price of ..."
_PARTYS_FIGURE = re.compile(r"([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3})(?:['’]s)?\s+(?:[a-z]+\s+)?(?:offer|bid|price|"
                            r"proposal|estimate|forecast|quote|quotation|tender)\s+(?:of|at)\s+(?:about\s+|around\s+|some\s+)?$")


def _another_partys_figure(text: str, start: int, turn: Turn) -> bool:
    """The figure is one a party the question never names puts forward ("the U.S. offer of 112 dlrs per tonne"
    for "At what price did the EC sell soft wheat to Brazil?"): that party's, not the asked one's."""
    m = _PARTYS_FIGURE.search(text, max(0, start - 80), start)
    if not m:
        return False
    party = m.group(1)
    return not mentions(turn.asked.lower(), party, turn.asked) and not any(
        mentions(party.lower(), e, party) for e in turn.entities)


_VENUE = re.compile(r"\b(?:at|in|inside|outside)\s+(?:the\s+)?$", re.IGNORECASE)


def _names_a_place(text: str, span: tuple[int, int], turn: Turn, part_of_country: bool) -> bool:
    """May the span answer "where" ("in which city", with `part_of_country`)? Not a country when a part of one is
    asked, nor a body, its initials or a person ("James Baker" for "In which city did Baker meet ...?"); but a body
    where something happened is a place ("a lecture at the University of Surrey"), unless a city is asked."""
    name = _named(text, span)
    if part_of_country and is_country(name):
        return False
    if _PEOPLES_WORD.search(name) and is_place(name) and not is_country(name) and re.match(r"\s+[a-z]", text[span[1]:]):
        return False  # "the Belgian port": a people's word describes the port, it names none
    if is_organization(name) and (part_of_country or not _VENUE.search(text, 0, span[0])):
        return False
    return not _body_initials(name) and not _names_asked_person(name, turn)


# A people's word written as one ("Belgian", "Dutch", "English", "Chinese"): with a noun after it, no place's name
_PEOPLES_WORD = re.compile(r"^[A-Z][a-z]+(?:an|ese|ish|ch|i|ine)$")


def _names_asked_person(name: str, turn: Turn) -> bool:
    """A name of several words whose last the question writes as a name ("James Baker" for "Baker"), or a titled
    person ("Finance Minister Gerhard Stoltenberg"): no place."""
    words = name.split()
    return len(words) >= 2 and bool(re.search(rf"\b{re.escape(words[-1])}\b", turn.asked)) or names_person(name)


def _named(text: str, span: tuple[int, int]) -> str:
    """The name a span holds, without a possessive ("Colombia's" -> "Colombia")."""
    return _POSSESSIVE.sub("", text[span[0]:span[1]])

_LINE_BREAKS = str.maketrans("\r\n\t\f\v", "     ")


def _unnamed(turn: Turn, found: Gathered) -> list[str]:
    """When no candidate may answer for want of the question's names: the names the best-scoring candidate's
    document does not give (the user sees what the documents lack, or a name they mistyped)."""
    if not found.candidates or found.eligible is None or found.eligible.any():
        return []
    best = max(found.candidates, key=lambda c: c.score)
    text = _document_texts(found.candidates)[best.passage.doc_id]
    return [name for name in turn.entities if entity_share(text, [name]) < 1.0]


def _is_earlier_value(turn: Turn, text: str, span: tuple[int, int], passage_text: str) -> bool:
    """The span states the value the earlier question's answer led with: "430 mln dlrs" after M-1's fall was asked,
    when "And M-2?" asks for another figure; a surname for the full name given before."""
    value = flat(text[span[0]:span[1]]).lower()
    if turn.answer_type in ("person", "name"):
        value = full_name(flat(text[span[0]:span[1]]), passage_text).lower()
    return value == turn.earlier_value


def _contradicts(c: Candidate) -> bool:
    """The sentence counts what the question counts with another number ("the first Bond theme" for "the second"),
    or uses a word excluding the question's ("less than" for "more than"): however close its wording, it does not
    answer. The fitted decision weighs these, but a sentence repeating the question's other words outweighs them."""
    return bool(c.features[_INDEX["number_conflict"]] or c.features[_INDEX["exclusive_conflict"]])


def _document_coverage(turn: Turn, candidates: list[Candidate],
                       titled: dict[str, str] | None = None) -> np.ndarray:
    """How fully each candidate's document names the question's names, read over all its retrieved passages: wire
    copy names "Morgan Guaranty" or "the Amsterdam court" once, and the passage stating the figure says "the court".
    `titled`: names the question gives as a person's title (`affiliations`)."""
    share = {doc: entity_share(text, turn.entities, titled) for doc, text in _document_texts(candidates).items()}
    return np.array([share[c.passage.doc_id] for c in candidates])


def _document_texts(candidates: list[Candidate]) -> dict[str, str]:
    """Each candidate document's title and the text of its retrieved passages, as one text."""
    texts: dict[str, list[str]] = {}
    for p in dict.fromkeys(c.passage for c in candidates):
        texts.setdefault(p.doc_id, [p.title]).append(p.text)
    return {doc: " ".join(parts) for doc, parts in texts.items()}


def _about_what_was_put_aside(turn: Turn, text: str) -> bool:
    """The sentence speaks of what the follow-up put aside and not of what it asks about now ("Domestic group net
    profit rose ..." for "And the world group's?"): it answers the earlier question."""
    words = content_stems(text)
    return bool(words & turn.put_aside) and not words & turn.put_in


_ASKS_WHAT_IS_TO_COME = re.compile(r"\b(?:will|shall|(?:is|are)\s+(?:[\w'’-]+\s+){0,10}?(?:expected|due|scheduled|set|likely|"
                                  r"planned|going)\s+to)\b", re.IGNORECASE)
_MONTH_DAY = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?!\d|,?\s*\d{4})")
_YEAR_ALONE = re.compile(r"(?:in\s+)?((?:1[89]|20)\d\d)")


def _past_day(span: str, document_date: str) -> bool:
    """A day without a year ("March 13") that falls more than a few days before the document's own date, or a year
    before the document's ("crushed in 1986" in a report of 1987): the report tells of it as past (wire copy gives
    the year only when it is not the report's)."""
    year = _YEAR_ALONE.fullmatch(span.strip())
    if year:
        return int(year.group(1)) < int(document_date[:4]) if document_date[:4].isdigit() else False
    match = _MONTH_DAY.fullmatch(span.strip())
    month = month_number(match.group(1)) if match else None
    if not month:
        return False
    days = days_after(TimeRef(None, month, int(match.group(2))), document_date)
    return days is not None and days > 3


# A calendar year asked ("exported in calendar 1985") is no season or financial year across two ("1985/86")
_CALENDAR_YEAR = re.compile(r"\bcalendar\s+(?:year\s+)?(?:1[89]|20)\d\d\b", re.IGNORECASE)
# "On what day in December 1986 ...?", "When in March ...?": the time given is the answer's own
_YEAR_ASKED = re.compile(r"\b(?:what|which)\s+year\b", re.IGNORECASE)
_DATE_WITHIN = re.compile(r"\b(?:(?:what|which)\s+(?:day|date|week)|when)\s+(?:in|of|during)\b", re.IGNORECASE)


def _without_answer_days(c: Candidate, year_asked: bool = False) -> str:
    """The sentence without the months and days of the dates it offers as answers, keeping their years. A date asked
    for is no time the question gives: "the March 6 tragedy" answers "On what date did the ferry capsize, the inquiry
    into which opened in April 1987?"; a year stays evidence ("May 14, 1986" is not 1987's), unless a year is what is
    asked ("In which year did IMF exposure peak, according to Schulmann speaking in April 1987?": "in 1985")."""
    text = c.text
    for a, b in sorted(c.spans, reverse=True):
        kept = "" if year_asked else " ".join(m.group(0) for m in YEAR_RE.finditer(text[a:b]))
        text = f"{text[:a]}{kept:<{b - a}}{text[b:]}"
    return text


def _one_line(text: str) -> str:
    """The text with its line breaks as spaces, the same length (offsets stay exact): hard-wrapped wire copy breaks
    "last\nyear" or "April\n13" where the readings of dates, names and figures expect a space."""
    return text.translate(_LINE_BREAKS)


def _pairs(words: list[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:]))


def _nearness(c: Candidate, own: set[str]) -> float:
    """1 when a typed span stands right next to a word of the question, falling off with distance in words."""
    anchors = word_positions(c, own)
    if not anchors:
        return 0.0
    gap = min(abs(s[0] - x) for s in c.spans for x in anchors)
    return 1.0 / (1.0 + gap / 30.0)


_SPAN_REACH = 6  # words either side of a span that say what its figure or name is


def _span_terms(c: Candidate, own: set[str], idf: dict[str, float]) -> float:
    """The IDF mass of the question's words standing within a few words of one of the sentence's typed spans (the
    best span): "exports in February were 32,800 tonnes" tells what 32,800 counts, whatever the rest says."""
    words = list(re.finditer(r"\w[\w'’.-]*", c.text))
    best = 0.0
    for a, b in c.spans:
        first = next((i for i, w in enumerate(words) if w.end() > a), len(words))
        last = next((i for i, w in enumerate(words) if w.start() >= b), len(words))
        near = " ".join(w.group() for w in words[max(0, first - _SPAN_REACH): last + _SPAN_REACH])
        found = with_prefixes(terms(near))
        best = max(best, sum(idf[t] for t in own if has_term(found, t)))
    return best


_PERSONAL_PRONOUN = re.compile(r"(?:(?:But|And|However|Meanwhile|Later),?\s+)?(?:He|She)\b")


def _named_by_pronoun(c: Candidate, entities: list[str]) -> list[str]:
    """The question's names (no places) that the sentence before names, when this sentence opens with "He" or "She":
    wire copy names a speaker once and goes on "He also forecast ...", and the pronoun names the same person."""
    if not entities or not _PERSONAL_PRONOUN.match(c.text):
        return []
    before = _sentence_before(c)
    if not before or before == c.section:
        return []
    return [e for e in entities if not is_place(e) and mentions(before.lower(), e, before)]


# A sentence dated by the one before it: "fell to 15.513 billion dlrs ... on the same respective days", "that day"
_SAME_TIME = re.compile(r"\b(?:on\s+)?(?:the\s+same\s+(?:respective\s+)?(?:days?|dates?|period|week|month)|that\s+day)\b",
                        re.IGNORECASE)


def _with_times_referred_to(c: Candidate, stated: str) -> str:
    """The sentence's text for its time evidence, with the sentence before it when it takes its time from there:
    "the same respective days" are that sentence's March 23 and 20, not a March 24 the question asks."""
    before = _sentence_before(c) if _SAME_TIME.search(c.text) else None
    return f"{before} {stated}" if before else stated


def _sentence_before(c: Candidate) -> str | None:
    """The sentence before the candidate's in its window (a results row's section label included), if any."""
    if c.text not in c.window_sentences:
        return None
    at = c.window_sentences.index(c.text)
    return c.window_sentences[at - 1] if at > 0 else None


def _without_repeats(turn: Turn, candidates: list[Candidate], eligible: np.ndarray) -> np.ndarray:
    """The eligible candidates less those right behind the best that give its answer again (the same sentence, or
    the same figure, in another report of the story): the decision's margin is over a rival answer, and a story
    retold is no rival ("7.5 billion dlrs in FSLIC recapitalization" and "a 7.5 billion dlr recapitalization")."""
    order = sorted(np.flatnonzero(eligible), key=lambda k: _best_first(candidates[k]))
    keep = eligible.copy()
    if not order:
        return keep
    best = candidates[order[0]]
    words, figure = flat(best.text).lower(), _figure(best, turn)
    for k in order[1:]:
        other = candidates[k]
        if flat(other.text).lower() != words and not (figure and figure == _figure(other, turn)):
            break
        keep[k] = False
    return keep


def _figure(c: Candidate, turn: Turn) -> frozenset[float]:
    """The numbers of the value a typed answer leads with, however written ("7.5 billion dlrs" and "7.5 billion dlr");
    none for a name, which recurs in sentences saying other things of it, or an untyped question."""
    return numbers_in(_value(c, turn)) if turn.answer_type in TYPED_ANSWERS and c.spans else frozenset()


def _value(c: Candidate, turn: Turn) -> str:
    a, b = closest_span(c, turn)
    return flat(c.text[a:b]).lower()


# A sentence going on about the subject of the one before: "It gave them 44 pct", "The figure was 2.6 pct higher".
_CONTINUES_SUBJECT = re.compile(r"(?:(?:But|And|However),?\s+)?(?:It|They|He|She|This|The\s+(?:figure|total|report|"
                                r"currency|company|bank|agency|ministry))\b")


def _continuation(turn: Turn, best: Candidate, candidates: list[Candidate]) -> Candidate | None:
    """The sentence right after the best in its section, when it carries on with what was asked: it has a span of
    the asked type that the best sentence lacks ("Dutch M2 money supply was hardly changed ... The figure was 2.6 pct
    higher than in December 1985."), or it goes on about the same subject ("... had the Conservatives 11 points ahead.
    It gave them 44 pct, ...", "... the grain supply agreement ... The current agreement expires on Sept 30, 1988.").
    Wire copy often names the subject in one sentence and gives its figure in the next."""
    after = [c for c in candidates if c.passage.chunk_id == best.passage.chunk_id and c.start >= best.end]
    if not after:
        return None
    following = min(after, key=lambda c: c.start)
    between = best.passage.text[best.end - best.passage.start: following.start - best.passage.start]
    if is_headline(following.text) or "\n\n" in between:
        return None  # another section (wire copy's indented paragraphs are often one sentence each: those go on)
    typed = turn.answer_type in TYPED_ANSWERS
    if typed and not best.spans and following.spans:
        return following
    goes_on = _CONTINUES_SUBJECT.match(following.text) or _names_again(following.text, best.text)
    if goes_on and (not typed or following.spans):
        return following
    return None


def _names_again(sentence: str, before: str) -> bool:
    """`sentence` opens with a definite phrase naming a thing `before` named ("... presenting his budget ..." then
    "The budget was unveiled on March 17")."""
    opening = _DEFINITE_OPENING.match(sentence)
    return bool(opening) and bool(set(terms(opening.group(1))) & set(terms(before)))


_DEFINITE_OPENING = re.compile(r"(?:The|This|That|These|Those)\s+((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)\b")


def _trim(c: Candidate, budget: int, turn: Turn | None = None) -> str:
    """The sentence on one line, cut to `budget` words around its answer span when too long."""
    text = flat(c.text)
    words = list(_WORDS.finditer(text))
    if len(words) <= budget:
        return text
    span = (closest_span(c, turn) if turn is not None else c.spans[0]) if c.spans else None
    focus = len(flat(c.text[: span[0]])) if span else 0
    centre = next((i for i, w in enumerate(words) if w.end() > focus), 0)
    first = max(0, min(centre - budget // 3, len(words) - budget))
    chosen = words[first : first + budget]
    body = text[chosen[0].start() : chosen[-1].end()]
    return ("… " if first > 0 else "") + body + (" …" if first + budget < len(words) else "")


def _cite(n: int, c: Candidate, through: Candidate | None = None) -> Citation:
    """Citation n of the candidate's sentence, or of it and the sentences up to `through` when the answer quotes those
    too (its score is the passage's retrieval score, as for every answerer)."""
    end = (through or c).end
    return cite(n, c.passage, (c.start - c.passage.start, end - c.passage.start))
