"""The date stage (placeholder docstring, rewritten with the split)."""

from .engine import DateMention, find_dates

__all__ = ["DateMention", "find_dates"]
