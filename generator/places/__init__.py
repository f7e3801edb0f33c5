"""Place stage (moved from generator/places.py; split into modules in the next commit)."""

from .resolver import *  # noqa: F401,F403
from .resolver import _Doc, _Norm, _readings, _TOKEN_RE  # noqa: F401
