"""The MkDocs plugin's hooks: a thin shell that feeds MkDocs' files to the pipeline.

on_config        loads the gazetteer and the actor tables, and adds the stylesheet.
on_files         loads and extracts the articles (cached, in parallel when cold), then adds
                 the generated pages and data files in memory (File.generated). Nothing is
                 written into docs_dir: a write there would make `mkdocs serve` loop.
on_page_markdown renders article pages from the parsed article, escaped, and the generated
                 pages from the model, and fills the summary marker of the home page.
                 Pages outside the navigation are RenderedPages: their HTML skips Markdown.
on_post_build    writes the data files (their rows cached per article), then the site
                 search's index of the article pages (search.py: Pagefind).
on_serve         also watches the user's gazetteer and actor files.
on_page_content  holds our pages' HTML compressed until on_page_context gives it back, just
                 before the page is written: MkDocs reads every page before writing any.
on_env           wraps the theme's partials (partials.py) and puts the search box in the
                 theme's header (search.py).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import logging
import time
import zlib
from pathlib import Path
from typing import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .. import site
from ..articles import Article, ArticleError, load_article
from ..cache import CACHE_FILE, ExtractionCache, folder_access
from ..events.actors import ActorTable, ActorTableError, load_actors
from ..extract import Job, extract_many
from ..places.geocode import cache_as_user_entries, geocode_unresolved, load_cache, settings_from
from ..places import Gazetteer, GazetteerError, find_unresolved
from ..site import datafiles, mapview, timelineview
from . import partials, search
from .buildlock import BuildLock, lock_path, remove_leftovers
from .config import WEEKDAYS, MarsadConfig
from .page import RenderedPage, article_page_meta

log = logging.getLogger("mkdocs.plugins.marsad")

STATIC = Path(__file__).parent.parent / "static"
# Templates over the theme's (after the site's own custom_dir): an Arabic 404 page,
# main.html's social-preview tags, and the search box (partials/marsad-search.html).
THEME = Path(__file__).parent.parent / "theme"
PAGES_PROGRESS_EVERY = 1000


@contextlib.contextmanager
def _collector_paused():
    """The cyclic garbage collector off while a stage makes many lasting objects: it would
    walk them again and again as they grow (a third of decoding the cache, on a large site).
    What they make is frozen afterwards or lives until the build ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class MarsadPlugin(BasePlugin[MarsadConfig]):
    def __init__(self) -> None:
        self.gazetteer: Gazetteer | None = None
        self.gazetteer_sources: list[Path | dict] = []  # what it was loaded from (for Dask workers)
        self.actors: ActorTable | None = None
        self.settings = site.SiteSettings()
        self.model: site.SiteModel | None = None
        self.articles: dict[str, site.ArticleRecord] = {}
        self.pages: dict[str, Callable[[str], str]] = {}
        self.fragments: dict[str, dict[str, str]] = {}
        self.searchable = 0  # article pages the site search indexes (this build)
        self.search_pages: list[str] = []
        self.article_dest: dict[str, str] = {}  # an article page's URL -> its file in the site
        self.pages_total = self.pages_done = 0
        self.nav_page_urls: set[str] = set()
        self.listing_pages: set[str] = set()
        self.slugify: Callable[[str, str], str] | None = None
        self.build_lock: BuildLock | None = None
        self.cache_access = "write"  # what this build may do with the cache folder (on_config)
        self._cache_notices: set[str] = set()  # what was said about the cache this build (once each)
        self.partial_cache: partials.PartialCache | None = None  # this build's (on_env); its counts are logged
        # Our pages' HTML, compressed, between the reading of all pages and the writing of
        # each (MkDocs reads every page before it writes any: on a large site the pages'
        # HTML, held as text, was the largest part of the build's memory).
        self.held: dict[str, bytes] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Before anything else, and before MkDocs cleans the site folder: one build at a time.
        self._cache_notices = set()
        self.held = {}
        if self.config.dask:  # a missing package is said before any work, not after reading the articles
            from ..distributed import DaskError, import_distributed

            try:
                import_distributed()
            except DaskError as exc:
                raise PluginError(f"marsad: {exc}") from None
        cache_folder = self._cache_folder(config, probe=True)
        # the lock lives in the cache folder when it can be written, else beside the site
        path = lock_path(cache_folder if self.cache_access == "write" else None, config.site_dir)
        if self.build_lock is None or self.build_lock.path != path:
            self.build_lock = BuildLock(path)
        self.build_lock.acquire()
        if cache_folder is not None and self.cache_access == "write":
            remove_leftovers(cache_folder)
        theme_language = str(config.theme.get("language") or "ar")
        language = "en" if theme_language.startswith("en") else "ar"
        self.settings = site.SiteSettings(
            language=language,
            tiles=self.config.tiles,
            tiles_attribution=self.config.tiles_attribution or site.OSM_ATTRIBUTIONS[language],
            directory_urls=config.use_directory_urls,
            month_names=self.config.month_names,
            raw_exports_up_to=self.config.raw_exports_up_to,
        )
        toc = (config.mdx_configs or {}).get("toc") or {}
        self.slugify = toc.get("slugify")
        self.geocoded_path = Path(config.config_file_path or ".").parent / self.config.geocoded
        # What the previous build kept alive (`mkdocs serve`) may be collected again; then
        # the gazetteer and, in on_files, the model are frozen (see on_files).
        gc.unfreeze()
        with _collector_paused():
            self.gazetteer = self._load_gazetteer()
        self.actors = self._load_actors()
        gc.freeze()
        theme_dir = str(THEME)
        if theme_dir not in config.theme.dirs:  # (on_config runs again on each `mkdocs serve` rebuild)
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        if site.CSS not in config.extra_css:
            config.extra_css.append(site.CSS)
        if self.config.search:
            if search.turn_off_material_search(config.plugins):
                log.info("marsad: the site search is Marsad's (Pagefind): Material's `search` plugin in mkdocs.yml "
                         "is turned off (remove it; `search: false` in the marsad block keeps Material's instead)")
            if not any(str(s) == site.SEARCH_JS for s in config.extra_javascript):
                config.extra_javascript.append(site.SEARCH_JS)
        return config

    def _load_gazetteer(self) -> Gazetteer:
        """The shipped gazetteer with the site's own files. A wrong entry stops the build
        with one line naming the file, the entry and the problem (no traceback)."""
        started = time.perf_counter()
        extra: list = [Path(p) for p in self.config.gazetteer]
        if self.geocoded_path.exists():
            extra.append(cache_as_user_entries(load_cache(self.geocoded_path)))
        try:
            gazetteer = Gazetteer.load(extra)
        except GazetteerError as exc:
            raise PluginError(f"marsad: {exc}") from None
        self.gazetteer_sources = extra
        log.debug("marsad: gazetteer loaded in %.2f s", time.perf_counter() - started)
        return gazetteer

    def _load_actors(self) -> ActorTable:
        """The shipped actor table and the site's own files. A wrong file stops the build with
        one line naming the file and the problem (PluginError: MkDocs prints no traceback)."""
        # load_actors keys its tables by each file's modification time and size, so a file
        # edited under `mkdocs serve` is read again
        try:
            return load_actors([Path(p) for p in self.config.actors])
        except ActorTableError as exc:
            raise PluginError(f"marsad: {exc}") from None

    def on_serve(self, server, config: MkDocsConfig, builder):
        for path in [*self.config.gazetteer, *self.config.actors]:
            server.watch(path)
        if self.geocoded_path.exists():
            server.watch(str(self.geocoded_path))
        return server

    def _geocode(self, loaded: list[tuple[File, Article]]) -> bool:
        """Ask the configured geocoder about unresolved names; True when it found new places."""
        settings = settings_from(self.config.geocoder)
        if not settings.get("enabled"):
            return False
        assert self.gazetteer is not None
        names = sorted({name for _, a in loaded for name, _ in find_unresolved(a.text, self.gazetteer)})
        known = load_cache(self.geocoded_path) if self.geocoded_path.exists() else {}
        answers = geocode_unresolved(names, self.geocoded_path, settings)
        fresh = load_cache(self.geocoded_path) if self.geocoded_path.exists() else {}
        found = sum(1 for k, v in fresh.items() if v and k not in known)
        log.info("marsad: geocoder asked about %d unresolved names, found %d new places", len(answers), found)
        return found > 0

    # ------------------------------------------------------------ files

    def _article_files(self, files: Files) -> list[File]:
        prefix = self.config.articles.strip("/") + "/"
        return sorted(
            # Every Markdown file (.md, .markdown ...): one MkDocs rendered itself would
            # publish its raw HTML, scripts included.
            (f for f in files if f.src_uri.startswith(prefix) and f.is_documentation_page()
             and f.src_uri != site.ARTICLE_INDEX_PAGE and f.abs_src_path),
            key=lambda f: f.src_uri,
        )

    def _drop_other_article_files(self, files: Files) -> None:
        """Other files in the articles folder (a saved web page, an SVG, a script) stay out
        of the site: MkDocs would copy them as they are, and nothing on the site shows them."""
        prefix = self.config.articles.strip("/") + "/"
        for file in [f for f in files if f.src_uri.startswith(prefix) and not f.is_documentation_page()]:
            log.info("marsad: %s is not an article (not Markdown): left out of the site", file.src_uri)
            files.remove(file)

    def _cache_folder(self, config: MkDocsConfig, probe: bool = False) -> Path | None:
        """The cache folder, None when the cache is off or cannot be used. `probe` (once a
        build, in on_config) finds out what the build may do with it and says so once."""
        if not self.config.cache_dir:
            return None
        folder = Path(config.config_file_path or ".").parent / self.config.cache_dir
        if probe:
            self.cache_access, why = folder_access(folder)
            if self.cache_access == "read":
                self._cache_notice(f"marsad: the cache folder {folder} cannot be written ({why}): "
                                   "the build reads what it holds and saves nothing")
            elif self.cache_access == "off":
                self._cache_notice(f"marsad: the cache folder {folder} cannot be used ({why}): "
                                   "the build goes on without a cache")
        return None if self.cache_access == "off" else folder

    def _cache_notice(self, message: str) -> None:
        """Say a thing about the cache once a build, as INFO: an unusable cache costs time,
        never the build (`--strict` publishes pass)."""
        if message not in self._cache_notices:
            self._cache_notices.add(message)
            log.info(message)

    def _cache(self, config: MkDocsConfig) -> ExtractionCache | None:
        folder = self._cache_folder(config)
        if folder is None:
            return None
        return ExtractionCache(folder / CACHE_FILE, read_only=self.cache_access != "write",
                               report=self._cache_notice)

    @contextlib.contextmanager
    def _dask(self):
        """The Dask backend the `dask` option asks for (None: extraction stays on this
        machine). A missing package or an unreachable scheduler stops the build in one line."""
        if not self.config.dask:
            yield None
            return
        from ..distributed import DaskBackend, DaskError, Tables

        try:
            tables = Tables.of(self.gazetteer_sources, [Path(p) for p in self.config.actors])
            with DaskBackend(self.config.dask, tables, workers=self.config.processes) as backend:
                yield backend
        except DaskError as exc:
            raise PluginError(f"marsad: {exc}") from None

    def _load(self, files: Files, config: MkDocsConfig) -> list[tuple[File, Article]]:
        loaded = []
        for file in self._article_files(files):
            assert file.abs_src_path is not None  # (_article_files keeps files that have one)
            try:
                article = load_article(Path(file.abs_src_path), display_path=f"{config.docs_dir}/{file.src_uri}")
            except ArticleError as exc:
                # Name the file and the problem; the rest of the site still builds, and
                # --strict fails because this is logged as an error.
                log.error("marsad: skipped article %s", exc)
                files.remove(file)
                continue
            except Exception as exc:  # a loader bug must not cost the site (the fuzz tests look for these)
                log.error("marsad: skipped article %s/%s: could not be read (%s: %s)",
                          config.docs_dir, file.src_uri, type(exc).__name__, exc)
                files.remove(file)
                continue
            for warning in article.warnings:
                log.warning("marsad: article %s: %s", article.path, warning)
            # Articles are reached from generated indexes, never from the navigation:
            # Material renders the whole navigation into every page (quadratic builds).
            file.inclusion = InclusionLevel.NOT_IN_NAV
            self._rendered_page(file, config)
            loaded.append((file, article))
        return loaded

    def _rendered_page(self, file: File, config: MkDocsConfig) -> None:
        # MkDocs keeps a page a plugin set on File.page (mkdocs >= 1.6).
        if self.config.skip_markdown:
            RenderedPage(None, file, config).slugify = self.slugify

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        with _collector_paused():
            return self._add_files(files, config)

    def _add_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.gazetteer is not None
        self._drop_other_article_files(files)
        loaded = self._load(files, config)
        if self._geocode(loaded):
            self.gazetteer = self._load_gazetteer()
        cache = self._cache(config)

        def progress(done: int, total: int) -> None:
            log.info("marsad: extracted %d/%d articles", done, total)

        try:
            with self._dask() as backend:
                extractions, stats = extract_many(
                    [Job(a.text, a.published, a.content_hash) for _, a in loaded],
                    self.gazetteer,
                    cache=cache,
                    week_start=WEEKDAYS.index(self.config.week_start),
                    actors=self.actors,
                    processes=self.config.processes,
                    progress=progress,
                    prune=True,
                    backend=backend,
                )
        finally:
            if cache is not None:
                cache.close()
        records = [site.ArticleRecord(a, ex, f.url) for (f, a), ex in zip(loaded, extractions)]
        # the article pages the site search indexes (their paths in the site)
        self.search_pages = sorted(f.dest_uri for f, a in loaded if site.searchable(a)) if self.config.search else []
        self.article_dest = {f.url: f.dest_uri for f, _ in loaded}
        self.searchable = len(self.search_pages)
        self.articles = {f.src_uri: r for (f, _), r in zip(loaded, records)}
        countries = {m.place.cc for r in records for m in r.extraction.places if m.place.cc}
        names = {cc: country.name_ar for cc in countries if (country := self.gazetteer.country(cc)) is not None}
        started = time.perf_counter()
        model = self.model = site.build_model(records, self.settings, country_names=names, actors=self.actors)
        log.info(
            "marsad: %d articles (%d extracted, %d from cache) in %.2f s; %d events, %d places",
            stats.articles, stats.extracted, stats.articles - stats.extracted, stats.seconds, len(model.events), len(model.places),
        )
        log.info("marsad: %d reports of events merged into %d events (%.2f s with the site model)",
                 len(model.entries), len(model.events), time.perf_counter() - started)

        # Pages: rendered in on_page_markdown, once MkDocs knows each page's URL.
        self.pages = {}
        user_pages = {f.src_uri for f in files}  # looked up once: Files re-indexes after each append

        def page(src_uri: str, render: Callable[[str], str], *, in_nav: bool = False) -> None:
            if src_uri in user_pages:
                return  # the user wrote this page themselves
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, src_uri, content="", inclusion=inclusion)
            if not in_nav:
                self._rendered_page(file, config)
            files.append(file)
            self.pages[src_uri] = render

        page(site.MAP_PAGE, lambda url: site.render_map_page(model, url), in_nav=True)
        page(site.TIMELINE_INDEX, lambda url: site.render_timeline_index(model, url), in_nav=True)
        page(site.PLACES_INDEX, lambda url: site.render_places_index(model, url), in_nav=True)
        page(site.ARTICLE_INDEX_PAGE, lambda url: site.render_article_index(model, url), in_nav=True)
        page(site.DATA_PAGE, lambda url: site.render_data_page(model, url), in_nav=True)
        page(timelineview.PAGE, lambda url: timelineview.render_page(model, url))
        for src_uri, heading, listed in site.article_index_pages(model):
            page(src_uri, functools.partial(site.render_article_list_page, model, heading, listed))
        for tp in model.timeline_pages:
            page(tp.src_uri, functools.partial(site.render_timeline_page, model, tp))
        self.listing_pages = set(self.pages) - {
            site.MAP_PAGE, site.TIMELINE_INDEX, site.PLACES_INDEX, site.ARTICLE_INDEX_PAGE, site.DATA_PAGE, timelineview.PAGE}
        for place_page in model.place_pages:
            page(place_page.src_uri, functools.partial(site.render_place_page, model, place_page))

        files.append(File.generated(config, site.MAP_HTML, content=mapview.cached_map_html(
            self._cache_folder(config),
            language=self.settings.language,
            tiles=self.settings.tiles,
            tiles_attribution=self.settings.tiles_attribution,
            data_url=site.link(site.PLACES_GEOJSON, site.MAP_HTML),
            excerpts_url=site.link(site.EXCERPTS_DIR, site.MAP_HTML).rstrip("/") + "/",
            points_url=site.link(site.MAP_POINTS, site.MAP_HTML),
            timeline_url=site.link(model.url(timelineview.PAGE), site.MAP_HTML),
            date_lang=model.date_lang,
            root=site.link(".", site.MAP_HTML).rstrip("/") + "/",
            assets=".",
            json_for_html=site.json_for_html,
        )))
        for path in sorted(STATIC.rglob("*")):
            if path.is_file():
                rel = path.relative_to(STATIC).as_posix()
                files.append(File.generated(config, f"{site.ASSETS}/{rel}", abs_src_path=str(path)))
        # The gazetteer and the model live until the end of the build: keep the cyclic
        # garbage collector from walking their millions of objects again and again while the
        # pages render, and at exit. The next build (`mkdocs serve`) unfreezes them.
        gc.freeze()
        return files

    @event_priority(-100)  # last: the build lock is let go when every plugin has written
    def on_post_build(self, config: MkDocsConfig) -> None:
        # The data files are written straight into the site (tens of MB on a large site:
        # MkDocs would hold them in memory as File contents until the end anyway).
        if self.partial_cache is not None:
            log.debug("marsad: partial cache: %s", self.partial_cache.summary())
        try:
            if self.model is not None:
                cache = self._cache(config)
                try:
                    log.debug("marsad: writing the data files")
                    with _collector_paused():
                        datafiles.write_all(self.model, config.site_name, Path(config.site_dir), cache)
                finally:
                    if cache is not None:
                        cache.close()
            if self.searchable:
                self._index(config)
        finally:
            self._release()

    def _index(self, config: MkDocsConfig) -> None:
        """The site search's index of the article pages, once every page is written."""
        prefix = self.config.articles.strip("/")
        log.debug("marsad: indexing %d article pages for the site search", self.searchable)
        try:
            folder = self._cache_folder(config) if self.cache_access == "write" else None
            stats = search.build_index(Path(config.site_dir), f"{prefix}/**/*.html", self.search_pages,
                                       max(1, self.config.search_part_pages),
                                       cache_dir=folder / search.CACHE if folder is not None else None,
                                       page_keys=self._search_keys())
        except (OSError, RuntimeError) as exc:
            raise PluginError(f"marsad: the site search could not be built: {exc}") from None
        log.info("marsad: search index of %d article pages in %.2f s (%.1f MB in %s/; %d parts, %d from the cache)",
                 stats.pages, stats.seconds, stats.bytes / 1e6, search.BUNDLE, stats.parts, stats.reused)

    def _search_keys(self) -> dict[str, str]:
        """What the search indexes of each article page, as a key: the article (its text by
        its content hash), its extraction and the render stage (pages.render_article's
        data-pagefind parts are made from these alone)."""
        from ..cache import key_for
        from ..site import RENDER_STAGE

        keys = {}
        for record in self.articles.values():
            a, ex = record.article, record.extraction
            if ex.key:
                keys[self.article_dest[record.url]] = key_for(
                    "search-page", RENDER_STAGE.version(), self.settings.language, self.settings.month_names,
                    ex.key, a.content_hash, a.title, a.source or "", a.published.isoformat(), record.url)
        return keys

    def on_build_error(self, error: Exception) -> None:
        self._release()

    def on_shutdown(self) -> None:
        self._release()

    def _release(self) -> None:
        if self.build_lock is not None:
            self.build_lock.release()

    # ------------------------------------------------------------ pages

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        # Article pages are rendered from the article on_files read and parsed (with
        # libyaml); MkDocs need not read the file and parse its front matter again.
        return "" if page.file.src_uri in self.articles else None

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        assert self.model is not None
        render = self.pages.get(src)
        if render is not None:
            if src in self.listing_pages:
                # Month and list pages repeat the sentences and titles of the article pages:
                # kept out of Material's search index, where `search: false` makes it the
                # site's (Marsad's own indexes article pages only).
                page.meta["search"] = {"exclude": True}
            rendered = render(page.url)
            if rendered.startswith("# "):
                # The heading is escaped already (a source's name is untrusted), and its
                # Markdown characters too (site.md_heading). As the page's title it would
                # reach <title> through `striptags`, which unescapes.
                page.meta["title"] = site.heading_html(rendered.partition("\n")[0][2:].strip())
            return self._body(page, rendered)
        record = self.articles.get(src)
        if record is not None:
            page.meta = article_page_meta(record.article)
            return self._body(page, site.render_article(self.model, record, page.url))
        if site.SUMMARY_MARKER in markdown:
            return markdown.replace(site.SUMMARY_MARKER, self._stash(page, site.render_home_summary(self.model, page.url)))
        return markdown

    def _body(self, page: Page, rendered: str) -> str:
        if isinstance(page, RenderedPage):
            page.rendered = rendered  # RenderedPage.render makes the HTML, without Markdown
            return ""
        return self._stash(page, rendered)

    def _stash(self, page: Page, rendered: str) -> str:
        """Our pages are HTML blocks between Markdown headings. The blocks skip Markdown
        (parsing thousands of ready-made tags costs more than the rest of a page) and come
        back in on_page_content; the headings stay Markdown, for the table of contents."""
        markdown, fragments = site.stash_html(rendered, token=f"MARSADFRAGMENT{id(page)}X")
        self.fragments[page.file.src_uri] = fragments
        return markdown

    def on_page_content(self, html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if isinstance(page, RenderedPage) and page.rendered is not None:
            page.rendered = None
            # Held compressed until the page is written (on_page_context gives it back).
            self.held[page.file.src_uri] = zlib.compress(html_text.encode("utf-8"), 1)
            return ""
        fragments = self.fragments.pop(page.file.src_uri, None)
        if fragments:
            html_text = site.unstash_html(html_text, fragments)
        return html_text

    @event_priority(100)  # first: before any plugin reads the page's content (Material's search, when kept)
    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        held = self.held.pop(page.file.src_uri, None)
        if held is not None:
            page.content = zlib.decompress(held).decode("utf-8")
        return context

    # Progress of long builds, as MkDocs users expect it: INFO lines, hidden by `-q`.
    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        self.nav_page_urls = {p.url for p in nav.pages}
        return nav

    def on_env(self, env, config: MkDocsConfig, files: Files):
        self.pages_total = len(files.documentation_pages())
        self.pages_done = 0
        env.globals["marsad_search"] = None
        if self.searchable and search.install_box(env):
            words = site.search_words(self.settings.language)
            env.globals["marsad_search"] = {**words, "json": json.dumps(words, ensure_ascii=False, sort_keys=True)}
        self.partial_cache = partials.install(env, self.nav_page_urls) if self.config.cache_partials else None
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if isinstance(page, RenderedPage):
            page.content = ""  # written: its HTML need not live until the build ends
        self.pages_done += 1
        if self.pages_total >= PAGES_PROGRESS_EVERY and (self.pages_done % PAGES_PROGRESS_EVERY == 0 or self.pages_done == self.pages_total):
            log.info("marsad: wrote %d/%d pages", self.pages_done, self.pages_total)
        return output
