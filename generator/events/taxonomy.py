"""The event taxonomy (data/event_types.yaml): types and sub-types with their labels."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

TYPES_FILE = Path(__file__).resolve().parent.parent / "data" / "event_types.yaml"


class Bilingual:
    """A table entry with an Arabic and an English name (`ar`, `en`)."""

    ar: str
    en: str

    def label(self, lang: str) -> str:
        return self.ar if lang == "ar" else self.en


@dataclass(frozen=True)
class EventType(Bilingual):
    key: str
    ar: str
    en: str
    acled: str
    colour: str
    symbol: str


@dataclass(frozen=True)
class EventSubtype(Bilingual):
    key: str
    type: str
    ar: str
    en: str


@dataclass(frozen=True)
class Taxonomy:
    types: dict[str, EventType]  # in the table's order (the legend's order)
    subtypes: dict[str, EventSubtype]

    def type_label(self, key: str, lang: str) -> str:
        t = self.types.get(key)
        return t.label(lang) if t else key

    def subtype_label(self, key: str, lang: str) -> str:
        s = self.subtypes.get(key)
        return s.label(lang) if s else ""


@functools.lru_cache(maxsize=4)
def load_taxonomy(path: Path = TYPES_FILE) -> Taxonomy:
    import yaml

    with open(path, encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    types = {k: EventType(k, v["ar"], v["en"], v.get("acled", ""), v["colour"], v.get("symbol", ""))
             for k, v in doc["types"].items()}
    subtypes = {}
    for k, v in (doc.get("subtypes") or {}).items():
        if v["type"] not in types:
            raise ValueError(f"{path}: sub-type {k!r} names an unknown type {v['type']!r}")
        subtypes[k] = EventSubtype(k, v["type"], v["ar"], v["en"])
    return Taxonomy(types, subtypes)
