"""Stage 4: events, what happened where and when, found in each article's text.

An event is a happening the text reports (an attack, a battle, a capture, a meeting, a
visit ...): a trigger word says what happened (`data/events.yaml`), the places its clause
governs say where, the date expression attached to that clause (or the publication day)
says when, and actors (`data/actors.yaml`) say who. Events of several articles about the
same happening are merged at the site stage (`merge`).

Modules: `model` (the Event record), `taxonomy` (types and sub-types), `actors` (the actor
table), `sentences` (sentence and clause spans), `find` (the matching), `merge` (across
sources).
"""

from .model import Event
from .sentences import split_sentences

__all__ = ["Event", "split_sentences"]
