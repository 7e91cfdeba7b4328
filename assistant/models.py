"""Kept for imports written before Passage, Citation and Answer moved to `assistant.answers` (issue 11.3);
new code imports from there."""

from assistant.answers import Answer, Citation, Passage

__all__ = ["Answer", "Citation", "Passage"]
