"""Documents -> chunks: exact offsets, the model's window, sentence boundaries, overlap and pages."""

from __future__ import annotations

import random

import pytest

from assistant.chunking import Chunker
from assistant.documents import Document, load_document
from assistant.settings import MODEL_MAX_TOKENS, ChunkingSettings

SUBJECTS = ["Japan's chief negotiator", "The U.S. Trade Representative", "Mr. Akazawa", "South Korea's trade minister",
            "European Commission officials", "Treasury Secretary Scott Bessent", "Analysts in Tokyo"]
VERBS = ["said on Monday that", "told reporters in Washington that", "warned in a statement that",
         "confirmed late on Friday that", "argued during the second round that"]
CLAIMS = ["the reciprocal tariff of 24% would stay until a deal is signed",
          "talks on automobile quotas would resume on April 16",
          "rice imports were not on the table for the first round",
          "a framework agreement could be reached before the G7 summit in June",
          "semiconductor export controls would be discussed separately",
          "the 10% baseline tariff covers most of the 57 listed countries"]


@pytest.fixture(scope="module")
def hf_tokenizer():
    """The model's own tokenizer (transformers), independent of the chunker's `tokenizers` instance."""
    from transformers import AutoTokenizer

    from assistant.embedding import model_path

    return AutoTokenizer.from_pretrained(model_path())


def word_pieces(tokenizer, text: str) -> int:
    """Word pieces the model would see, [CLS] and [SEP] included, counted without truncation."""
    return len(tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])


def prose(sentences: int, seed: int = 7) -> tuple[str, list[tuple[int, int]]]:
    """Paragraphs of news-like sentences, and the (start, end) of every sentence."""
    rng = random.Random(seed)
    text, spans = "", []
    for n in range(sentences):
        sentence = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAIMS)}."
        if n:
            text += "\n\n" if n % 4 == 0 else " "
        spans.append((len(text), len(text) + len(sentence)))
        text += sentence
    return text, spans


def doc(text: str, pages=()) -> Document:
    return Document(doc_id="t.txt", title="T", file_type="txt", text=text, pages=list(pages))


def test_chunk_text_is_exactly_the_document_slice_it_claims(hf_tokenizer):
    text, _ = prose(60)
    chunks = Chunker().chunk(doc(text))
    assert len(chunks) > 3, f"60 sentences should need several chunks, got {len(chunks)}"
    for chunk in chunks:
        assert chunk.text == text[chunk.start : chunk.end], f"chunk {chunk.index} text differs from its offsets"
        assert chunk.token_count == word_pieces(hf_tokenizer, chunk.text), \
            f"chunk {chunk.index} token_count {chunk.token_count} is not the model tokenizer's count"
    assert [c.index for c in chunks] == list(range(len(chunks))), "chunk indexes run 0..n-1"


@pytest.mark.parametrize("max_tokens,overlap", [(180, 60), (256, 0), (64, 20)])
def test_every_chunk_fits_the_model_window_and_the_configured_size(hf_tokenizer, max_tokens, overlap):
    text, _ = prose(80, seed=max_tokens)
    chunker = Chunker(ChunkingSettings(max_tokens=max_tokens, overlap_tokens=overlap))
    for chunk in chunker.chunk(doc(text)):
        n = word_pieces(hf_tokenizer, chunk.text)
        assert n <= MODEL_MAX_TOKENS, f"chunk {chunk.index} has {n} word pieces, over the model's {MODEL_MAX_TOKENS}"
        assert n <= max_tokens, f"chunk {chunk.index} has {n} word pieces, over the configured {max_tokens}"


@pytest.mark.parametrize("max_tokens", [256, 180, 64])
def test_a_single_thousand_word_sentence_is_split_into_fitting_chunks(hf_tokenizer, max_tokens):
    """Regression: windows cut mid-word ("##ization") re-tokenised into more pieces, giving 257-piece chunks."""
    rng = random.Random(1000)
    vocabulary = ["internationalization", "tariff", "negotiations", "Akazawa", "semiconductors", "reciprocal",
                  "agricultural", "counterproductive", "twenty-four", "percent", "2026", "Washington",
                  "ministerial-level", "liberalisation", "Zürich", "naïve", "€24bn", "Kyrgyzstan", "rice"]
    sentence = " ".join(rng.choice(vocabulary) for _ in range(1000)) + "."
    text = "Officials met on Monday. " + sentence + " The talks ended."
    chunks = Chunker(ChunkingSettings(max_tokens=max_tokens, overlap_tokens=min(60, max_tokens // 2))).chunk(doc(text))
    assert len(chunks) >= 3, f"a 1,000-word sentence must span several chunks, got {len(chunks)}"
    for chunk in chunks:
        n = word_pieces(hf_tokenizer, chunk.text)
        assert n <= max_tokens, f"chunk {chunk.index} has {n} word pieces, over {max_tokens}"
        assert chunk.text == text[chunk.start : chunk.end], "offsets must stay exact for cut sentences"
    start, end = text.index(sentence), text.index(sentence) + len(sentence)
    covered = sorted((c.start, c.end) for c in chunks if c.start < end and c.end > start)
    assert covered[0][0] <= start and covered[-1][1] >= end, "the cut sentence must be covered from start to end"
    for (_, previous_end), (next_start, _) in zip(covered, covered[1:]):
        assert not text[previous_end:next_start].strip(), f"text lost between {previous_end} and {next_start}"
        at_boundary = text[next_start - 1] in " -" or not text[next_start].isalnum()
        assert at_boundary, f"a window starts mid-word at {text[next_start - 8:next_start + 8]!r}"


def test_one_unbroken_token_longer_than_a_chunk_is_still_cut_to_fit(hf_tokenizer):
    blob = "x9" * 600  # a URL-like run with no spaces: no word boundary to cut at
    chunks = Chunker(ChunkingSettings(max_tokens=64, overlap_tokens=0)).chunk(doc(blob))
    assert "".join(c.text for c in chunks) == blob, "all of the unbroken run must be chunked, nothing lost"
    assert all(word_pieces(hf_tokenizer, c.text) <= 64 for c in chunks), "each cut of the run must fit 64 pieces"


def test_consecutive_chunks_overlap_when_sentences_are_short():
    text, _ = prose(60)
    chunks = Chunker(ChunkingSettings(max_tokens=128, overlap_tokens=40)).chunk(doc(text))
    assert len(chunks) > 3, "need several chunks to check the overlap"
    for a, b in zip(chunks, chunks[1:]):
        assert b.start < a.end, f"chunks {a.index} and {b.index} should share trailing sentences"
        assert b.end > a.end, f"chunk {b.index} must add text beyond chunk {a.index}"


def test_no_overlap_setting_gives_adjacent_chunks():
    text, _ = prose(60)
    chunks = Chunker(ChunkingSettings(max_tokens=128, overlap_tokens=0)).chunk(doc(text))
    for a, b in zip(chunks, chunks[1:]):
        assert b.start >= a.end, f"with overlap 0, chunk {b.index} must not repeat chunk {a.index}"


def test_overlap_never_yields_a_chunk_inside_the_previous_one():
    """Regression: carrying a short sentence before a long one gave a chunk holding only that repeated sentence."""
    short = "Officials met in Tokyo on {} to discuss rice and autos."
    long = ("The delegation led by the chief negotiator presented a detailed proposal covering automobile tariffs, "
            "agricultural quotas, semiconductor export controls, currency coordination and a timetable for "
            "follow-up ministerial meetings in Washington and Tokyo during the coming months of negotiation "
            "and beyond, officials said.")
    text = " ".join([short.format("Monday"), short.format("Tuesday"), long, short.format("Friday")])
    chunks = Chunker(ChunkingSettings(max_tokens=64, overlap_tokens=30)).chunk(doc(text))
    for a, b in zip(chunks, chunks[1:]):
        assert b.end > a.end, f"chunk {b.index} ({b.start}-{b.end}) only repeats chunk {a.index} ({a.start}-{a.end})"


def test_normal_prose_is_never_cut_mid_sentence():
    text, spans = prose(80, seed=3)
    starts, ends = {s for s, _ in spans}, {e for _, e in spans}
    chunks = Chunker(ChunkingSettings(max_tokens=100, overlap_tokens=30)).chunk(doc(text))
    assert len(chunks) > 5, "need several chunks to check the boundaries"
    for chunk in chunks:
        assert chunk.start in starts, f"chunk {chunk.index} starts mid-sentence: {chunk.text[:40]!r}"
        assert chunk.end in ends, f"chunk {chunk.index} ends mid-sentence: {chunk.text[-40:]!r}"


def test_pdf_chunks_carry_their_page_and_never_straddle_two(corpus_dir, make_pdf):
    pages = [[f"Page {p} line {n}: negotiators discussed tariff schedule item {p * 100 + n}." for n in range(30)]
             for p in (1, 2, 3)]
    (corpus_dir / "b.pdf").write_bytes(make_pdf(pages))
    document = load_document(corpus_dir / "b.pdf", corpus_dir)
    chunks = Chunker(ChunkingSettings(max_tokens=128, overlap_tokens=20)).chunk(document)
    assert {c.page for c in chunks} == {1, 2, 3}, f"every page should have chunks, got {sorted({c.page for c in chunks})}"
    spans = {p.page: p for p in document.pages}
    for chunk in chunks:
        span = spans[chunk.page]
        assert span.start <= chunk.start and chunk.end <= span.end, f"chunk {chunk.index} leaves page {chunk.page}"
        assert f"Page {chunk.page} line" in chunk.text, f"chunk {chunk.index} text is not from page {chunk.page}"


def test_plain_text_chunks_have_no_page():
    assert all(c.page is None for c in Chunker().chunk(doc(prose(10)[0]))), "a text file's chunks have page None"


def test_japanese_text_is_split_at_japanese_full_stops(hf_tokenizer):
    sentence = "日本政府は四月十六日に米国との閣僚級の関税協議を開始すると発表した。"
    text = sentence * 30
    chunks = Chunker(ChunkingSettings(max_tokens=100, overlap_tokens=0)).chunk(doc(text))
    assert len(chunks) > 1, "a long Japanese paragraph needs several chunks"
    for chunk in chunks:
        assert chunk.text.endswith("。"), f"chunk {chunk.index} should end at a Japanese full stop"
        assert word_pieces(hf_tokenizer, chunk.text) <= 100, f"chunk {chunk.index} is over 100 word pieces"


# pydantic wraps the validator's ConfigError (a ValueError) in its ValidationError, also a ValueError.
def test_chunk_settings_reject_overlap_not_smaller_than_size_naming_both_numbers():
    with pytest.raises(ValueError) as info:
        ChunkingSettings(max_tokens=200, overlap_tokens=300)
    assert "chunk overlap (300)" in str(info.value) and "chunk size (200)" in str(info.value), \
        f"message should give both numbers: {info.value}"
    with pytest.raises(ValueError, match=r"overlap \(120\).*size \(120\)"):
        ChunkingSettings(max_tokens=120, overlap_tokens=120)


def test_chunk_settings_reject_a_size_over_the_model_window_naming_both_numbers():
    with pytest.raises(ValueError) as info:
        ChunkingSettings(max_tokens=300, overlap_tokens=10)
    assert "300" in str(info.value) and str(MODEL_MAX_TOKENS) in str(info.value), \
        f"message should give the size and the model's window: {info.value}"


def test_chunk_settings_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("ASSISTANT_CHUNK_MAX_TOKENS", "128")
    monkeypatch.setenv("ASSISTANT_CHUNK_OVERLAP_TOKENS", "16")
    settings = ChunkingSettings()
    assert (settings.max_tokens, settings.overlap_tokens) == (128, 16), "ASSISTANT_CHUNK_* must override defaults"


def test_chunker_signature_changes_with_the_settings():
    a = Chunker(ChunkingSettings(max_tokens=180, overlap_tokens=60)).signature
    b = Chunker(ChunkingSettings(max_tokens=128, overlap_tokens=60)).signature
    assert a != b, "a change of chunk size must change the signature, so documents get re-chunked"
