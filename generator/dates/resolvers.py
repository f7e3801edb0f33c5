"""Resolvers: the named groups of a pattern's match -> a calendar span.

Each pattern of ``tables.PATTERNS`` names its resolver by kind; ``RESOLVERS`` maps every
kind to a function ``(grammar, match, ctx, start, end)`` returning ``(first day, last day,
granularity, rule[, explicit])``.  The resolvers are generic calendar operations (shift a
day, take a week, pick a month in the past or the future, convert a Hijri date); the words
they test come from ``tables.py`` through ``grammar._W`` and the grammar's vocabularies.

"No date here" has one signal: ``Reject``.  ``resolve`` is the one place that maps the
calendar's own limits to it (see ``CALENDAR_LIMITS``); any other exception is a bug and
propagates out of ``find_dates``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import Any, Callable, Iterable, TypeVar

from . import hijri
from . import tables as T
from .clitics import _bare, _definite_noun
from .grammar import _FUTURE_WORD, _W, _definite_adjective, _Grammar

D = dt.date
ONE = dt.timedelta(days=1)

# --------------------------------------------------------------------------------------
# Calendar helpers
# --------------------------------------------------------------------------------------

def _month_range(y: int, m: int) -> tuple[D, D]:
    return D(y, m, 1), D(y, m, calendar.monthrange(y, m)[1])


def _shift_month(y: int, m: int, n: int) -> tuple[int, int]:
    i = y * 12 + m - 1 + n
    return i // 12, i % 12 + 1


def _week_of(d: D, week_start: int) -> tuple[D, D]:
    s = d - dt.timedelta(days=(d.weekday() - week_start) % 7)
    return s, s + dt.timedelta(days=6)


def _add_years(d: D, n: int) -> D:
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


def _add_months(d: D, n: int) -> D:
    y, m = _shift_month(d.year, d.month, n)
    return D(y, m, min(d.day, calendar.monthrange(y, m)[1]))


# --------------------------------------------------------------------------------------
# Matching context
# --------------------------------------------------------------------------------------

_SENT_START = re.compile(r"[.!?\n:;«»\"](?=[^.!?\n:;«»\"]*$)")
_TOKEN = re.compile(r"[^\W\d_]+|\d+|%")
_SENT_CHARS = '.!?\n:;«»"'


def _sentence_start(t: str, lo: int, s: int) -> int:
    """Same as ``m.end() if (m := _SENT_START.search(t, lo, s)) else lo`` without the
    regex's quadratic look-ahead: just after the last sentence mark in [lo, s) (a newline
    at s - 1 counts only when no other mark precedes it, as '$' matches before it)."""
    end = s - 1 if s - 1 >= lo and t[s - 1] == "\n" else s
    p = max([t.rfind(c, lo, end) for c in _SENT_CHARS])
    if p >= 0:
        return p + 1
    return s if end != s else lo


class _Ctx:
    """The normalised text, the publication date and the week start a match is read in."""

    def __init__(self, ntext: str, published: D, week_start: int, g: _Grammar):
        self.t = ntext
        self.pub = published
        self.ws = week_start
        self.g = g

    def prev_word(self, s: int) -> str:
        toks = _TOKEN.findall(self.t[max(0, s - 40):s])
        return toks[-1] if toks else ""

    def next_word(self, e: int) -> str:
        m = _TOKEN.search(self.t, e, min(len(self.t), e + 40))
        return m.group() if m else ""

    def adjacent_word(self, e: int) -> str:
        """The next word when only spaces separate it from ``e`` (no punctuation)."""
        m = _TOKEN.search(self.t, e, min(len(self.t), e + 40))
        return m.group() if m and (m.start() == e or self.t[e:m.start()].isspace()) else ""

    def gap_after(self, e: int) -> str:
        return self.t[e:e + 3]

    def future(self, s: int, e: int) -> bool:
        """Whether the sentence around [s, e) speaks of the future."""
        lo = max(0, s - 300)
        start = _sentence_start(self.t, lo, s)
        return bool(_FUTURE_WORD.search(self.t[start:s]) or _FUTURE_WORD.search(self.t[e:e + 25]))


# --------------------------------------------------------------------------------------
# Resolvers: named groups -> (start, end, granularity, rule suffix)
# --------------------------------------------------------------------------------------

class Reject(Exception):
    """A match that is no date: a blocked context, or a date the calendar does not have."""


# What the calendar itself raises at its limits, which ``resolve`` maps to ``Reject``:
# ``datetime.date`` raises ValueError for a day that does not exist (30 February, year 0
# or 10000, ``calendar.monthrange`` for month 0) and ``date ± timedelta`` raises
# OverflowError past 0001-01-01 or 9999-12-31 (an article dated 9999-12-31 that says
# «غدًا»).  Resolvers do not use ValueError for anything else: an empty choice of candidate
# dates raises Reject explicitly.
CALENDAR_LIMITS = (ValueError, OverflowError)


def _hijri_of(day: D) -> tuple[int, int, int]:
    """The Hijri date of ``day``; Reject outside the Umm al-Qura tables (1343-1500 AH)."""
    h = hijri.to_hijri(day)
    if h is None:
        raise Reject
    return h


_C = TypeVar("_C")


def _pick(choose: Callable[..., _C], options: Iterable[_C], **kw: Any) -> _C:
    """``min`` / ``max`` of the candidate dates, Reject when there is none."""
    options = list(options)
    if not options:
        raise Reject
    return choose(options, **kw)


@lru_cache(maxsize=8192)
def _ws(text: str) -> str:
    """``re.sub(r"\\s+", " ", text)``, memoised (matched groups repeat a lot)."""
    return re.sub(r"\s+", " ", text)


@lru_cache(maxsize=8192)
def _ws_strip(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _val(table: dict, text: str | None):
    if text is None:
        return None
    return table.get(_ws_strip(text))


def _month_value(g: _Grammar, text: str) -> int | None:
    first = _first_month_word(text)
    v = _val(g.vocab["MONN"], first)
    return v if v is not None else _val(g.vocab["MONPAIR"], first)


_MONTH_PAIR_SPLIT = re.compile(r"\s*[(/)]\s*")


@lru_cache(maxsize=4096)
def _first_month_word(text: str) -> str:
    return _MONTH_PAIR_SPLIT.split(text.strip())[0]


def _grp(m, name: str) -> str | None:
    """``m.groupdict().get(name)`` without building the whole dict."""
    return m.group(name) if name in m.re.groupindex else None


def _number(g: _Grammar, text: str | None) -> int | None:
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    v = _val(g.vocab["NUMW"], text)
    if v is None:
        v = _val(g.vocab["ORD"], text)
    return v


def _day_number(g: _Grammar, text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return _val(g.vocab["ORD"], text)


def _rel(g: _Grammar, m) -> int | None:
    rel = _grp(m, "rel")
    if rel:
        return _val(g.vocab["REL"], rel)
    if _grp(m, "dem"):
        return 0
    return None


def _year_ref(g: _Grammar, m, ctx: _Ctx) -> int | None:
    year = _grp(m, "year")
    if year:
        return int(year)
    yrel = _grp(m, "yrel")
    if yrel:
        return ctx.pub.year + _val(g.vocab["REL"], yrel)
    if _grp(m, "ydem") or _grp(m, "ythis"):
        return ctx.pub.year
    return None


def _pick_yearless(ctx: _Ctx, make, future: bool, s: int, e: int, wd: int | None = None):
    """Choose the year of a yearless date: by its weekday, else past or future reading."""
    cands = []
    for y in (ctx.pub.year - 1, ctx.pub.year, ctx.pub.year + 1):
        try:
            cands.append(make(y))
        except ValueError:
            pass
    if not cands:
        raise Reject
    if wd is not None:
        ok = [c for c in cands if c[0].weekday() == wd]
        if ok:
            return min(ok, key=lambda c: abs((c[0] - ctx.pub).days)), "weekday-year"
    if future:
        ok = [c for c in cands if c[1] >= ctx.pub]
        return _pick(min, ok, key=lambda c: c[0]), "future"
    near = [c for c in cands
            if 0 < (c[0] - ctx.pub).days <= T.YEARLESS_NEAR_FUTURE_DAYS and c[0].year == ctx.pub.year]
    if near:
        return near[0], "near-future"
    ok = [c for c in cands if c[0] <= ctx.pub]
    return _pick(max, ok, key=lambda c: c[0]), "past"


def _r_deixis(g, m, ctx, s, e):
    gd = m.groupdict()
    if gd.get("night"):
        d = ctx.pub + dt.timedelta(days=_val(g.vocab["NIGHT"], gd["night"]))
        return d, d, "day", "night-past"
    word = _ws(gd["deix"])
    off = g.vocab["DEIX"][word]
    if not gd.get("pod") and not gd.get("wd"):
        if ctx.prev_word(s) in _W.DEIXIS_BLOCK_BEFORE:
            raise Reject
        if word in _W.DEIXIS_NOUNS and not ctx.t.startswith(_W.DAY_NOUN, s):
            nxt = ctx.next_word(e)
            if nxt in _W.DEIXIS_BLOCK_AFTER or _definite_adjective(ctx.adjacent_word(e), g) \
                    or nxt in T.ORDINAL_UNITS:
                raise Reject
        if word in _W.DEIXIS_NAME_WORDS:
            t = ctx.t
            for before, after in _W.DEIXIS_NAME:
                if after.match(t, e) and before.search(t, max(0, s - 30), s):
                    raise Reject
    d = ctx.pub + dt.timedelta(days=off)
    rule = "day-deixis"
    if gd.get("wd"):
        rule += "+weekday"
    if gd.get("pod"):
        rule = "part-of-day+" + rule
    return d, d, "day", rule


def _r_unit_rel(g, m, ctx, s, e):
    gd = m.groupdict()
    unit = _val(g.vocab["UNITN"], gd["unit"])
    r = _rel(g, m)
    if r is None:
        raise Reject
    if gd["unit"] in _W.UNIT_NOUNS_ALSO_ADJECTIVES and not gd.get("dem"):
        pw = ctx.prev_word(s)
        if _definite_noun(pw) and pw not in _W.YEAR_ADJ_ALLOWED_BEFORE:
            raise Reject  # "الأمين العام": the adjective "general"
    hij = gd.get("hij") or gd.get("hij2")
    p = ctx.pub
    if unit == "day":
        d = p + dt.timedelta(days=r)
        return d, d, "day", "day-relative"
    if unit == "week":
        a, b = _week_of(p + dt.timedelta(days=7 * r), ctx.ws)
        return a, b, "week", "week-relative"
    if unit == "month":
        if hij:
            hy, hm, _ = _hijri_of(p)
            rng = hijri.month_range(*hijri.shift_month(hy, hm, r))
            if not rng:
                raise Reject
            return rng[0], rng[1], "month", "hijri-month-relative"
        a, b = _month_range(*_shift_month(p.year, p.month, r))
        return a, b, "month", "month-relative"
    if unit == "year":
        if hij:
            hy = _hijri_of(p)[0] + r
            rng = hijri.year_range(hy)
            if not rng:
                raise Reject
            return rng[0], rng[1], "year", "hijri-year-relative"
        return D(p.year + r, 1, 1), D(p.year + r, 12, 31), "year", "year-relative"
    if unit == "quarter":
        q = (p.month - 1) // 3 + r
        y = p.year + q // 4
        q %= 4
        return D(y, 3 * q + 1, 1), _month_range(y, 3 * q + 3)[1], "quarter", "quarter-relative"
    raise Reject


def _r_vague_period(g, m, ctx, s, e):
    unit, a, b = _val(g.vocab["VPER"], m.group("vper"))
    return ctx.pub + dt.timedelta(days=a), ctx.pub + dt.timedelta(days=b), "range", "vague-period"


def _weekday_near(pub: D, wd: int, direction: int, inclusive: bool) -> D:
    if direction < 0:
        delta = (pub.weekday() - wd) % 7
        if delta == 0 and not inclusive:
            delta = 7
        return pub - dt.timedelta(days=delta)
    delta = (wd - pub.weekday()) % 7
    if delta == 0 and not inclusive:
        delta = 7
    return pub + dt.timedelta(days=delta)


def _r_weekday(g, m, ctx, s, e):
    gd = m.groupdict()
    wd_word = _ws(gd["wd"])
    wd = g.vocab["WD"][wd_word]
    pw = ctx.prev_word(s)
    if gd.get("rel"):
        rw = _ws(gd["rel"])
        r = T.WEEKDAY_RELATIVE_OVERRIDE.get(rw, g.vocab["REL"][rw])
    elif gd.get("dem"):
        r = 0
    else:
        r = None
    if r is None:
        if pw in _W.WEEKDAY_BLOCK_BEFORE or (
                not gd.get("yawm") and not _W.WEEKDAY_PLACE_HEADS.isdisjoint(_bare(pw))):
            raise Reject
        if wd_word in _W.WEEKDAYS_NEED_CONTEXT and not gd.get("yawm") and not gd.get("pod"):
            raise Reject
        if ctx.future(s, e):
            d = _weekday_near(ctx.pub, wd, 1, True)
            return d, d, "day", "weekday-bare-future"
        d = _weekday_near(ctx.pub, wd, -1, True)
        return d, d, "day", "weekday-bare-past"
    if r == 0:
        a, _ = _week_of(ctx.pub, ctx.ws)
        d = a + dt.timedelta(days=(wd - ctx.ws) % 7)
        return d, d, "day", "weekday-this-week"
    d = _weekday_near(ctx.pub, wd, r, False) + dt.timedelta(days=7 * (r - (1 if r > 0 else -1)))
    return d, d, "day", "weekday-past" if r < 0 else "weekday-next"


def _r_weekday_week(g, m, ctx, s, e):
    gd = m.groupdict()
    r = _rel(g, m)
    if r is None:
        raise Reject
    wdw = _ws(gd["wd"])
    wd = g.vocab["WD"].get(wdw, g.vocab["WDB"].get(wdw))
    a, _ = _week_of(ctx.pub + dt.timedelta(days=7 * r), ctx.ws)
    d = a + dt.timedelta(days=(wd - ctx.ws) % 7)
    return d, d, "day", "weekday-of-relative-week"


def _month_ref(g, m, ctx, s, e) -> tuple[D, D]:
    """The month a MREF + YR group set names, as a date range."""
    gd = m.groupdict()
    y = _year_ref(g, m, ctx)
    if gd.get("hmon"):
        hm = _val(g.vocab["HMON"], gd["hmon"])
        if y is None:
            hy = _hijri_of(ctx.pub)[0]
        elif y < 1600:
            hy = y
        else:
            hy = _hijri_of(D(y, 1, 1))[0]
            if gd.get("yrel") or gd.get("ydem"):
                hy = _hijri_of(ctx.pub)[0] + (y - ctx.pub.year)
        rng = hijri.month_range(hy, hm)
        if not rng:
            raise Reject
        return rng
    if gd.get("mon") or gd.get("monn"):
        mo = _month_value(g, gd["mon"]) if gd.get("mon") else _number(g, gd["monn"])
        if not mo or not 1 <= mo <= 12:
            raise Reject
        if y is None:
            y = ctx.pub.year if mo <= ctx.pub.month else ctx.pub.year - 1
        return _month_range(y, mo)
    r = 0
    if gd.get("mrel"):
        r = _val(g.vocab["REL"], gd["mrel"])
    return _month_range(*_shift_month(ctx.pub.year, ctx.pub.month, r))


def _nth_in(days: list[D], nth: int) -> D:
    if nth == -1:
        return days[-1]
    if nth - 1 >= len(days):
        raise Reject
    return days[nth - 1]


def _r_nth_weekday(g, m, ctx, s, e):
    gd = m.groupdict()
    nth = _val(g.vocab["NTH"], gd.get("nth") or gd.get("nth2"))
    wdw = _ws(gd.get("wd") or gd.get("wd2"))
    wd = g.vocab["WD"].get(wdw, g.vocab["WDB"].get(wdw))
    a, b = _month_ref(g, m, ctx, s, e)
    days = [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]
    d = _nth_in([x for x in days if x.weekday() == wd], nth)
    return d, d, "day", "nth-weekday-of-month"


def _r_nth_day(g, m, ctx, s, e):
    gd = m.groupdict()
    nth = _val(g.vocab["NTH"], gd.get("nth") or gd.get("nth2"))
    a, b = _month_ref(g, m, ctx, s, e)
    days = [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]
    d = _nth_in(days, nth)
    return d, d, "day", "nth-day-of-month"


def _r_nth_week(g, m, ctx, s, e):
    gd = m.groupdict()
    nth = _val(g.vocab["NTH"], gd.get("nth") or gd.get("nth2"))
    a, b = _month_ref(g, m, ctx, s, e)
    starts = []
    d = a
    while d + dt.timedelta(days=6) <= b:
        if d.weekday() == ctx.ws:
            starts.append(d)
        d += ONE
    w = _nth_in(starts, nth)
    return w, w + dt.timedelta(days=6), "week", "nth-week-of-month"


def _unit_delta(pub: D, unit: str, n: int, hij: bool) -> D:
    if unit == "day":
        return pub + dt.timedelta(days=n)
    if unit == "week":
        return pub + dt.timedelta(days=7 * n)
    if unit == "month":
        return _add_months(pub, n)
    if hij:
        hy, hm, hd = _hijri_of(pub)
        d = hijri.to_gregorian(hy + n, hm, min(hd, 29))
        if d is None:
            raise Reject
        return d
    return _add_years(pub, n)


def _r_offset(g, m, ctx, s, e):
    gd = m.groupdict()
    sign = _val(g.vocab["DIR"], gd["dir"])
    unit_word = _ws(gd["unit"])
    unit, count = g.vocab["UNIT"][unit_word]
    nxt = ctx.next_word(e)
    pw = ctx.prev_word(s)
    if (nxt in _W.OFFSET_BLOCK_AFTER and not gd.get("wd")) or pw == unit_word \
            or re.match(r"\s*\d", ctx.t[e:e + 3]):
        raise Reject
    if unit_word in _W.OFFSET_CONSTRUCT_UNITS and not gd.get("num") and not gd.get("vague") \
            and not gd.get("wd") and not gd.get("past") and _definite_noun(nxt) \
            and nxt not in g.vocab["REL"] and nxt not in _W.NOT_DEFINITE_NOUNS \
            and ctx.adjacent_word(e) == nxt:
        raise Reject  # "قبل يوم الزفاف": before the wedding day
    hij = bool(gd.get("hij"))
    n = None
    if gd.get("num"):
        n = _number(g, gd["num"])
        if gd.get("num2"):
            n += _number(g, gd["num2"]) or 0
    elif count is not None and not gd.get("vague"):
        n = count
    p = ctx.pub
    if n is None:  # vague: "قبل أيام", "بعد عدة أشهر"
        if sign == 0:
            raise Reject
        win = T.VAGUE_WINDOWS.get((unit, sign))
        if not win:
            raise Reject
        wunit, a, b = win
        if wunit == "day":
            return p + dt.timedelta(days=a), p + dt.timedelta(days=b), "range", "offset-vague"
        y1, m1 = _shift_month(p.year, p.month, a)
        y2, m2 = _shift_month(p.year, p.month, b)
        return _month_range(y1, m1)[0], _month_range(y2, m2)[1], "range", "offset-vague"
    if sign == 0:  # "خلال عامين": a duration from (or up to) now
        if gd.get("past"):
            return _unit_delta(p, unit, -n, hij), p, "range", "within-past"
        return p, _unit_delta(p, unit, n, hij), "range", "within-next"
    target = _unit_delta(p, unit, sign * n, hij)
    if gd.get("wd"):
        wd = g.vocab["WD"][_ws(gd["wd"])]
        a, _ = _week_of(target, ctx.ws)
        d = a + dt.timedelta(days=(wd - ctx.ws) % 7)
        return d, d, "day", "offset+weekday"
    if unit in ("day", "week"):
        return target, target, "day", f"offset-{unit}s"
    if unit == "month":
        a, b = _month_range(target.year, target.month)
        return a, b, "month", "offset-months"
    if hij:
        hy = _hijri_of(target)[0]
        rng = hijri.year_range(hy)
        if not rng:
            raise Reject
        return rng[0], rng[1], "year", "offset-hijri-years"
    return D(target.year, 1, 1), D(target.year, 12, 31), "year", "offset-years"


def _ord_blocked(ctx, s, day_text) -> bool:
    """An ordinal right after a definite noun is its adjective ("الأسبوع الأول")."""
    if day_text.isdigit() or not day_text.startswith(_W.DEFINITE_ARTICLE):
        return False
    pw = ctx.prev_word(s)
    return _definite_noun(pw) and pw not in _W.ORDINAL_DAY_AFTER


def _r_day_month(g, m, ctx, s, e):
    gd = m.groupdict()
    day = _day_number(g, gd["day"])
    mo = _month_value(g, gd["mon"])
    if not day or not mo or day > 31:
        raise Reject
    if not gd.get("wd") and _ord_blocked(ctx, s, gd["day"]):
        raise Reject
    wd = _val(g.vocab["WD"], gd.get("wd"))
    y = _year_ref(g, m, ctx)
    if y is not None:
        d = D(y, mo, day)
        return d, d, "day", "day-month-year"
    r = _rel(g, m)
    if r == 0:  # "19 من أغسطس الجاري": the current year
        d = D(ctx.pub.year, mo, day)
        return d, d, "day", "day-month-current", False
    if r is not None:
        cands = []
        for yy in range(ctx.pub.year - 3, ctx.pub.year + 4):
            try:
                cands.append(D(yy, mo, day))
            except ValueError:
                pass
        if r > 0:
            ok = sorted(c for c in cands if c > ctx.pub)
        else:
            ok = sorted((c for c in cands if c < ctx.pub), reverse=True)
        if len(ok) < abs(r):
            raise Reject
        d = ok[abs(r) - 1]
        return d, d, "day", "day-month-relative", False
    (d, _), how = _pick_yearless(ctx, lambda yy: (D(yy, mo, day), D(yy, mo, day)),
                                 ctx.future(s, e), s, e, wd)
    return d, d, "day", f"day-month-{how}", False


def _r_hijri(g, m, ctx, s, e):
    gd = m.groupdict()
    hm = _val(g.vocab["HMON"], gd["hmon"])
    day = _day_number(g, gd["day"]) if gd.get("day") else None
    y = _year_ref(g, m, ctx)
    hmon_word = _ws(gd["hmon"])
    if hmon_word in _W.HIJRI_MONTHS_NEED_CONTEXT and day is None and y is None \
            and _W.MONTH_NOUN not in m.group(0):
        raise Reject
    if day is not None and not gd.get("wd") and _ord_blocked(ctx, s, gd["day"]):
        raise Reject
    explicit = y is not None
    if y is not None:
        if gd.get("yrel") or gd.get("ydem"):
            hy = _hijri_of(ctx.pub)[0] + (y - ctx.pub.year)
            years = [hy]
        elif y < 1600:
            years = [y]
        else:  # a Hijri month in a Gregorian year ("رمضان 2019")
            h0 = _hijri_of(D(y, 1, 1))
            years = [h0[0], h0[0] + 1]
    else:
        h0 = _hijri_of(ctx.pub)
        years = [h0[0] - 2, h0[0] - 1, h0[0], h0[0] + 1]
    cands = []
    for hy in years:
        rng = hijri.month_range(hy, hm)
        if rng is None:
            continue
        if day is not None:
            d = hijri.to_gregorian(hy, hm, day)
            if d is None:
                continue
            rng = (d, d)
        if y is not None and y >= 1600 and not (gd.get("yrel") or gd.get("ydem")) \
                and rng[0].year != y:
            continue
        cands.append(rng)
    if not cands:
        raise Reject
    gran = "day" if day is not None else "month"
    if explicit:
        a, b = cands[0]
        how = "hijri-date" if day is not None else "hijri-month"
    else:
        r = _rel(g, m)
        if r is not None and r != 0:
            if r > 0:
                ok = [c for c in cands if c[0] > ctx.pub]
                a, b = ok[r - 1] if len(ok) >= r else (None, None)
            else:
                ok = [c for c in cands if c[1] < ctx.pub][::-1]
                a, b = ok[-r - 1] if len(ok) >= -r else (None, None)
            if a is None:
                raise Reject
            how = "hijri-month-relative"
        elif ctx.future(s, e):
            a, b = _pick(min, (c for c in cands if c[1] >= ctx.pub), key=lambda c: c[0])
            how = "hijri-month-future"
        else:
            a, b = _pick(max, (c for c in cands if c[0] <= ctx.pub), key=lambda c: c[0])
            how = "hijri-month-past"
    if gd.get("part") and day is None:
        p = _val(g.vocab["PART"], gd["part"])
        lo, hi = T.PART_RANGES[("month", p)]
        last = (b - a).days + 1
        a, b = a + dt.timedelta(days=lo - 1), a + dt.timedelta(days=(hi or last) - 1)
        gran = "range" if a != b else "day"
        how += "-part"
    return a, b, gran, how, explicit


def _r_day_relmonth(g, m, ctx, s, e):
    gd = m.groupdict()
    day = _day_number(g, gd["day"])
    if not day or day > 31:
        raise Reject
    if not gd.get("wd") and _ord_blocked(ctx, s, gd["day"]):
        raise Reject
    r = _rel(g, m)
    y, mo = _shift_month(ctx.pub.year, ctx.pub.month, r or 0)
    d = D(y, mo, day)
    return d, d, "day", "day-of-relative-month"


def _r_weekday_day(g, m, ctx, s, e):
    """Weekday + ordinal day ("الخميس الخامس"): the nearby month where that day has that weekday."""
    gd = m.groupdict()
    day = _day_number(g, gd["day"])
    if not day or day > 31:
        raise Reject
    wd = _val(g.vocab["WD"], gd.get("wd"))
    if wd is None:
        raise Reject
    for k in (0, -1, 1, -2, 2):
        y, mo = _shift_month(ctx.pub.year, ctx.pub.month, k)
        try:
            d = D(y, mo, day)
        except ValueError:
            continue
        if d.weekday() == wd:
            return d, d, "day", "weekday-ordinal-day"
    raise Reject


def _parts(g, gd, unit, a_year, a_month=None):
    p = _val(g.vocab["PART"], gd["part"])
    lo, hi = T.PART_RANGES[(unit, p)]
    if unit == "month":
        first, last = _month_range(a_year, a_month)
        a = first.replace(day=lo)
        b = last if hi is None else first.replace(day=hi)
        return a, b
    return D(a_year, lo, 1), _month_range(a_year, hi)[1]


def _r_month(g, m, ctx, s, e):
    gd = m.groupdict()
    if gd.get("mon"):
        mo = _month_value(g, gd["mon"])
    else:
        mo = _number(g, gd["monn"])
    if not mo or not 1 <= mo <= 12:
        raise Reject
    y = _year_ref(g, m, ctx)
    r = _rel(g, m)
    explicit = y is not None
    p = ctx.pub
    how = "month-year"
    if y is None and r is not None:
        cur = p.year * 12 + p.month - 1
        if r == 0:
            y = p.year
        elif r > 0:
            y = p.year if (p.year * 12 + mo - 1) > cur else p.year + 1
            y += r - 1
        else:
            y = p.year if (p.year * 12 + mo - 1) < cur else p.year - 1
            y += r + 1
        how = "month-relative"
    elif y is None:
        mon_text = _ws(gd.get("mon") or "")
        paired = bool(re.search(r"[(/]", mon_text))
        if mon_text in _W.MONTHS_NEED_CONTEXT and not gd.get("shahr") and not paired \
                and not gd.get("part"):
            raise Reject
        if ctx.future(s, e):
            y = p.year if mo >= p.month else p.year + 1
            how = "month-future"
        else:
            y = p.year if mo <= p.month else p.year - 1
            how = "month-past"
    if not 1 <= y <= 9999:
        raise Reject
    if gd.get("part"):
        a, b = _parts(g, gd, "month", y, mo)
        return a, b, "range" if a != b else "day", how + "-part", explicit
    a, b = _month_range(y, mo)
    return a, b, "month", how, explicit


def _hijri_numeric(y, mo, d):
    r = hijri.to_gregorian(y, mo, d)
    if r is None:
        raise Reject
    return r


def _r_numeric(g, m, ctx, s, e):
    gd = m.groupdict()
    a, b, c = gd["a"], gd["b"], gd.get("c")
    hm = bool(gd.get("hm"))
    wd = _val(g.vocab["WD"], gd.get("wd"))
    if c is None:
        day, mo = int(a), int(b)
        if not (1 <= mo <= 12 and 1 <= day <= 31):
            raise Reject
        (d, _), how = _pick_yearless(ctx, lambda yy: (D(yy, mo, day), D(yy, mo, day)),
                                     ctx.future(s, e), s, e, wd)
        return d, d, "day", f"numeric-day-month-{how}", False
    if len(a) == 4:
        y, mo, day = int(a), int(b), int(c)
    elif len(c) == 4:
        day, mo, y = int(a), int(b), int(c)
        if mo > 12 and day <= 12:
            day, mo = mo, day
    elif len(c) == 2 and len(a) <= 2:
        # dateparser needs one of the three numbers to be a month and another a day:
        # scores such as "73-75-88" are rejected without calling it
        nums = (int(a), int(b), int(c))
        if not any(1 <= nums[i] <= 12 and 1 <= nums[j] <= 31
                   for i in range(3) for j in range(3) if i != j):
            raise Reject
        return _dateparser_span(m.group(0), ctx)
    else:
        raise Reject
    if hm or 1300 <= y <= 1500:
        d = _hijri_numeric(y, mo, day)
        return d, d, "day", "numeric-hijri"
    d = D(y, mo, day)
    return d, d, "day", "numeric-date"


def _r_numeric_month(g, m, ctx, s, e):
    mo, y = int(m.group("b")), int(m.group("c"))
    if not (1 <= mo <= 12 and 1900 <= y <= 2100):
        raise Reject
    a, b = _month_range(y, mo)
    return a, b, "month", "numeric-month-year"


def _r_iso_week(g, m, ctx, s, e):
    wn = int(m.group("wn"))
    y = int(m.group("year")) if m.group("year") else ctx.pub.year
    a = D.fromisocalendar(y, wn, 1)
    return a, a + dt.timedelta(days=6), "week", "iso-week"


def _r_week_of(g, m, ctx, s, e):
    mo = _month_value(g, m.group("mon"))
    y = _year_ref(g, m, ctx) or ctx.pub.year
    d = D(y, mo, int(m.group("day")))
    a, b = _week_of(d, ctx.ws)
    return a, b, "week", "week-of-date"


def _year_blocked(ctx, s, e) -> bool:
    nxt = ctx.next_word(e)
    return nxt in _W.QUANTITY_WORDS or ctx.prev_word(s) in _W.QUANTITY_BEFORE or \
        ctx.t[e:e + 2].strip().startswith("%")


def _r_year(g, m, ctx, s, e):
    gd = m.groupdict()
    y = int(gd["year"])
    era = gd.get("era")
    if era and era in g.vocab["HM"]:
        rng = hijri.year_range(y)
        if not rng:
            raise Reject
        return rng[0], rng[1], "year", "hijri-year"
    if not gd.get("kw") and not era:
        if not 1900 <= y <= 2100 or _year_blocked(ctx, s, e) or ctx.t[s - 1:s] in "-/.:," \
                or _W.DECIMAL_AFTER_NUMBER.match(ctx.t, e) \
                or (y > ctx.pub.year + T.BARE_YEAR_MAX_AHEAD
                    and ctx.prev_word(s) not in _W.BARE_YEAR_MARKERS):
            if s > 0:
                raise Reject
    if not 1000 <= y <= 2200 and not era:
        raise Reject
    if gd.get("part"):
        a, b = _parts(g, gd, "year", y)
        return a, b, "range", "year-part"
    return D(y, 1, 1), D(y, 12, 31), "year", "year"


def _r_year_range(g, m, ctx, s, e):
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    if m.group("join") in _W.YEAR_RANGE_JOINERS_NEED_OPENER and ctx.prev_word(s) not in _W.YEAR_RANGE_OPENERS:
        raise Reject
    if not (1000 <= y1 < y2 <= 2200):
        raise Reject
    era = _grp(m, "era")
    if era and era in g.vocab["HM"]:  # "1433 - 1434 هـ"
        r1, r2 = hijri.year_range(y1), hijri.year_range(y2)
        if not r1 or not r2:
            raise Reject
        return r1[0], r2[1], "range", "hijri-year-range"
    return D(y1, 1, 1), D(y2, 12, 31), "range", "year-range"


def _r_day_range(g, m, ctx, s, e):
    gd = m.groupdict()
    d1, d2 = int(gd["d1"]), int(gd["d2"])
    mo = _month_value(g, gd["mon"])
    if not (1 <= d1 < d2 <= 31) or not mo:
        raise Reject
    y = _year_ref(g, m, ctx)
    if y is None:
        (a, b), _ = _pick_yearless(ctx, lambda yy: (D(yy, mo, d1), D(yy, mo, d2)),
                                   ctx.future(s, e), s, e)
    else:
        a, b = D(y, mo, d1), D(y, mo, d2)
    return a, b, "range", "day-range"


def _r_quarter(g, m, ctx, s, e):
    gd = m.groupdict()
    unit = gd["qunit"]
    qn = int(gd["qn"]) if gd["qn"].isdigit() else _val(g.vocab["NTH"], gd["qn"])
    y = _year_ref(g, m, ctx)
    size = _W.QUARTER_UNITS[unit]
    count = 12 // size
    if y is None:
        if size != 3 or unit in _W.QUARTER_UNITS_NEED_YEAR:
            raise Reject
        y = ctx.pub.year
    if qn == -1:
        qn = count
    if not qn or not 1 <= qn <= count:
        raise Reject
    a = D(y, size * (qn - 1) + 1, 1)
    b = _month_range(y, size * qn)[1]
    return a, b, "quarter" if size == 3 else "range", {3: "quarter", 6: "half", 4: "third"}[size]


def _reject_year_kind(g, ctx, e):
    """"العام الدراسي", "السنة المالية": a school or fiscal year, not the calendar one."""
    nxt = ctx.adjacent_word(e)
    if nxt not in _W.YEAR_ADJ_CALENDAR and _definite_adjective(nxt, g):
        raise Reject


def _r_part_of(g, m, ctx, s, e):
    gd = m.groupdict()
    r = _rel(g, m) or 0
    unit = g.vocab["UNITN"][_ws(gd["unit"])]
    p = ctx.pub
    part = _val(g.vocab["PART"], gd["part"])
    if unit == "month":
        y, mo = _shift_month(p.year, p.month, r)
        a, b = _parts(g, gd, "month", y, mo)
        return a, b, "range" if a != b else "day", "month-part"
    if unit == "week":
        if (("week", part)) not in T.PART_RANGES:
            raise Reject
        ws, _ = _week_of(p + dt.timedelta(days=7 * r), ctx.ws)
        lo, hi = T.PART_RANGES[("week", part)]
        return ws + dt.timedelta(days=lo), ws + dt.timedelta(days=hi), "range", "week-part"
    if gd.get("hij"):
        raise Reject
    if not gd.get("rel"):
        _reject_year_kind(g, ctx, e)
    a, b = _parts(g, gd, "year", p.year + r)
    return a, b, "range" if a != b else "day", "year-part"


def _r_season(g, m, ctx, s, e):
    gd = m.groupdict()
    m1, m2 = _val(g.vocab["SEASON"], gd["season"])
    y = int(gd["year"]) if gd.get("year") else None

    def span(yy):
        if m1 > m2:  # winter: Dec of the year before to Feb
            return D(yy - 1, m1, 1), _month_range(yy, m2)[1]
        return D(yy, m1, 1), _month_range(yy, m2)[1]
    if y is not None:
        a, b = span(y)
        return a, b, "range", "season-year"
    r = _rel(g, m)
    if r is None:
        raise Reject
    p = ctx.pub
    spans = [span(yy) for yy in range(p.year - 3, p.year + 4)]
    if r == 0:
        cur = [x for x in spans if x[0] <= p <= x[1]] or [x for x in spans if x[0].year == p.year]
        a, b = cur[0]
    elif r < 0:
        ok = [x for x in spans if x[1] < p][::-1]
        a, b = ok[-r - 1]
    else:
        ok = [x for x in spans if x[0] > p]
        a, b = ok[r - 1]
    return a, b, "range", "season-relative"


def _r_decade(g, m, ctx, s, e):
    y = _val(g.vocab["DECADE"], m.group("decade"))
    return D(y, 1, 1), D(y + 9, 12, 31), "range", "decade"


def _holiday_date(spec, y_hijri=None, y_greg=None):
    if spec[0] == "easter":
        from dateutil.easter import easter
        return easter(y_greg)
    if spec[0] == "gregorian":
        return D(y_greg, spec[1], spec[2])
    return hijri.to_gregorian(y_hijri, spec[1], spec[2])


def _r_holiday(g, m, ctx, s, e):
    gd = m.groupdict()
    spec = _val(g.vocab["HOL"], gd["hol"])
    p = ctx.pub
    if gd.get("year"):
        y = int(gd["year"])
        if spec[0] == "hijri":
            h0 = _hijri_of(D(y, 1, 1))
            cands = [c for c in (_holiday_date(spec, h0[0]), _holiday_date(spec, h0[0] + 1))
                     if c and c.year == y]
            if not cands:
                raise Reject
            d = cands[0]
        else:
            d = _holiday_date(spec, y_greg=y)
        how = "holiday-year"
    else:
        if spec[0] == "hijri":
            h0 = _hijri_of(p)
            cands = [_holiday_date(spec, hy) for hy in range(h0[0] - 2, h0[0] + 3)]
        else:
            cands = [_holiday_date(spec, y_greg=yy) for yy in range(p.year - 2, p.year + 3)]
        cands = sorted(c for c in cands if c)
        r = _rel(g, m)
        if r is not None and r != 0:
            ok = [c for c in cands if c > p] if r > 0 else [c for c in cands if c < p][::-1]
            if len(ok) < abs(r):  # past the Umm al-Qura tables
                raise Reject
            d = ok[abs(r) - 1]
            how = "holiday-relative"
        elif ctx.future(s, e):
            d = _pick(min, (c for c in cands if c >= p))
            how = "holiday-future"
        else:
            d = _pick(min, cands, key=lambda c: (abs((c - p).days), c > p))
            how = "holiday-nearest"
    pre = _val(g.vocab["HOLPRE"], gd.get("pre"))
    if pre == "after":
        return d, _month_range(d.year, d.month)[1], "range", how + "-after"
    if pre == "before":
        return D(d.year, d.month, 1), d - ONE, "range", how + "-before"
    return d, d, "day", how


def _dateparser_span(span: str, ctx: _Ctx):
    import dateparser
    r = dateparser.parse(span, settings={"DATE_ORDER": "DMY", "RELATIVE_BASE":
                                         dt.datetime.combine(ctx.pub, dt.time()),
                                         "PREFER_DATES_FROM": "past"})
    if r is None:
        raise Reject
    d = r.date()
    return d, d, "day", "dateparser"


def _r_dateparser(g, m, ctx, s, e):
    return _dateparser_span(m.group("dp"), ctx)


Resolver = Callable[..., tuple]

RESOLVERS: dict[str, Resolver] = {
    "deixis": _r_deixis, "unit-rel": _r_unit_rel, "vague-period": _r_vague_period,
    "weekday": _r_weekday, "weekday-week": _r_weekday_week, "nth-weekday": _r_nth_weekday,
    "nth-day": _r_nth_day, "nth-week": _r_nth_week, "offset": _r_offset,
    "day-month": _r_day_month, "hijri": _r_hijri, "day-relmonth": _r_day_relmonth,
    "weekday-day": _r_weekday_day,
    "month": _r_month, "numeric": _r_numeric, "numeric-month": _r_numeric_month,
    "iso-week": _r_iso_week, "week-of": _r_week_of, "year": _r_year,
    "year-range": _r_year_range, "day-range": _r_day_range, "quarter": _r_quarter,
    "part-of": _r_part_of, "season": _r_season, "decade": _r_decade, "holiday": _r_holiday,
    "dateparser": _r_dateparser,
}


def resolve(g: _Grammar, m: re.Match, ctx: _Ctx, kind: str) -> tuple | None:
    """The span the resolver of ``kind`` reads in ``m``, or None for no date here.

    The one place that turns a rejection into "no date": ``Reject`` raised by a resolver,
    and the calendar's own limits (``CALENDAR_LIMITS``); any other exception propagates.
    """
    try:
        return RESOLVERS[kind](g, m, ctx, m.start(), m.end())
    except Reject:
        return None
    except CALENDAR_LIMITS:
        return None
