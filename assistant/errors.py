"""The few exception types the edges (CLI exit codes, UI messages) translate into one clear line."""


class AssistantError(Exception):
    """Base class: a problem the user can act on, with a message fit to show as is."""


class ConfigError(AssistantError, ValueError):
    """A setting is invalid (bad number, unreachable Chroma URL, missing folder)."""


class DocumentError(AssistantError):
    """One corpus file cannot be indexed; the message says why, the rest of the corpus goes on."""


class DocumentNotFoundError(AssistantError, LookupError):
    """No indexed document has this doc_id (or its file is no longer in the corpus folder)."""


class IndexBusyError(AssistantError):
    """Another rebuild holds the index; two writers at once could interleave."""


class IndexMissingError(AssistantError):
    """The index has not been built yet."""


class StoreError(AssistantError):
    """The vector store (local folder or Chroma server) failed or cannot be reached."""


class SuiteError(AssistantError, ValueError):
    """An evaluation suite file is malformed; the message names the line and the field."""


class QuestionError(AssistantError, ValueError):
    """The question cannot be asked as given (empty, far too long)."""
