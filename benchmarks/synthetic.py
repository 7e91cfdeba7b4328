"""A deterministic synthetic corpus of news-like prose about trade talks, for benchmarks only."""

from __future__ import annotations

import random
from pathlib import Path

COUNTRIES = ["Japan", "South Korea", "Vietnam", "India", "Australia", "the United Kingdom", "Canada", "Mexico",
             "Brazil", "Indonesia", "Thailand", "Malaysia", "the Philippines", "Chile", "Peru", "Norway"]
OFFICIALS = ["the trade minister", "the finance minister", "the chief negotiator", "the prime minister",
             "a senior official", "the commerce secretary", "the deputy trade representative"]
TOPICS = ["steel tariffs", "automobile duties", "agricultural quotas", "currency policy", "energy cooperation",
          "digital trade rules", "semiconductor export controls", "fisheries subsidies", "LNG purchases"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
TEMPLATES = [
    "{c1} will open talks with {c2} on {m} {d} over {t}, according to officials familiar with the matter.",
    "{o} of {c1} said the {p}% duty on {t} would be reviewed before the end of {m}.",
    "Analysts expect {c2} to press {c1} on {t}, an issue raised at a meeting on {m} {d}.",
    "The delegation from {c1} plans to listen closely before tabling proposals on {t}.",
    "Officials in {c2} described the {p}% rate as a serious burden for exporters of {t}.",
    "{o} of {c2} warned that rushing the negotiations on {t} could ruin the outcome.",
    "Both sides agreed to hold a second round in {m}, with {t} and {t2} high on the agenda.",
    "Markets reacted calmly after {c1} said it had no plans to retaliate over {t}.",
]


def sentence(rng: random.Random) -> str:
    c1, c2 = rng.sample(COUNTRIES, 2)
    t, t2 = rng.sample(TOPICS, 2)
    text = rng.choice(TEMPLATES).format(c1=c1, c2=c2, o=rng.choice(OFFICIALS), t=t, t2=t2, m=rng.choice(MONTHS),
                                        d=rng.randint(1, 28), p=rng.choice([10, 15, 20, 24, 25, 30, 46]))
    return text[0].upper() + text[1:]


def article(rng: random.Random) -> str:
    words_wanted = rng.randint(150, 400)
    paragraphs, words = [], 0
    while words < words_wanted:
        para = " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
        paragraphs.append(para)
        words += len(para.split())
    return "\n\n".join(paragraphs)


def write_corpus(folder: Path, documents: int, seed: int = 7) -> Path:
    """Write `documents` articles as .txt files under `folder` (created) and return it."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(documents):
        (folder / f"article-{i:05d}.txt").write_text(article(rng), encoding="utf-8")
    return folder
