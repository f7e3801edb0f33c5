"""The event record: one happening an article reports, where and when it happened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..dates import DateMention
from ..places import PlaceMention


@dataclass(frozen=True)
class Event:
    """A happening found in one article.

    `places` are the places where it happened (governed by its clause), not every place of
    the sentence. `date_from` says what dates it: "text" (a date expression attached to
    its clause, `date`), "context" (a date carried from an earlier sentence of the same
    story, `date`), or "published" (the article's day: the text gives no date).
    """

    sentence: str
    offset: tuple[int, int]  # the sentence's span in the article
    start: dt.date
    end: dt.date
    granularity: str
    places: tuple[PlaceMention, ...]
    date: DateMention | None  # None when the date is the publication date
    date_from: str  # "text" | "context" | "published"
    type: str = "other"  # a key of the taxonomy in data/events.yaml (battle, remote_violence, ...)
    subtype: str = ""  # e.g. air_strike, shelling, capture, withdrawal, meeting
    trigger: str = ""  # the words that say what happened, as written
    trigger_offset: tuple[int, int] = (0, 0)
    actors: tuple[str, ...] = ()  # actor ids from data/actors.yaml (or the site's own table)
    future: bool = False  # planned or scheduled, not yet happened when the article was published

    @property
    def key(self) -> str:
        """An id for the event inside its article, stable while the text is unchanged."""
        return f"{self.trigger_offset[0]}"
