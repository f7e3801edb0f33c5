"""Render the theme's page-independent partials (and base.html's config block) once per
folder, not once per page.

Material renders the site navigation, the tabs, the search box and the footer into every
page. For the thousands of article and index pages that are not in the navigation, those
partials come out byte for byte the same for every page in the same folder: nothing is
active, there is no previous or next page, and the links are relative to the folder. On a
large site they cost as much as the rest of the page, so they are rendered for the first
page of each folder and reused for the others. Pages in the navigation are always rendered
in full. The output is identical with and without the cache (tested).
"""

from __future__ import annotations

import posixpath
import re

from jinja2 import ChoiceLoader, DictLoader, Environment, TemplateNotFound

# Partials whose output depends on the page only through what the key below captures.
CACHED_PARTIALS = (
    "partials/nav.html",
    "partials/tabs.html",
    "partials/search.html",
    "partials/logo.html",
    "partials/footer.html",
)
ORIGINAL = "marsad-uncached/"

# One line, no whitespace outside the tags: the wrapper must add nothing to the output.
WRAPPER = (
    '{%- set marsad_key = marsad_partials.key("NAME", page) -%}'
    "{%- if marsad_key is not none and marsad_partials.has(marsad_key) -%}"
    "{{ marsad_partials.get(marsad_key) }}"
    "{%- else -%}"
    '{%- set marsad_rendered -%}{% include "ORIGINALNAME" %}{%- endset -%}'
    "{{ marsad_partials.put(marsad_key, marsad_rendered) }}"
    "{%- endif -%}"
)


# Blocks of base.html that depend on the page only through its folder, like the partials
# above: the config block (a JSON of translations and relative paths on every page).
CACHED_BLOCKS = ("config",)
_BLOCK_WRAPPER = (
    '{%- set marsad_key = marsad_partials.key("block:NAME", page) -%}'
    "{%- if marsad_key is not none and marsad_partials.has(marsad_key) -%}"
    "{{ marsad_partials.get(marsad_key) }}"
    "{%- else -%}"
    "{% set marsad_rendered %}BODY{% endset %}"  # no whitespace control: BODY's output is kept as is
    "{{ marsad_partials.put(marsad_key, marsad_rendered) }}"
    "{%- endif -%}"
)


def wrap_blocks(source: str, names: tuple[str, ...] = CACHED_BLOCKS) -> str:
    """base.html with the named blocks cached; a block that is not found as expected (another
    theme version) is left as it is."""
    for name in names:
        m = re.search(r"(\{%-? block " + name + r" -?%\})(.*?)(\{%-? endblock -?%\})", source, re.S)
        if m is None or "{% block" in m.group(2) or "{%- block" in m.group(2):
            continue
        body = _BLOCK_WRAPPER.replace("NAME", name).replace("BODY", m.group(2))
        source = source[:m.start()] + m.group(1) + body + m.group(3) + source[m.end():]
    return source


class PartialCache:
    """Rendered partials by (partial, folder of the page, hidden parts); pages in the
    navigation get no key and are rendered in full."""

    def __init__(self, nav_page_urls: set[str]) -> None:
        self.nav_page_urls = nav_page_urls
        self.rendered: dict[tuple, str] = {}

    def key(self, name: str, page) -> tuple | None:
        if page is None or getattr(page, "url", None) is None or page.url in self.nav_page_urls:
            return None
        if getattr(page, "previous_page", None) is not None or getattr(page, "next_page", None) is not None:
            return None
        meta = getattr(page, "meta", None) or {}
        hide = meta.get("hide") or ()
        url = page.url
        if url.endswith("/") and any(u.startswith(url) for u in self.nav_page_urls):
            return None  # a navigation link below this page would be relative to it
        # Links are relative: pages in the same folder at the same depth get the same ones.
        folder = posixpath.dirname(url.rstrip("/"))
        return (name, folder, url.count("/"), tuple(hide) if isinstance(hide, (list, tuple)) else str(hide))

    def has(self, key: tuple) -> bool:
        return key in self.rendered

    def get(self, key: tuple) -> str:
        return self.rendered[key]

    def put(self, key: tuple | None, rendered: str) -> str:
        if key is not None:
            self.rendered[key] = rendered
        return rendered


def install(env: Environment, nav_page_urls: set[str]) -> PartialCache:
    """Wrap the theme's partials in `env` (whatever directory they come from, so a user's
    `custom_dir` override is wrapped too)."""
    original_loader = env.loader
    assert original_loader is not None
    sources: dict[str, str] = {}
    for name in CACHED_PARTIALS:
        try:
            source, _, _ = original_loader.get_source(env, name)
        except TemplateNotFound:
            continue
        sources[ORIGINAL + name] = source
        sources[name] = WRAPPER.replace("ORIGINALNAME", ORIGINAL + name).replace("NAME", name)
    try:
        base, _, _ = original_loader.get_source(env, "base.html")
        sources["base.html"] = wrap_blocks(base)
    except TemplateNotFound:
        pass
    cache = PartialCache(nav_page_urls)
    env.loader = ChoiceLoader([DictLoader(sources), original_loader])
    env.globals["marsad_partials"] = cache
    if env.cache is not None:
        env.cache.clear()  # drop templates compiled before the wrap
    return cache
