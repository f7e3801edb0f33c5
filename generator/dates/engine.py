"""The driver of the date stage: heads, matches, selection, merging, ``find_dates``.

``find_dates`` normalises the text (keeping the way back to source offsets), finds the
heads where a pattern may start (``_heads``: one regex scan for lead words and numbers),
matches only the patterns that can start there, resolves the longest non-overlapping
matches against the publication date (``resolvers.resolve``), merges double dates and
ranges (``_merge``, with the grammar's gap regexes) and returns ``DateMention`` objects.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..arabic import normalise_lazy as normalise_with_offsets
from .grammar import _Grammar, _grammar, _needs_exact_heads
from .resolvers import D, _Ctx, resolve


@dataclass(frozen=True)
class DateMention:
    text: str
    offset: tuple[int, int]
    start: dt.date | None
    end: dt.date | None
    granularity: str
    rule: str
    anchor: dt.date

    def explain(self) -> str:
        return f"from «{self.text}» ({self.rule}), article of {self.anchor.isoformat()}"


# --------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------

@dataclass
class _Cand:
    s: int
    e: int
    start: D
    end: D
    gran: str
    rule: str
    explicit: bool
    order: int


_LETTERS_RE = re.compile(r"[^\W\d_]+")


def _heads(ntext: str, g: _Grammar):
    """(position, pattern indices) for every place a pattern may start."""
    if _needs_exact_heads(ntext):
        return _heads_exact(ntext, g)
    variants = g.variants
    out = [(m.start(1) - 1, variants[m.group(1)]) for m in g.word_head.finditer(" " + ntext)]
    dp = g.digit_patterns
    out += [(m.start(), dp) for m in g.digit_head_fast.finditer(ntext)]
    return out


def _heads_exact(ntext: str, g: _Grammar):
    """Reference implementation of ``_heads`` (character by character boundaries)."""
    out = []
    n = len(ntext)
    present = g.variants.keys() & set(_LETTERS_RE.findall(ntext))
    for v in present:
        idxs = g.variants[v]
        k = len(v)
        i = ntext.find(v)
        while i >= 0:
            if (i == 0 or not ntext[i - 1].isalpha()) and (i + k >= n or not ntext[i + k].isalpha()):
                out.append((i, idxs))
            i = ntext.find(v, i + k)
    for m in g.digit_head.finditer(ntext):
        out.append((m.start(), g.digit_patterns))
    return out


def _candidates(ntext: str, ctx: _Ctx, g: _Grammar) -> list[_Cand]:
    """Every match of every pattern, resolved (reference for ``_select_matches``)."""
    out = []
    for pos, idxs in _heads(ntext, g):
        for idx in idxs:
            name, kind, rx = g.patterns[idx]
            m = rx.match(ntext, pos)
            if not m or m.end() == pos:
                continue
            c = _resolve(g, m, ctx, kind, idx)
            if c is not None:
                out.append(c)
    return out


def _resolve(g: _Grammar, m: re.Match, ctx: _Ctx, kind: str, idx: int) -> _Cand | None:
    res = resolve(g, m, ctx, kind)
    if res is None:
        return None
    a, b, gran, rule = res[:4]
    explicit = res[4] if len(res) > 4 else True
    return _Cand(m.start(), m.end(), a, b, gran, rule, explicit, idx)


def _select(cands: list[_Cand]) -> list[_Cand]:
    cands.sort(key=lambda c: (-(c.e - c.s), c.s, c.order))
    taken: list[_Cand] = []
    used = _Spans()
    for c in cands:
        if used.free(c.s, c.e):
            used.take(c.s, c.e)
            taken.append(c)
    taken.sort(key=lambda c: c.s)
    return taken


class _Spans:
    """Which characters kept matches cover, so a test for overlap costs the length of the
    match, not the number of matches kept (a scan of the kept list made articles with many
    dates quadratic)."""

    def __init__(self) -> None:
        self._cover = bytearray()

    def free(self, s: int, e: int) -> bool:
        return 1 not in self._cover[s:e]

    def take(self, s: int, e: int) -> None:
        if len(self._cover) < e:
            self._cover.extend(bytes(e - len(self._cover)))
        self._cover[s:e] = b"\x01" * (e - s)


def _select_matches(ntext: str, ctx: _Ctx, g: _Grammar) -> list[_Cand]:
    """``_select(_candidates(...))`` resolving only the matches that can be kept.

    The longest non-overlapping resolved matches are kept, longest first; a match that
    overlaps one already kept is dropped whatever it resolves to, so it is not resolved.
    """
    found = []
    matchers = g.matchers
    for pos, idxs in _heads(ntext, g):
        for idx in idxs:
            m = matchers[idx](ntext, pos)
            if m is not None:
                e = m.end()
                if e != pos:
                    found.append((pos - e, pos, idx, e, m))
    if not found:
        return []
    found.sort(key=lambda f: f[:3])
    taken: list[_Cand] = []
    kinds = g.kinds
    used = _Spans()
    for _, s, idx, e, m in found:
        if used.free(s, e):
            c = _resolve(g, m, ctx, kinds[idx], idx)
            if c is not None:
                used.take(c.s, c.e)
                taken.append(c)
    taken.sort(key=lambda c: c.s)
    return taken


_ABSOLUTE_GRANS = {"day", "month", "year", "range", "quarter", "week"}


def _same_year_after(a: D, b: D) -> D:
    """``b`` moved to the first year where it does not fall before ``a``."""
    try:
        b2 = b.replace(year=a.year)
        return b2 if b2 >= a else b.replace(year=a.year + 1)
    except ValueError:
        return b


def _merge(cs: list[_Cand], t: str, g: _Grammar) -> list[_Cand]:
    out: list[_Cand] = []
    i = 0
    while i < len(cs):
        c = cs[i]
        if i + 1 < len(cs):
            n = cs[i + 1]
            gap = t[c.e:n.s]
            if g.double_gap.match(gap):
                keep = n if c.rule.startswith(("hijri", "numeric-hijri")) else c
                close = re.match(r"\s*[)\]]", t[n.e:n.e + 3])
                e = n.e + (close.end() if close else 0)
                out.append(_Cand(c.s, e, keep.start, keep.end, keep.gran, keep.rule + "+double-date",
                                 True, keep.order))
                i += 2
                continue
            opener = g.range_open.search(t[max(0, c.s - 6):c.s])
            if (g.range_join.match(gap) or (g.range_and.match(gap) and opener)) \
                    and c.gran in _ABSOLUTE_GRANS and n.gran in _ABSOLUTE_GRANS \
                    and (opener or gap.strip() in "-–") \
                    and not c.rule.startswith(("day-deixis", "weekday", "offset", "part-of-day")):
                a, b = c.start, n.end
                if not c.explicit and n.explicit:
                    try:
                        a = a.replace(year=n.start.year)
                        if a > n.start:
                            a = a.replace(year=a.year - 1)
                    except ValueError:
                        pass
                elif c.explicit and not n.explicit:  # "من 21 يونيو 2013 حتى 14 أغسطس"
                    b = _same_year_after(c.end, n.end)
                elif not c.explicit and not n.explicit and a > b:  # "21 أغسطس - 14 سبتمبر"
                    b = _same_year_after(a, b)
                if a <= b:
                    s = c.s - (len(opener.group().lstrip()) + (c.s - max(0, c.s - 6) - opener.end())
                               if opener else 0)
                    out.append(_Cand(s, n.e, a, b, "range", "range(" + c.rule + "," + n.rule + ")",
                                     True, c.order))
                    i += 2
                    continue
        out.append(c)
        i += 1
    return out


def find_dates(text: str, published: dt.date, *, week_start: int = 0) -> list[DateMention]:
    """All date expressions of ``text`` resolved against ``published``, sorted by offset."""
    if isinstance(published, dt.datetime):
        published = published.date()
    g = _grammar()
    nt = normalise_with_offsets(text)
    ctx = _Ctx(nt.text, published, week_start, g)
    cands = _merge(_select_matches(nt.text, ctx, g), nt.text, g)
    out = []
    for c in cands:
        b, e = nt.source_span(c.s, c.e)
        # drop trailing spaces the span may have captured
        while e > b and text[e - 1].isspace():
            e -= 1
        out.append(DateMention(text[b:e], (b, e), c.start, c.end, c.gran, c.rule, published))
    return out

