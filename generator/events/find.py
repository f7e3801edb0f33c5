"""Finding events in an article (being written: sentence-level for now)."""
from .sentences import build_events as _sentence_events


def build_events(text, published, dates, places, actors=None):
    return _sentence_events(text, published, dates, places)
