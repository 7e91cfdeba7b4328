"""Kept for imports written before the web app moved to `assistant.web` (issue 11.2); new code imports from there."""

from assistant.web.documents import document_rows, render_rebuild
from assistant.web.evaluation import render_report
from assistant.web.rendering import highlight, render_answer, render_citation, render_error, render_partial
from assistant.web.server import create_app, serve

__all__ = ["create_app", "document_rows", "highlight", "render_answer", "render_citation", "render_error",
           "render_partial", "render_rebuild", "render_report", "serve"]
