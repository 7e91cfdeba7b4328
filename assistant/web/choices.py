"""Dropdowns over every document (the chat's document filter, "Document to delete"): a list of 1,500 documents cannot
be scrolled through, so a dropdown holds a few at a time, the ones matching what is typed in it (search as you type),
with those already chosen kept."""

from __future__ import annotations

from collections.abc import Callable

import gradio as gr

CHOICES_SHOWN = 50  # documents a dropdown offers at once


def _pairs(choices) -> list[tuple[str, str]]:
    return [(c, c) if isinstance(c, str) else (str(c[0]), str(c[1])) for c in choices]


def choices_shown(choices, query: str = "", selected=None, limit: int = CHOICES_SHOWN) -> list[tuple[str, str]]:
    """Up to `limit` of `choices` (doc ids, or (title, doc id) pairs) whose title or doc id holds every word of
    `query` (any case), after the `selected` ones (kept so that they stay chosen and named)."""
    pairs = _pairs(choices)
    chosen = [v for v in ([selected] if isinstance(selected, str) else list(selected or [])) if v]
    label = {value: name for name, value in pairs}
    shown = [(label.get(value, value), value) for value in chosen]
    words = (query or "").casefold().split()
    for name, value in pairs:
        if len(shown) >= limit + len(chosen):
            break
        if value not in chosen and all(w in f"{name}\n{value}".casefold() for w in words):
            shown.append((name, value))
    return shown


def note(total: int, limit: int = CHOICES_SHOWN) -> str:
    """The dropdown's info line: how to find a document not in the first few."""
    return f"{total:,} documents: type to find one" if total > limit else ""


def update(choices, query: str = "", selected=None, info: str = "", **extra) -> dict:
    """A gr.update of a document dropdown: the choices shown for `query`, the info line after `info`."""
    return gr.update(choices=choices_shown(choices, query, selected), info=" ".join(filter(None, [info, note(len(choices))])),
                     **extra)


def searchable(dropdown: gr.Dropdown, every_choice: Callable[[], list], info: str = "") -> None:
    """Search as you type in `dropdown`: each key typed offers the documents of `every_choice()` that match."""

    def typed(selected, data: gr.KeyUpData):
        return update(every_choice(), data.input_value, selected, info)

    dropdown.key_up(typed, inputs=dropdown, outputs=dropdown, queue=False, show_progress="hidden",
                    api_visibility="private")
