"""The assistant package. Importing it only readies what `assistant.lean_imports.lean_nltk` describes: NLTK, which
the sentence splitter imports on first use, comes without the scikit-learn and scipy.stats that it never needs."""

from assistant.lean_imports import lean_nltk

lean_nltk()
