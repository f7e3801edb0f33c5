"""Finding events in an article (being written: sentence-level for now)."""
from .sentences import build_events  # noqa: F401
