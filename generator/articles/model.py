"""What an article is once loaded, and the one error a malformed article gives."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field


class ArticleError(ValueError):
    """A malformed article: names the file and the problem in one line."""

    def __init__(self, path: str, problem: str):
        problem = " ".join(problem.split())  # one line, whatever a library's message holds
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class Article:
    path: str  # path as given (relative to the docs dir for site articles)
    slug: str  # file stem, used in URLs and ids
    title: str
    published: dt.date
    text: str  # the body after front matter; extraction offsets index this string
    source: str | None = None
    url: str | None = None  # only http(s) URLs are kept as links; anything else is dropped
    meta: dict = field(default_factory=dict, compare=False, repr=False)  # the front matter's plain text-keyed scalars
    warnings: tuple[str, ...] = field(default=(), compare=False)  # e.g. the body was cut at MAX_ARTICLE_BYTES

    @property
    def content_hash(self) -> str:
        return content_hash(self.text, self.published)


def content_hash(text: str, published: dt.date) -> str:
    """Hash of everything extraction depends on (text and publication date): an article
    read from a file and the same one from a JSONL line share their cache entries."""
    digest = hashlib.sha256()
    digest.update(published.isoformat().encode())
    digest.update(b"\0")
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()

