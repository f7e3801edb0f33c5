"""The date stage: Arabic date expressions of an article, resolved against its publication date.

Read in the order a text goes through it:

``tables.py``
    The language data: weekdays, months (Gregorian and Hijri), holidays, relative and
    cue words, blockers, the phrase ``PATTERNS`` and their ``FRAGMENTS``, the joiners of
    double dates and ranges.  The only module where Arabic words appear.
``clitics.py``
    The clitic rule of the stage, derived from the project's one table (``arabic.CLITICS``).
``grammar.py``
    The tables compiled once: normalised vocabularies, character-trie alternations, the
    patterns and the lead words they start with, the head scans and character classes,
    the regexes of the text between two dates.
``resolvers.py``
    One resolver per kind of pattern (``RESOLVERS``): a match's named groups -> a calendar
    span, relative to the publication date.  ``Reject`` is the one "no date here" signal.
``engine.py``
    The driver: heads, matching, longest non-overlapping selection, merging of double
    dates and ranges, ``find_dates`` and ``DateMention``.
``hijri.py``
    Umm al-Qura conversions (a thin wrapper around ``hijridate``).

Only ``find_dates`` and ``DateMention`` are the stage's interface.
"""

from .engine import DateMention, find_dates

__all__ = ["DateMention", "find_dates"]
