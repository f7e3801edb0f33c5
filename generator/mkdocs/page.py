"""The pages the plugin renders itself: their meta, and `RenderedPage`, which skips MkDocs'
Markdown pass.

`RenderedPage.render` stands in for MkDocs' `Page.render` and so must set every attribute
that one sets (content, toc, _title_from_render, present_anchor_ids, links_to_anchors in
MkDocs 1.6); tests/test_mkdocs_contract.py compares the two on a real page, so a MkDocs release that
sets a new one is seen at once.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Callable, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .. import site
from ..articles import Article

if TYPE_CHECKING:
    from mkdocs.structure.toc import _TocToken

DESCRIPTION_CHARS = 200  # an article page's description: the start of its text


def article_page_meta(article: Article) -> dict:
    """The page meta of an article page: only what the site uses, escaped.

    Every key of page.meta reaches the theme's templates, which do not escape, and some
    change what MkDocs and Material do with the page (`template: redirect.html` with a
    `location` writes that into a script; `hide`, `status`, `icon`, `tags`, `search` ...).
    An article's front matter is untrusted: it gives the page its title, description and
    author as escaped text (the theme prints them raw into <title> and <meta>), and can
    keep the page out of the search index (`search: {exclude: true}`, as written). Every
    other key is dropped. The description is the front matter's, else the text's start.
    """
    fm = article.meta
    description = fm.get("description")
    if not isinstance(description, str) or not description.strip():
        description = site.excerpt(article.text, DESCRIPTION_CHARS)
    meta: dict = {"title": html.escape(" ".join(article.title.split()), quote=True),
                  "description": html.escape(" ".join(description.split()), quote=True), "og_type": "article"}
    author = fm.get("author")
    if isinstance(author, str) and author.strip():
        meta["author"] = html.escape(" ".join(author.split()), quote=True)
    search = fm.get("search")
    if isinstance(search, dict) and search.get("exclude") is True:
        meta["search"] = {"exclude": True}
    return meta


class RenderedPage(Page):
    """An article or generated page outside the navigation: the plugin renders its HTML
    (on_page_markdown sets `rendered`) and MkDocs' Markdown pass is skipped. A new Markdown
    parser per page cost more than the rest of the page on a large site."""

    rendered: str | None = None
    slugify: Callable[[str, str], str] | None = None  # the toc extension's, for the title's id

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.rendered is None:
            return super().render(config, files)
        out = site.page_html(self.rendered, self.slugify)
        self.content = out.content
        self.toc = get_toc(cast("list[_TocToken]", out.toc_tokens))
        self._title_from_render = out.title
        self.present_anchor_ids = out.anchor_ids
        self.links_to_anchors = {}
