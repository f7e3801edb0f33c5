"""Render the theme's page-independent partials (and base.html's config block) once per
folder, not once per page.

Material renders the site navigation, the tabs, the search box and the footer into every
page. For the thousands of article and index pages that are not in the navigation, those
partials come out byte for byte the same for every page in the same folder: nothing is
active, there is no previous or next page, and the links are relative to the folder. On a
large site they cost as much as the rest of the page, so they are rendered for the first
page of each folder and reused for the others. Pages in the navigation are always rendered
in full. The output is identical with and without the cache (tested).

This leans on Material's templates: the partials' names and the shape of base.html's config
block. A wrapper that cannot apply (a partial the theme does not have, a block not found as
expected) is logged as a WARNING naming it: the build stays right but renders that part
for every page, which on a large site is slow. The PartialCache counts its hits and
renders (logged at debug level after the build), and tests/test_mkdocs_contract.py checks each
wrapper against the installed Material.
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections import Counter

from jinja2 import ChoiceLoader, DictLoader, Environment, TemplateNotFound

log = logging.getLogger("mkdocs.plugins.marsad")

# Partials whose output depends on the page only through what the key below captures.
CACHED_PARTIALS = (
    "partials/nav.html",
    "partials/tabs.html",
    "partials/search.html",
    "partials/marsad-search.html",  # the site search's box (generator/theme/, search.py)
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


def wrap_blocks(source: str, names: tuple[str, ...] = CACHED_BLOCKS) -> tuple[str, list[str]]:
    """base.html with the named blocks cached, and the names of the blocks that were not
    found as expected (another theme version): those are left as they are."""
    missed = []
    for name in names:
        m = re.search(r"(\{%-? block " + name + r" -?%\})(.*?)(\{%-? endblock -?%\})", source, re.S)
        if m is None or "{% block" in m.group(2) or "{%- block" in m.group(2):
            missed.append(name)
            continue
        body = _BLOCK_WRAPPER.replace("NAME", name).replace("BODY", m.group(2))
        source = source[:m.start()] + m.group(1) + body + m.group(3) + source[m.end():]
    return source, missed


class PartialCache:
    """Rendered partials by (partial, folder of the page, hidden parts); pages in the
    navigation get no key and are rendered in full."""

    def __init__(self, nav_page_urls: set[str]) -> None:
        self.nav_page_urls = nav_page_urls
        self.rendered: dict[tuple, str] = {}
        self.hits: Counter[str] = Counter()  # by partial ("partials/nav.html", "block:config")
        self.renders: Counter[str] = Counter()  # renders kept for later pages

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
        self.hits[key[0]] += 1
        return self.rendered[key]

    def put(self, key: tuple | None, rendered: str) -> str:
        if key is not None:
            self.renders[key[0]] += 1
            self.rendered[key] = rendered
        return rendered

    def summary(self) -> str:
        names = sorted(set(self.hits) | set(self.renders))
        return ", ".join(f"{n} {self.hits[n]} hits/{self.renders[n]} renders" for n in names) or "not used"


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
            log.warning("marsad: the theme has no %s: it is rendered for every page, not once per folder "
                        "(a Material release that renamed it? see generator/mkdocs/partials.py; cache_partials: false "
                        "turns the wrappers off)", name)
            continue
        sources[ORIGINAL + name] = source
        sources[name] = WRAPPER.replace("ORIGINALNAME", ORIGINAL + name).replace("NAME", name)
    try:
        base, _, _ = original_loader.get_source(env, "base.html")
    except TemplateNotFound:
        log.warning("marsad: the theme has no base.html: its blocks %s are rendered for every page",
                    ", ".join(CACHED_BLOCKS))
    else:
        sources["base.html"], missed = wrap_blocks(base)
        for name in missed:
            log.warning("marsad: block %r of the theme's base.html is not as expected: it is rendered for every "
                        "page, not once per folder (see generator/mkdocs/partials.py)", name)
    cache = PartialCache(nav_page_urls)
    env.loader = ChoiceLoader([DictLoader(sources), original_loader])
    env.globals["marsad_partials"] = cache
    if env.cache is not None:
        env.cache.clear()  # drop templates compiled before the wrap
    return cache
