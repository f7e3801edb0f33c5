"""The clitic rule of the date stage, derived from the project's one clitic table
(``generator/arabic.py``: CLITICS), so a change there reaches dates, places and events alike.

``bare`` strips proclitics from a neighbouring word, ``CL`` is the optional clitic group
that starts every pattern, and ``VARIANT_PREFIXES`` the prefixes a lead word is looked for
with.
"""

from __future__ import annotations

from ..arabic import CLITICS, bare_forms, clitic_regex, is_definite
from . import tables as T

_CONJ = tuple(p.letter for p in CLITICS.conjunctions)
_PREPS = tuple(p.letter for p in CLITICS.prepositions if p.before_bare)

# The optional clitics before the first word of a pattern ({CL} in the tables' patterns).
CL = clitic_regex()
# The clitic prefixes a lead word of a pattern may carry in the text: none, a conjunction,
# a preposition, or a conjunction then a preposition.
VARIANT_PREFIXES = ("", *_CONJ, *_PREPS, *(c + p for c in _CONJ for p in _PREPS))
# The optional conjunction glued to a range opener or a future verb ("ومن", "وسيعقد").
CONJUNCTION = f"[{''.join(_CONJ)}]?"
# The optional clitic glued to the word after a day number ("3 وحتى", "5 بشهر").
AFTER_NUMBER = f"[{T.AFTER_NUMBER_CLITICS}]?"

_bare = bare_forms  # a word and its forms without one or two proclitics
_definite_noun = is_definite  # starts like a definite noun (ال, وال, بال, فال, لل)
