"""Sentence spans of an article (events are found sentence by sentence)."""

from __future__ import annotations

import re

from ..arabic import SENTENCE_END_MARKS

# A sentence ends at . ! ? ؟ … (arabic.SENTENCE_END_MARKS) followed by white space or a closing
# quote, or at a line break. Dots inside abbreviations such as "سي.إن.إن" are not followed by
# space, so they stay.
_SENTENCE_END = re.compile(rf"(?<=[{SENTENCE_END_MARKS}])[»\"')\]]*\s+|\n+")


def _separators(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the separators between sentences."""
    starts, ends = [], []
    for match in _SENTENCE_END.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
    return starts, ends


def _trim(text: str, begin: int, end: int) -> tuple[int, int] | None:
    segment = text[begin:end]
    lead = len(segment) - len(segment.lstrip())
    tail = len(segment.rstrip())
    return (begin + lead, begin + tail) if tail > lead else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[begin, end) spans of the sentences of a text, trimmed of surrounding white space."""
    starts, ends = _separators(text)
    bounds = zip([0] + ends, starts + [len(text)])
    return [span for b, e in bounds if (span := _trim(text, b, e)) is not None]
