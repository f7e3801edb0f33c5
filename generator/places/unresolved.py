"""Names after place triggers that the gazetteer lacks, for editors (and the optional
geocoder) to add to a user gazetteer."""

from __future__ import annotations

import re

from ..arabic import has_article
from .gazetteer import Gazetteer
from .resolver import _resolve
from .stopdata import load_stop
from .tokens import readings

_ARABIC_START = re.compile(r"[\u0621-\u064a]")


def find_unresolved(text: str, gazetteer: Gazetteer) -> list[tuple[str, tuple[int, int]]]:
    """Names after place triggers (مدينة X, بلدة X ...) that the gazetteer lacks."""
    stop = load_stop()
    doc, results, cands = _resolve(text, gazetteer)
    covered: set[int] = set()
    for c in cands:
        covered.update(range(c.b, c.e))
    out = []
    toks = doc.toks
    for i in range(doc.n - 1):
        w = toks[i][0]
        if not any(stem in stop.unresolved_triggers for stem, _ in readings(w)):
            continue
        if not doc.joined(i):
            continue
        j = i + 1
        if j in covered:
            continue
        nxt = toks[j][0]
        if (nxt in stop.common_words or nxt in stop.not_places or nxt in stop.demonyms
                or nxt in stop.strong_triggers or nxt in stop.weak_triggers or nxt in stop.directions
                or nxt in stop.direction_adjectives or nxt.isdigit() or len(nxt) < 3
                or not _ARABIC_START.match(nxt)):
            continue
        if has_article(nxt) and nxt.endswith(stop.nisba_endings) and len(nxt) > 5:
            continue  # an adjective: المدينة الصناعية
        end = j + 1
        if nxt in stop.compound_heads and end < doc.n and doc.joined(j):
            end += 1
        b, e = toks[j][1], toks[end - 1][2]
        sb, se = doc.source_span(b, e)
        out.append((text[sb:se], (sb, se)))
    return out
