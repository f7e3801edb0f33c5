"""The clitic rule of the date stage, kept as it was, in one place until it is replaced.

The proclitics و ف ب ل glued to a word are handled here: ``_bare`` strips them from a
neighbouring word, ``CL`` is the optional clitic group that starts every pattern, and
``VARIANT_PREFIXES`` the prefixes a lead word is looked for with.  This module is the one
code module of the package that still names Arabic letters: the project's clitic table in
``generator/arabic.py`` is to replace it (tests/test_dates.py lists it as the exception).
"""

from __future__ import annotations

# The optional clitics before the first word of a pattern ({CL} in the tables' patterns).
CL = r"(?:[وف]?[بل]?)"
# The clitic prefixes a lead word of a pattern may carry in the text.
VARIANT_PREFIXES = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")
# The optional conjunction و / ف glued to a range opener or a future verb ("ومن", "وسيعقد").
CONJUNCTION = "[وف]?"
# The optional clitic و / ب glued to the word after a day number ("3 وحتى", "5 بشهر").
AFTER_NUMBER = "[وب]?"


def _bare(word: str) -> tuple[str, ...]:
    """A word and its forms without the clitics و ف ب ل (one or two of them)."""
    out = [word]
    if len(word) > 3 and word[0] in "وفبل":
        out.append(word[1:])
        if len(word) > 4 and word[1] in "بل":
            out.append(word[2:])
    return tuple(out)


def _definite_noun(word: str) -> bool:
    return word.startswith(("ال", "وال", "بال", "فال", "لل"))

