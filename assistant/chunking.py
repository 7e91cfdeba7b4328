"""Documents -> sentence-aware chunks that fit the embedding model's window, with exact offsets.

Chunks are packed from whole sentences up to `max_tokens` word pieces of the model's own tokenizer
(special tokens counted), with trailing sentences repeated as overlap. A sentence longer than a chunk
is cut at word-piece boundaries. Every chunk keeps the character offsets of its text in the document,
so a citation can point at the exact sentence. LlamaIndex's SentenceSplitter counts tokens with a
different tokenizer and loses the offsets of its overlap, so the packing is done here on top of
`assistant.text.sentence_spans` (paragraph-aware Punkt).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from assistant.documents import Document
from assistant.settings import ChunkingSettings
from assistant.text import sentence_spans

# Bump when the way chunks are cut changes, so `assistant index` re-chunks every document.
CHUNKER_VERSION = "6"  # 3: hard-wrapped lines read as paragraphs; 4: sentence vectors stored with each chunk;
# 5: a capitalized word after "U.S." continues the sentence; "i.e.", "e.g.", "Op." end none; 6: a body written in
# capitals wraps on from a line that ends mid-sentence



@dataclass(frozen=True)
class Chunk:
    """A passage of a document: `text == document.text[start:end]`."""

    index: int
    text: str
    start: int
    end: int
    page: int | None
    token_count: int
    # (start, end) in `text` of each word piece the model sees, specials included (empty spans): kept from the
    # chunker's own count so the embedder need not tokenize the chunk again to pool its sentences' vectors.
    token_offsets: tuple[tuple[int, int], ...] | None = field(default=None, compare=False, repr=False)


@functools.lru_cache(maxsize=1)
def tokenizer():
    """The embedding model's word-piece tokenizer, without truncation so overlong text can be measured."""
    from tokenizers import Tokenizer

    from assistant.embedding import model_path

    tok = Tokenizer.from_file(str(Path(model_path()) / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def count_tokens(text: str) -> int:
    """Word pieces the model sees for `text`, [CLS] and [SEP] included."""
    return len(tokenizer().encode(text).ids)


def token_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) in `text` of each word piece the model sees, [CLS] and [SEP] included (as (0, 0))."""
    return tokenizer().encode(text).offsets


class Chunker:
    """Cuts documents into chunks according to ChunkingSettings."""

    def __init__(self, settings: ChunkingSettings | None = None):
        self.settings = settings or ChunkingSettings()

    @property
    def signature(self) -> str:
        """Identifies the chunking, so a change of settings re-indexes documents."""
        return f"chunker{CHUNKER_VERSION}-{self.settings.max_tokens}-{self.settings.overlap_tokens}"

    def chunk(self, document: Document) -> list[Chunk]:
        chunks: list[Chunk] = []
        for page, start, end in document.sections():
            pieces = self._pieces(document.text, start, end)
            for a, b, offsets in self._pack(document.text, pieces):
                chunks.append(Chunk(len(chunks), document.text[a:b], a, b, page, len(offsets), tuple(offsets)))
        return chunks

    def _pieces(self, text: str, start: int, end: int) -> list[tuple[int, int, int]]:
        """Sentences as (start, end, word pieces without specials); overlong ones cut to fit."""
        limit = self.settings.max_tokens - 2
        pieces = []
        spans = sentence_spans(text, start, end)
        encodings = tokenizer().encode_batch([text[a:b] for a, b in spans], add_special_tokens=False)
        for (a, b), encoding in zip(spans, encodings):
            if len(encoding.ids) <= limit:
                pieces.append((a, b, len(encoding.ids)))
                continue
            pieces += self._cut(text, a, encoding, limit)
        return pieces

    @staticmethod
    def _cut(text: str, a: int, encoding, limit: int) -> list[tuple[int, int, int]]:
        """Cut an overlong sentence into windows of at most `limit` word pieces, at word boundaries.

        A window that starts mid-word ("##ization") re-tokenises into more pieces than it had, so
        windows end where a word starts, and each window's real count is checked.
        """
        offsets, words = encoding.offsets, encoding.word_ids
        pieces, i = [], 0
        while i < len(offsets):
            k = min(i + limit, len(offsets))
            if k < len(offsets):
                w = k
                while w > i + 1 and words[w] == words[w - 1]:
                    w -= 1
                if words[w] != words[w - 1]:
                    k = w  # else one word longer than the window: cut inside it
            start, end = a + offsets[i][0], a + offsets[k - 1][1]
            n = count_tokens(text[start:end]) - 2
            while n > limit and k > i + 1:
                k -= 1
                end = a + offsets[k - 1][1]
                n = count_tokens(text[start:end]) - 2
            pieces.append((start, end, n))
            i = k
        return pieces

    def _pack(self, text: str, pieces: list[tuple[int, int, int]]) -> list[tuple[int, int, list[tuple[int, int]]]]:
        """Greedy packing of whole pieces, then a few trailing pieces carried over as overlap.

        Returns (start, end, the chunk's word-piece offsets with specials) per chunk.
        """
        limit, overlap = self.settings.max_tokens, self.settings.overlap_tokens
        spans: list[tuple[int, int, list[tuple[int, int]]]] = []
        i = 0
        while i < len(pieces):
            j, used = i, 2
            while j < len(pieces) and used + pieces[j][2] <= limit:
                used += pieces[j][2]
                j += 1
            j = max(j, i + 1)
            a, b = pieces[i][0], pieces[j - 1][1]
            offsets = token_offsets(text[a:b])
            # Word pieces across a sentence boundary can merge rarely; shrink until the real count fits.
            while j - 1 > i and len(offsets) > limit:
                j -= 1
                b = pieces[j - 1][1]
                offsets = token_offsets(text[a:b])
            spans.append((a, b, offsets))
            if j >= len(pieces):
                break
            # Carry only what leaves room for the next piece, else the next chunk would repeat this one's tail.
            room = min(overlap, limit - 2 - pieces[j][2])
            back, carried = j, 0
            while back - 1 > i and carried + pieces[back - 1][2] <= room:
                carried += pieces[back - 1][2]
                back -= 1
            i = back
        return spans
