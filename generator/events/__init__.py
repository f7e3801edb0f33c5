"""Stage 4: events, what happened where and when, found in each article's text.

An event is a happening the text reports (an attack, a battle, a capture, a meeting, a
visit ...): a trigger word says what happened (`data/events.yaml`), the places its clause
governs say where, the date expression attached to that clause (or the publication day)
says when, and actors (`data/actors.yaml`) say who. Events of several articles about the
same happening are merged at the site stage (`merge`).

Modules, in the order of the work: `rules` (the tables of data/events.yaml, compiled),
`sentences` (sentence spans), `clauses` (words, their bare forms, clauses), `triggers`
(what happened, and whether the text says it did), `where` (the places a clause governs),
`when` (the date attached to it), `find` (the driver: `build_events`), `merge` (one
happening reported by several articles). Beside them: `model` (the Event record),
`taxonomy` (types and sub-types), `actors` (the actor table).
"""

from .model import Event
from .sentences import split_sentences

__all__ = ["Event", "split_sentences"]
