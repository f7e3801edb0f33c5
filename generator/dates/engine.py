"""Find and resolve the date expressions of an Arabic news article.

The vocabulary and the phrase patterns are data (``date_tables.py``).  This module
compiles them once, finds candidate words with a cheap token scan, tries only the patterns
that can start at each candidate, resolves every match against the publication date with
generic calendar operations, and keeps the longest non-overlapping matches.

dateparser is only called on short spans the tables flag as absolute dates in formats
they do not resolve themselves (Latin month names, two-digit years).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache

from . import tables as T
from . import hijri
from ..arabic import normalise, normalise_lazy as normalise_with_offsets


class _W:
    """Word sets of the tables, normalised once (read-only)."""
    DEIXIS_BLOCK_BEFORE = frozenset(normalise(w) for w in T.DEIXIS_BLOCK_BEFORE)
    DEIXIS_BLOCK_AFTER = frozenset(normalise(w) for w in T.DEIXIS_BLOCK_AFTER)
    WEEKDAY_BLOCK_BEFORE = frozenset(normalise(w) for w in T.WEEKDAY_BLOCK_BEFORE)
    QUANTITY_WORDS = frozenset(normalise(w) for w in T.QUANTITY_WORDS)
    QUANTITY_BEFORE = frozenset(normalise(w) for w in T.QUANTITY_BEFORE)
    OFFSET_BLOCK_AFTER = frozenset(normalise(w) for w in T.OFFSET_BLOCK_AFTER)
    FUTURE_MARKERS = frozenset(normalise(w) for w in T.FUTURE_MARKERS)
    YEAR_ADJ_ALLOWED_BEFORE = frozenset(normalise(w) for w in T.YEAR_ADJ_ALLOWED_BEFORE)
    WEEKDAYS_NEED_CONTEXT = frozenset(normalise(w) for w in T.WEEKDAYS_NEED_CONTEXT)
    MONTHS_NEED_CONTEXT = frozenset(normalise(w) for w in T.MONTHS_NEED_CONTEXT)
    HIJRI_MONTHS_NEED_CONTEXT = frozenset(normalise(w) for w in T.HIJRI_MONTHS_NEED_CONTEXT)
    FUTURE_PREFIX_FALSE = tuple(normalise(w) for w in T.FUTURE_PREFIX_FALSE)
    WEEKDAY_PLACE_HEADS = frozenset(normalise(w) for w in T.WEEKDAY_PLACE_HEADS)
    DEIXIS_NOUNS = frozenset(normalise(w) for w in T.DEIXIS_NOUNS)
    YEAR_ADJ_CALENDAR = frozenset(normalise(w) for w in T.YEAR_ADJ_CALENDAR)
    OFFSET_CONSTRUCT_UNITS = frozenset(normalise(w) for w in T.OFFSET_CONSTRUCT_UNITS)
    DEIXIS_NAME = tuple((re.compile(b), re.compile(a))
                        for b, a in zip(T.DEIXIS_NAME_BEFORE, T.DEIXIS_NAME_AFTER))
    DECIMAL_AFTER_NUMBER = re.compile(T.DECIMAL_AFTER_NUMBER)
    BARE_YEAR_MARKERS = frozenset(normalise(w) for w in T.BARE_YEAR_MARKERS)
    DEIXIS_NAME_WORDS = frozenset(normalise(w) for w in T.DEIXIS_NAME_WORDS)
    NOT_DEFINITE_NOUNS = frozenset(normalise(w) for w in T.NOT_DEFINITE_NOUNS)


def _bare(word: str) -> tuple[str, ...]:
    """A word and its forms without the clitics و ف ب ل (one or two of them)."""
    out = [word]
    if len(word) > 3 and word[0] in "وفبل":
        out.append(word[1:])
        if len(word) > 4 and word[1] in "بل":
            out.append(word[2:])
    return tuple(out)


def _definite_adjective(word: str, g) -> bool:
    """A definite adjective (nisba in ي / ية) that is not a relative or weekday word."""
    return (word.startswith("ال") and len(word) > 4 and (word.endswith("ي") or word.endswith("يه"))
            and word not in g.vocab["REL"] and word not in g.vocab["WD"])


D = dt.date
ONE = dt.timedelta(days=1)


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
# Compilation of the tables
# --------------------------------------------------------------------------------------

def _key(s: str) -> str:
    return re.sub(r"\s+", " ", normalise(s)).strip()


def _table(d) -> dict:
    return {_key(k): v for k, v in d.items()}


def _alt(words) -> str:
    """An alternation of the (normalised) words, factored as a character trie.

    Same matches, tried in the same order, as a longest-first alternation of the words
    (an extension of a word is tried before the word; words that are not prefixes of one
    another never match at the same place), but a failure costs a few character tests
    instead of one test per word.
    """
    return "(?:" + _trie_regex({_key(w) for w in words}) + ")"


@dataclass
class _Grammar:
    vocab: dict
    patterns: list
    leads: dict
    digit_patterns: list
    latin_patterns: list
    ordinal_days: dict
    variants: dict
    digit_head: re.Pattern
    word_head: re.Pattern | None = None
    digit_head_fast: re.Pattern | None = None
    matchers: tuple = ()  # bound ``match`` method of each pattern
    kinds: tuple = ()  # resolver kind of each pattern
    token_re: re.Pattern = field(default_factory=lambda: re.compile(r"[^\W\d_]+|\d+"))


def _ordinal_days() -> dict:
    out = {}
    for w, v in T.ORDINAL_UNITS.items():
        out[w] = v
    for w, v in T.ORDINAL_TEENS.items():
        out[w + " عشر"] = v
        out[w + " عشره"] = v
    for w, v in T.ORDINAL_TENS.items():
        out[w] = v
    for w, v in T.ORDINAL_UNITS.items():
        if w.startswith("ال") and v < 10:
            for tw, tv in T.ORDINAL_TENS.items():
                out[f"{w} و{tw}"] = v + tv
                out[f"{w} و {tw}"] = v + tv
    out["الحادي والعشرين"] = 21
    out["الحادي والثلاثين"] = 31
    return out


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    ordinal_days = _table(_ordinal_days())
    vocab = {
        "WD": _table(T.WEEKDAYS), "WDB": _table(T.WEEKDAYS_BARE), "DEIX": _table(T.DEIXIS),
        "POD": _table(T.PARTS_OF_DAY), "NIGHT": _table(T.NIGHT_PAST), "REL": _table(T.RELATIVE),
        "DEM": _table(T.DEMONSTRATIVES), "UNITN": _table({k: v for k, v in T.UNIT_NOUNS.items()
                                                          if v not in ("half",)}),
        "UNIT": _table(T.OFFSET_UNITS), "DIR": _table(T.OFFSET_DIRECTIONS),
        "APPROX": {_key(w): 1 for w in T.APPROXIMATORS}, "NUMW": _table(T.NUMBER_WORDS),
        "VAGUE": {_key(w): 1 for w in T.VAGUE_QUANTIFIERS}, "ORD": ordinal_days,
        "NTH": _table(T.NTH), "MONN": _table(T.MONTHS), "HMON": _table(T.HIJRI_MONTHS),
        "YEARW": {_key(w): 1 for w in T.YEAR_WORDS},
        "HM": {_key(w): 1 for w in T.HIJRI_MARKERS}, "GM": {_key(w): 1 for w in T.GREGORIAN_MARKERS},
        "HOL": _table(T.HOLIDAYS), "HOLPRE": _table(T.HOLIDAY_PREFIXES),
        "SEASON": _table(T.SEASONS), "DECADE": _table(T.DECADES), "PART": _table(T.PERIOD_PARTS),
        "VPER": _table(T.VAGUE_PERIODS),
    }
    sub = {name: _alt(table) for name, table in vocab.items()}
    sub["HM"] = "(?:" + "|".join(re.escape(w) for w in sorted(vocab["HM"], key=len, reverse=True)) + ")"
    sub["CL"] = r"(?:[وف]?[بل]?)"
    mon1 = sub["MONN"]
    # "يونيو حزيران", "أغسطس آب": two names of the same month separated by spaces
    vocab["MONPAIR"] = {f"{a} {b}": v for a, v in vocab["MONN"].items()
                        for b, w in vocab["MONN"].items() if v == w and a != b}
    monp = _alt(list(vocab["MONN"]) + list(vocab["MONPAIR"]))
    sub["MON"] = rf"{monp}(?:\s*[(/]\s*{mon1}\s*\)?)?"
    rel, dem, yw = sub["REL"], sub["DEM"], sub["YEARW"]
    sub["WDP"] = (rf"(?:(?:يوم\s+)?(?P<wd>{sub['WD']})\s*,?\s*(?:(?:الموافق|في)\s+)?)?")
    year_tail = (rf"\s*,?\s*(?:(?:من|في)\s+|[بل])?(?:{yw})?\s*(?P<year>\d{{4}})(?!\d)"
                 rf"(?:\s*(?P<era>{sub['GM']})(?!\w))?"
                 rf"|\s+(?:(?:من|في)\s+|[بل])?(?:ال)?(?:عام|سنه)\s+(?P<yrel>{rel})"
                 rf"|\s+(?:من\s+)?(?P<ydem>{dem})\s+(?:العام|السنه)")
    sub["YR"] = f"(?:{year_tail})?"
    sub["YRREQ"] = f"(?:{year_tail})"
    sub["MREF"] = (rf"(?:شهر\s+)?(?P<mon>{sub['MON']})"
                   rf"|(?:شهر|الشهر)\s+(?P<monn>\d{{1,2}}|{sub['NUMW']}|{sub['ORD']})"
                   rf"|(?:(?P<mdem>{dem})\s+)?الشهر(?:\s+(?P<mrel>{rel}))?"
                   rf"|(?:شهر\s+)?(?P<hmon>{sub['HMON']})")
    sub["YQ"] = (rf"(?P<ydem>{dem})\s+(?:العام|السنه)|(?:العام|السنه)\s+(?P<yrel>{rel})"
                 rf"|(?:{yw})?\s*(?P<year>\d{{4}})|(?P<ythis>العام|السنه)")
    fmt = {k: v for k, v in sub.items()}

    patterns = []
    leads: dict[str, list[int]] = {}
    digit_patterns, latin_patterns = [], []
    for idx, (name, kind, lead, template) in enumerate(T.PATTERNS):
        src = template.format(**fmt)
        # normalise literal Arabic in the template the same way as the text
        regex = re.compile(normalise(src) + r"(?!\w)")
        patterns.append((name, kind, regex))
        for item in lead:
            if item == "DIGIT":
                digit_patterns.append(idx)
                continue
            if item == "LATIN":
                latin_patterns.append(idx)
                continue
            words = vocab[item].keys() if item in vocab else [item]
            if item == "MON":
                words = vocab["MONN"].keys()
            for w in words:
                first = _key(w).split(" ")[0]
                leads.setdefault(first, [])
                if idx not in leads[first]:
                    leads[first].append(idx)
    # MON is used as a lead name in the tables
    for w in vocab["MONN"]:
        first = w.split(" ")[0]
        for idx, (name, kind, lead, template) in enumerate(T.PATTERNS):
            if "MON" in lead and idx not in leads.setdefault(first, []):
                leads[first].append(idx)
    after_number = {normalise(w) for w in T.AFTER_DAY_NUMBER}
    for table in ("MONN", "HMON"):
        after_number |= {w.split(" ")[0] for w in vocab[table]}
    after_alt = "|".join(re.escape(w) for w in sorted(after_number, key=len, reverse=True))
    digit_head = re.compile(
        rf"(?<!\d)(?:\d{{4}}(?!\d)|\d{{1,3}}(?!\d)(?=\s?[/.\-–]|\s*[وب]?(?:{after_alt})(?![^\W\d_])))")
    variants: dict[str, list[int]] = {}
    for w, idxs in leads.items():
        for pre in ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"):
            lst = variants.setdefault(pre + w, [])
            lst.extend(i for i in idxs if i not in lst)
    for w in variants:
        variants[w] = tuple(sorted(variants[w]))
    # One regex finds every lead word of the text in a single pass: a character-trie
    # alternation of all variants, preceded by a non-letter (the text is searched with a
    # space prepended) and followed by no letter.  The classes are explicit tables of the
    # Basic Multilingual Plane, equal there to [\W\d_] / [^\W\d_] / \d and much faster to
    # test than Unicode categories; texts with characters beyond the BMP take the exact path.
    cls = _bmp_classes()
    word_head = re.compile(f"[{cls['nonletter']}](" + _trie_regex(variants) + f")(?![{cls['letter']}])")
    # Same as digit_head, written to start with a digit so the regex engine can skip
    # quickly to the digits of the text.
    digit_head_fast = re.compile(
        rf"[{cls['digit']}](?<!\d\d)(?:\d{{3}}(?!\d)|\d{{0,2}}(?!\d)(?=\s?[/.\-–]|\s*[وب]?(?:{after_alt})(?![^\W\d_])))")
    return _Grammar(vocab, patterns, leads, digit_patterns, latin_patterns, ordinal_days,
                    variants, digit_head, word_head, digit_head_fast,
                    tuple(rx.match for _, _, rx in patterns), tuple(kind for _, kind, _ in patterns))


def _trie_regex(words) -> str:
    """A regex alternation of ``words`` factored as a character trie (fast to match)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        kids = sorted(ch for ch in node if ch)
        if not kids:
            return ""
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + build(node[ch]) for ch in kids]
        out = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            out = "(?:" + out + ")?"
        return out
    return build(trie)


def _as_ranges(codes: list[int]) -> str:
    """A regex class body of the given (ascending) code points, as ranges."""
    out: list[list[int]] = []
    for c in codes:
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in out)


def _is_letter(c: str) -> bool:  # the regex class [^\W\d_]
    return c.isalnum() and not c.isdecimal()


@lru_cache(maxsize=1)
def _bmp_classes() -> dict:
    # 'odd': characters [^\W\d_] takes for letters but str.isalpha does not (non-decimal
    # digits and numerals such as '²', '½'); texts holding one use the exact head scan.
    # One pass over the BMP (it is the first-use cost of a one-article rebuild).
    letter, nonletter, digit, odd = [], [], [], []
    for c in range(0x10000):
        if 0xD800 <= c <= 0xDFFF:
            continue
        ch = chr(c)
        if ch.isdecimal():
            digit.append(c)
            nonletter.append(c)
        elif ch.isalnum():
            letter.append(c)
            if not ch.isalpha():
                odd.append(c)
        else:
            nonletter.append(c)
    return {"letter": _as_ranges(letter), "nonletter": _as_ranges(nonletter),
            "digit": _as_ranges(digit), "odd": _as_ranges(odd)}


@lru_cache(maxsize=1)
def _odd_letters() -> re.Pattern:
    return re.compile(f"[{_bmp_classes()['odd']}]")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# CPython stores a str holding any character beyond the BMP with 4 bytes per character
# (and otherwise with 1 or 2), so its size tells whether it holds one without a scan.
_UCS4_OVERHEAD = sys.getsizeof("\U00010000" * 8) - 4 * 8


def _has_astral(text: str) -> bool:
    if type(text) is str and sys.implementation.name == "cpython":
        return sys.getsizeof(text) - 4 * len(text) == _UCS4_OVERHEAD
    return _ASTRAL.search(text) is not None


def _needs_exact_heads(text: str) -> bool:
    return _has_astral(text) or _odd_letters().search(text) is not None


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

_SENT_END = re.compile(r"[.!?\n:;«»\"]")
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


def _future_word_regex() -> re.Pattern:
    """A word of the window that marks the future: one of FUTURE_MARKERS, or a verb with
    the future prefix س (optionally after و/ف) of at least 5 letters after that conjunction
    that does not start with one of FUTURE_PREFIX_FALSE."""
    alt = lambda ws: "|".join(re.escape(w) for w in sorted(set(ws), key=len, reverse=True))  # noqa: E731
    return re.compile(rf"(?<![^\W\d_])(?:(?:{alt(_W.FUTURE_MARKERS)})(?![^\W\d_])"
                      rf"|[وف]?(?!{alt(_W.FUTURE_PREFIX_FALSE)})س[يتنا][^\W\d_]{{3}})")


_FUTURE_WORD = _future_word_regex()


def _definite_noun(word: str) -> bool:
    return word.startswith(("ال", "وال", "بال", "فال", "لل"))


# --------------------------------------------------------------------------------------
# Resolvers: named groups -> (start, end, granularity, rule suffix)
# --------------------------------------------------------------------------------------

class _Reject(Exception):
    pass


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
        raise _Reject
    if wd is not None:
        ok = [c for c in cands if c[0].weekday() == wd]
        if ok:
            return min(ok, key=lambda c: abs((c[0] - ctx.pub).days)), "weekday-year"
    if future:
        ok = [c for c in cands if c[1] >= ctx.pub]
        return min(ok, key=lambda c: c[0]), "future"
    near = [c for c in cands
            if 0 < (c[0] - ctx.pub).days <= T.YEARLESS_NEAR_FUTURE_DAYS and c[0].year == ctx.pub.year]
    if near:
        return near[0], "near-future"
    ok = [c for c in cands if c[0] <= ctx.pub]
    return max(ok, key=lambda c: c[0]), "past"


def _r_deixis(g, m, ctx, s, e):
    gd = m.groupdict()
    if gd.get("night"):
        d = ctx.pub + dt.timedelta(days=_val(g.vocab["NIGHT"], gd["night"]))
        return d, d, "day", "night-past"
    word = _ws(gd["deix"])
    off = g.vocab["DEIX"][word]
    if not gd.get("pod") and not gd.get("wd"):
        if ctx.prev_word(s) in _W.DEIXIS_BLOCK_BEFORE:
            raise _Reject
        if word in _W.DEIXIS_NOUNS and not ctx.t.startswith("يوم", s):
            nxt = ctx.next_word(e)
            if nxt in _W.DEIXIS_BLOCK_AFTER or _definite_adjective(ctx.adjacent_word(e), g) \
                    or nxt in T.ORDINAL_UNITS:
                raise _Reject
        if word in _W.DEIXIS_NAME_WORDS:
            t = ctx.t
            for before, after in _W.DEIXIS_NAME:
                if after.match(t, e) and before.search(t, max(0, s - 30), s):
                    raise _Reject
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
        raise _Reject
    if gd["unit"] == "العام" and not gd.get("dem"):
        pw = ctx.prev_word(s)
        if _definite_noun(pw) and pw not in _W.YEAR_ADJ_ALLOWED_BEFORE:
            raise _Reject  # "الأمين العام": the adjective "general"
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
            hy, hm, _ = hijri.to_hijri(p)
            rng = hijri.month_range(*hijri.shift_month(hy, hm, r))
            if not rng:
                raise _Reject
            return rng[0], rng[1], "month", "hijri-month-relative"
        a, b = _month_range(*_shift_month(p.year, p.month, r))
        return a, b, "month", "month-relative"
    if unit == "year":
        if hij:
            hy = hijri.to_hijri(p)[0] + r
            rng = hijri.year_range(hy)
            if not rng:
                raise _Reject
            return rng[0], rng[1], "year", "hijri-year-relative"
        return D(p.year + r, 1, 1), D(p.year + r, 12, 31), "year", "year-relative"
    if unit == "quarter":
        q = (p.month - 1) // 3 + r
        y = p.year + q // 4
        q %= 4
        return D(y, 3 * q + 1, 1), _month_range(y, 3 * q + 3)[1], "quarter", "quarter-relative"
    raise _Reject


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
            raise _Reject
        if wd_word in _W.WEEKDAYS_NEED_CONTEXT and not gd.get("yawm") and not gd.get("pod"):
            raise _Reject
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
        raise _Reject
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
            hy = hijri.to_hijri(ctx.pub)[0]
        elif y < 1600:
            hy = y
        else:
            hy = hijri.to_hijri(D(y, 1, 1))[0]
            if gd.get("yrel") or gd.get("ydem"):
                hy = hijri.to_hijri(ctx.pub)[0] + (y - ctx.pub.year)
        rng = hijri.month_range(hy, hm)
        if not rng:
            raise _Reject
        return rng
    if gd.get("mon") or gd.get("monn"):
        mo = _month_value(g, gd["mon"]) if gd.get("mon") else _number(g, gd["monn"])
        if not mo or not 1 <= mo <= 12:
            raise _Reject
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
        raise _Reject
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
        hy, hm, hd = hijri.to_hijri(pub)
        d = hijri.to_gregorian(hy + n, hm, min(hd, 29))
        if d is None:
            raise _Reject
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
        raise _Reject
    if unit_word in _W.OFFSET_CONSTRUCT_UNITS and not gd.get("num") and not gd.get("vague") \
            and not gd.get("wd") and not gd.get("past") and _definite_noun(nxt) \
            and nxt not in g.vocab["REL"] and nxt not in _W.NOT_DEFINITE_NOUNS \
            and ctx.adjacent_word(e) == nxt:
        raise _Reject  # "قبل يوم الزفاف": before the wedding day
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
            raise _Reject
        win = T.VAGUE_WINDOWS.get((unit, sign))
        if not win:
            raise _Reject
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
        hy = hijri.to_hijri(target)[0]
        rng = hijri.year_range(hy)
        if not rng:
            raise _Reject
        return rng[0], rng[1], "year", "offset-hijri-years"
    return D(target.year, 1, 1), D(target.year, 12, 31), "year", "offset-years"


def _ord_blocked(ctx, s, day_text) -> bool:
    """An ordinal right after a definite noun is its adjective ("الأسبوع الأول")."""
    if day_text.isdigit() or not day_text.startswith("ال"):
        return False
    pw = ctx.prev_word(s)
    return _definite_noun(pw) and pw not in ("الموافق",)


def _r_day_month(g, m, ctx, s, e):
    gd = m.groupdict()
    day = _day_number(g, gd["day"])
    mo = _month_value(g, gd["mon"])
    if not day or not mo or day > 31:
        raise _Reject
    if not gd.get("wd") and _ord_blocked(ctx, s, gd["day"]):
        raise _Reject
    wd = _val(g.vocab["WD"], gd.get("wd"))
    y = _year_ref(g, m, ctx)
    if y is not None:
        try:
            d = D(y, mo, day)
        except ValueError:
            raise _Reject
        return d, d, "day", "day-month-year"
    r = _rel(g, m)
    if r == 0:  # "19 من أغسطس الجاري": the current year
        try:
            d = D(ctx.pub.year, mo, day)
        except ValueError:
            raise _Reject
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
            raise _Reject
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
            and "شهر" not in m.group(0):
        raise _Reject
    if day is not None and not gd.get("wd") and _ord_blocked(ctx, s, gd["day"]):
        raise _Reject
    explicit = y is not None
    if y is not None:
        if gd.get("yrel") or gd.get("ydem"):
            hy = hijri.to_hijri(ctx.pub)[0] + (y - ctx.pub.year)
            years = [hy]
        elif y < 1600:
            years = [y]
        else:  # a Hijri month in a Gregorian year ("رمضان 2019")
            h0 = hijri.to_hijri(D(y, 1, 1))
            if h0 is None:
                raise _Reject
            years = [h0[0], h0[0] + 1]
    else:
        h0 = hijri.to_hijri(ctx.pub)
        if h0 is None:
            raise _Reject
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
        raise _Reject
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
                raise _Reject
            how = "hijri-month-relative"
        elif ctx.future(s, e):
            a, b = min((c for c in cands if c[1] >= ctx.pub), key=lambda c: c[0])
            how = "hijri-month-future"
        else:
            a, b = max((c for c in cands if c[0] <= ctx.pub), key=lambda c: c[0])
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
        raise _Reject
    if not gd.get("wd") and _ord_blocked(ctx, s, gd["day"]):
        raise _Reject
    r = _rel(g, m)
    wd = _val(g.vocab["WD"], gd.get("wd"))
    if m.re.pattern.find("الشهر") < 0 or (r is None and "الشهر" not in m.group(0)):
        # weekday + ordinal day: the nearby month where that day has that weekday
        if wd is None:
            raise _Reject
        for k in (0, -1, 1, -2, 2):
            y, mo = _shift_month(ctx.pub.year, ctx.pub.month, k)
            try:
                d = D(y, mo, day)
            except ValueError:
                continue
            if d.weekday() == wd:
                return d, d, "day", "weekday-ordinal-day"
        raise _Reject
    y, mo = _shift_month(ctx.pub.year, ctx.pub.month, r or 0)
    try:
        d = D(y, mo, day)
    except ValueError:
        raise _Reject
    return d, d, "day", "day-of-relative-month"


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
        raise _Reject
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
            raise _Reject
        if ctx.future(s, e):
            y = p.year if mo >= p.month else p.year + 1
            how = "month-future"
        else:
            y = p.year if mo <= p.month else p.year - 1
            how = "month-past"
    if not 1 <= y <= 9999:
        raise _Reject
    if gd.get("part"):
        a, b = _parts(g, gd, "month", y, mo)
        return a, b, "range" if a != b else "day", how + "-part", explicit
    a, b = _month_range(y, mo)
    return a, b, "month", how, explicit


def _hijri_numeric(y, mo, d):
    r = hijri.to_gregorian(y, mo, d)
    if r is None:
        raise _Reject
    return r


def _r_numeric(g, m, ctx, s, e):
    gd = m.groupdict()
    a, b, c = gd["a"], gd["b"], gd.get("c")
    hm = bool(gd.get("hm"))
    wd = _val(g.vocab["WD"], gd.get("wd"))
    if c is None:
        day, mo = int(a), int(b)
        if not (1 <= mo <= 12 and 1 <= day <= 31):
            raise _Reject
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
            raise _Reject
        return _dateparser_span(m.group(0), ctx)
    else:
        raise _Reject
    if hm or 1300 <= y <= 1500:
        d = _hijri_numeric(y, mo, day)
        return d, d, "day", "numeric-hijri"
    try:
        d = D(y, mo, day)
    except ValueError:
        raise _Reject
    return d, d, "day", "numeric-date"


def _r_numeric_month(g, m, ctx, s, e):
    mo, y = int(m.group("b")), int(m.group("c"))
    if not (1 <= mo <= 12 and 1900 <= y <= 2100):
        raise _Reject
    a, b = _month_range(y, mo)
    return a, b, "month", "numeric-month-year"


def _r_iso_week(g, m, ctx, s, e):
    wn = int(m.group("wn"))
    y = int(m.group("year")) if m.group("year") else ctx.pub.year
    try:
        a = D.fromisocalendar(y, wn, 1)
    except ValueError:
        raise _Reject
    return a, a + dt.timedelta(days=6), "week", "iso-week"


def _r_week_of(g, m, ctx, s, e):
    mo = _month_value(g, m.group("mon"))
    y = _year_ref(g, m, ctx) or ctx.pub.year
    try:
        d = D(y, mo, int(m.group("day")))
    except ValueError:
        raise _Reject
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
            raise _Reject
        return rng[0], rng[1], "year", "hijri-year"
    if not gd.get("kw") and not era:
        if not 1900 <= y <= 2100 or _year_blocked(ctx, s, e) or ctx.t[s - 1:s] in "-/.:," \
                or _W.DECIMAL_AFTER_NUMBER.match(ctx.t, e) \
                or (y > ctx.pub.year + T.BARE_YEAR_MAX_AHEAD
                    and ctx.prev_word(s) not in _W.BARE_YEAR_MARKERS):
            if s > 0:
                raise _Reject
    if not 1000 <= y <= 2200 and not era:
        raise _Reject
    if gd.get("part"):
        a, b = _parts(g, gd, "year", y)
        return a, b, "range", "year-part"
    return D(y, 1, 1), D(y, 12, 31), "year", "year"


def _r_year_range(g, m, ctx, s, e):
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    if m.group("join") in ("و", "ل") and ctx.prev_word(s) not in ("من", "بين", "منذ", "ومن", "وبين"):
        raise _Reject
    if not (1000 <= y1 < y2 <= 2200):
        raise _Reject
    era = _grp(m, "era")
    if era and era in g.vocab["HM"]:  # "1433 - 1434 هـ"
        r1, r2 = hijri.year_range(y1), hijri.year_range(y2)
        if not r1 or not r2:
            raise _Reject
        return r1[0], r2[1], "range", "hijri-year-range"
    return D(y1, 1, 1), D(y2, 12, 31), "range", "year-range"


def _r_day_range(g, m, ctx, s, e):
    gd = m.groupdict()
    d1, d2 = int(gd["d1"]), int(gd["d2"])
    mo = _month_value(g, gd["mon"])
    if not (1 <= d1 < d2 <= 31) or not mo:
        raise _Reject
    y = _year_ref(g, m, ctx)
    if y is None:
        (a, b), _ = _pick_yearless(ctx, lambda yy: (D(yy, mo, d1), D(yy, mo, d2)),
                                   ctx.future(s, e), s, e)
    else:
        try:
            a, b = D(y, mo, d1), D(y, mo, d2)
        except ValueError:
            raise _Reject
    return a, b, "range", "day-range"


def _r_quarter(g, m, ctx, s, e):
    gd = m.groupdict()
    unit = gd["qunit"]
    qn = int(gd["qn"]) if gd["qn"].isdigit() else _val(g.vocab["NTH"], gd["qn"])
    y = _year_ref(g, m, ctx)
    size = {"الربع": 3, "الفصل": 3, "النصف": 6, "الثلث": 4}[unit]
    count = 12 // size
    if y is None:
        if size != 3 or unit == "الفصل":
            raise _Reject
        y = ctx.pub.year
    if qn == -1:
        qn = count
    if not qn or not 1 <= qn <= count:
        raise _Reject
    a = D(y, size * (qn - 1) + 1, 1)
    b = _month_range(y, size * qn)[1]
    return a, b, "quarter" if size == 3 else "range", {3: "quarter", 6: "half", 4: "third"}[size]


def _reject_year_kind(g, ctx, e):
    """"العام الدراسي", "السنة المالية": a school or fiscal year, not the calendar one."""
    nxt = ctx.adjacent_word(e)
    if nxt not in _W.YEAR_ADJ_CALENDAR and _definite_adjective(nxt, g):
        raise _Reject


def _r_part_of(g, m, ctx, s, e):
    gd = m.groupdict()
    r = _rel(g, m) or 0
    unit = gd["unit"]
    p = ctx.pub
    part = _val(g.vocab["PART"], gd["part"])
    if unit == "الشهر":
        y, mo = _shift_month(p.year, p.month, r)
        a, b = _parts(g, gd, "month", y, mo)
        return a, b, "range" if a != b else "day", "month-part"
    if unit == "الاسبوع":
        if (("week", part)) not in T.PART_RANGES:
            raise _Reject
        ws, _ = _week_of(p + dt.timedelta(days=7 * r), ctx.ws)
        lo, hi = T.PART_RANGES[("week", part)]
        return ws + dt.timedelta(days=lo), ws + dt.timedelta(days=hi), "range", "week-part"
    if gd.get("hij"):
        raise _Reject
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
        raise _Reject
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
            h0 = hijri.to_hijri(D(y, 1, 1))
            if h0 is None:
                raise _Reject
            cands = [c for c in (_holiday_date(spec, h0[0]), _holiday_date(spec, h0[0] + 1))
                     if c and c.year == y]
            if not cands:
                raise _Reject
            d = cands[0]
        else:
            d = _holiday_date(spec, y_greg=y)
        how = "holiday-year"
    else:
        if spec[0] == "hijri":
            h0 = hijri.to_hijri(p)
            if h0 is None:
                raise _Reject
            cands = [_holiday_date(spec, hy) for hy in range(h0[0] - 2, h0[0] + 3)]
        else:
            cands = [_holiday_date(spec, y_greg=yy) for yy in range(p.year - 2, p.year + 3)]
        cands = sorted(c for c in cands if c)
        r = _rel(g, m)
        if r is not None and r != 0:
            ok = [c for c in cands if c > p] if r > 0 else [c for c in cands if c < p][::-1]
            d = ok[abs(r) - 1]
            how = "holiday-relative"
        elif ctx.future(s, e):
            d = min(c for c in cands if c >= p)
            how = "holiday-future"
        else:
            d = min(cands, key=lambda c: (abs((c - p).days), c > p))
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
        raise _Reject
    d = r.date()
    return d, d, "day", "dateparser"


def _r_dateparser(g, m, ctx, s, e):
    return _dateparser_span(m.group("dp"), ctx)


_RESOLVERS = {
    "deixis": _r_deixis, "unit-rel": _r_unit_rel, "vague-period": _r_vague_period,
    "weekday": _r_weekday, "weekday-week": _r_weekday_week, "nth-weekday": _r_nth_weekday,
    "nth-day": _r_nth_day, "nth-week": _r_nth_week, "offset": _r_offset,
    "day-month": _r_day_month, "hijri": _r_hijri, "day-relmonth": _r_day_relmonth,
    "month": _r_month, "numeric": _r_numeric, "numeric-month": _r_numeric_month,
    "iso-week": _r_iso_week, "week-of": _r_week_of, "year": _r_year,
    "year-range": _r_year_range, "day-range": _r_day_range, "quarter": _r_quarter,
    "part-of": _r_part_of, "season": _r_season, "decade": _r_decade, "holiday": _r_holiday,
    "dateparser": _r_dateparser,
}


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


def _resolve(g: _Grammar, m, ctx: _Ctx, kind: str, idx: int) -> _Cand | None:
    try:
        res = _RESOLVERS[kind](g, m, ctx, m.start(), m.end())
    except (_Reject, ValueError, OverflowError, KeyError, TypeError, IndexError):
        return None
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


_DOUBLE = re.compile(normalise(r"^\s*,?\s*[(\[]?\s*(?:الموافق|الموافقه)\s*(?:ل\s*)?$"))
_RANGE_JOIN = re.compile(normalise(r"^\s*(?:الى|حتي|لغايه|ولغايه|وحتي|ل|-|–)\s*$"))
_RANGE_AND = re.compile(r"^\s*و\s*$")
_RANGE_OPEN = re.compile(r"(?:^|\s)[وف]?(?:من|بين|منذ)\s*$")
_ABSOLUTE_GRANS = {"day", "month", "year", "range", "quarter", "week"}


def _same_year_after(a: D, b: D) -> D:
    """``b`` moved to the first year where it does not fall before ``a``."""
    try:
        b2 = b.replace(year=a.year)
        return b2 if b2 >= a else b.replace(year=a.year + 1)
    except ValueError:
        return b


def _merge(cs: list[_Cand], t: str) -> list[_Cand]:
    out: list[_Cand] = []
    i = 0
    while i < len(cs):
        c = cs[i]
        if i + 1 < len(cs):
            n = cs[i + 1]
            gap = t[c.e:n.s]
            if _DOUBLE.match(gap):
                keep = n if c.rule.startswith(("hijri", "numeric-hijri")) else c
                close = re.match(r"\s*[)\]]", t[n.e:n.e + 3])
                e = n.e + (close.end() if close else 0)
                out.append(_Cand(c.s, e, keep.start, keep.end, keep.gran, keep.rule + "+double-date",
                                 True, keep.order))
                i += 2
                continue
            opener = _RANGE_OPEN.search(t[max(0, c.s - 6):c.s])
            if (_RANGE_JOIN.match(gap) or (_RANGE_AND.match(gap) and opener)) \
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
    cands = _merge(_select_matches(nt.text, ctx, g), nt.text)
    out = []
    for c in cands:
        b, e = nt.source_span(c.s, c.e)
        # drop trailing spaces the span may have captured
        while e > b and text[e - 1].isspace():
            e -= 1
        out.append(DateMention(text[b:e], (b, e), c.start, c.end, c.gran, c.rule, published))
    return out
