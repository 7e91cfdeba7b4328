"""The layout at phone widths (up to 640 px): the title on one line; on the chat page the conversation first, the
example questions between it and the question box, and the question box with Send beside it within the first
screen; the rows of the Documents table and of the Evaluation tab's failures as cards (each cell on a line of its
own, named)."""

from __future__ import annotations

from assistant.web.evaluation import FAIL_HEADERS

PHONE_MAX_PX = 640


def cards_css(elem_id: str, names: list[str]) -> str:
    """CSS (inside the phone's media query) that shows each row of the gr.Dataframe `elem_id` as a card: the first
    cell as its heading, every other on a line of its own after its name (`names`: of the second column on)."""
    table = f"#{elem_id}"
    names = "\n".join(f'  {table} .body-cell[data-col="{i}"] .cell-wrap::before {{content: "{name}";}}'
                      for i, name in enumerate(names, start=1))
    return f"""  {table} .header-table thead {{display: none;}}
  {table} .virtual-row {{display: flex; flex-direction: column; gap: 2px; padding: 10px 12px; box-sizing: border-box;
                         border-bottom: 1px solid var(--border-color-primary); font-family: var(--font);}}
  {table} .virtual-row .body-cell {{width: 100% !important; max-width: 100% !important; flex: 0 0 auto !important;
                                    box-shadow: none !important; border: none !important; padding: 0 !important;}}
  {table} .virtual-row .cell-wrap {{padding: 0 !important; min-height: 0 !important; gap: .6em; font-family: var(--font);
                                    line-height: 1.4;}}
  {table} .virtual-row .cell-wrap > span {{font-family: var(--font); line-height: 1.4; min-width: 0;
                                           overflow-wrap: anywhere;}}
  {table} .body-cell[data-col="0"] .cell-wrap > span {{font-weight: 600; font-size: 1.05em;}}
  {table} .body-cell:not([data-col="0"]) .cell-wrap::before {{flex: 0 0 5.5em; color: var(--body-text-color-subdued);}}
{names}"""


CSS = f"""
@media (max-width: {PHONE_MAX_PX}px) {{
  #header {{flex-wrap: wrap; align-items: center; gap: 4px;}}
  #app-title {{flex: 1 1 100% !important; min-width: 0 !important;}}
  #app-title h2 {{font-size: 1.05rem; line-height: 1.3; margin: 0; white-space: nowrap; overflow: hidden;
                  text-overflow: ellipsis;}}
  #signed-in {{flex: 1 1 auto !important;}}

  /* The chat page: its columns give up their boxes so that their parts can be put in reading order. */
  #chat-page {{flex-direction: column; flex-wrap: nowrap; align-items: stretch;}}
  #chat-main, #chat-side {{display: contents;}}
  #chat {{order: 1; height: max(300px, calc(100dvh - 300px)) !important;}}
  #chat-side > #examples {{order: 2;}}
  #ask-row {{order: 3;}}
  #right-answer {{order: 4;}}
  #chat-side > #new-chat {{order: 5;}}
  #chats {{order: 6;}}
  #chat-side > * {{order: 7;}}

  /* The examples: one row of chips that scrolls sideways. */
  #examples {{flex-direction: row; flex-wrap: nowrap; overflow-x: auto; align-items: center; gap: 8px;}}
  #examples > * {{flex: 0 0 auto !important; width: auto !important; min-width: 0 !important; white-space: nowrap;}}

  /* The question box and Send on one line. */
  #ask-row {{flex-wrap: nowrap; align-items: stretch;}}
  #ask-row > * {{min-width: 0 !important;}}
  #send {{flex: 0 0 auto !important; min-width: 4.5em !important; width: auto !important;}}

  /* The Documents list's search box on a line of its own, paging below it (a row of the Documents page). */
  .row:has(#documents-search) {{flex-wrap: wrap !important; align-items: center !important;}}
  .row:has(#documents-search) > :has(#documents-search), #documents-search {{flex: 1 1 100% !important;}}
  #documents-previous, #documents-next {{flex: 0 0 auto !important; min-width: 0 !important; width: auto !important;}}
  #documents-page {{flex: 1 1 0 !important; min-width: 0 !important; text-align: center;}}

  /* The Documents table and the Evaluation tab's failures: each row a card, its cells one under another, each
     named (cards_css). */
{cards_css("documents", ["File", "Type", "Chunks", "Indexed at", "Status"])}
{cards_css("eval-failures", [h.capitalize() for h in FAIL_HEADERS[1:]])}
}}
"""
