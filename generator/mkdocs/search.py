"""The search-view swap: what the search plugin indexes of our pages.

Material's search plugin indexes page.content in its on_page_context (priority 0). Our
pages carry event lists, tables and highlights that would cost most of a large build to
parse and only repeat the articles' text: the index gets a light view of each page, put in
place before search runs (the plugin's hook at priority 100) and taken away after it (at
-100), when the page gets its full content back. tests/test_mkdocs_contract.py checks that the search
plugin's hook still runs between the two.
"""

from __future__ import annotations

from mkdocs.structure.pages import Page

SWAP_IN_PRIORITY = 100
SWAP_OUT_PRIORITY = -100


class SearchViews:
    """The light view of each page (by its src_uri), and the full content while it is swapped out."""

    def __init__(self) -> None:
        self.views: dict[str, str] = {}
        self.full_content: dict[str, str | None] = {}

    def set(self, page: Page, view: str) -> None:
        self.views[page.file.src_uri] = view

    def swap_in(self, page: Page) -> None:
        view = self.views.get(page.file.src_uri)
        if view is not None:
            self.full_content[page.file.src_uri] = page.content
            page.content = view

    def swap_out(self, page: Page) -> None:
        full = self.full_content.pop(page.file.src_uri, None)
        self.views.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
