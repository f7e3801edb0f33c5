"""The MkDocs plugin: a thin shell that feeds MkDocs' files to the pipeline.

on_config  loads the gazetteer and adds the stylesheet.
on_files   loads the articles, extracts them, and adds the generated pages and data files
           in memory (File.generated), never writing into docs_dir: a write there would make
           `mkdocs serve` rebuild in a loop.
on_page_markdown renders article pages from the parsed article, escaped.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import site
from .articles import ArticleError, load_article
from .extract import extract
from .places import Gazetteer

log = logging.getLogger("mkdocs.plugins.marsad")

STATIC = Path(__file__).parent / "static"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class MarsadConfig(base.Config):
    articles = c.Type(str, default="articles")  # folder inside docs_dir
    gazetteer = c.ListOfItems(c.File(exists=True), default=[])  # user gazetteer files
    week_start = c.Choice(WEEKDAYS, default="monday")
    tiles = c.Type(str, default=site.OSM_TILES)
    tiles_attribution = c.Type(str, default=site.OSM_ATTRIBUTION)


class MarsadPlugin(BasePlugin[MarsadConfig]):
    def __init__(self) -> None:
        self.gazetteer: Gazetteer | None = None
        self.settings = site.SiteSettings()
        self.records: dict[str, site.ArticleRecord] = {}
        self.errors: list[str] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        theme_language = config.theme.get("language") or "ar"
        self.settings = site.SiteSettings(
            language="en" if str(theme_language).startswith("en") else "ar",
            tiles=self.config.tiles,
            tiles_attribution=self.config.tiles_attribution,
        )
        self.gazetteer = Gazetteer.load([Path(p) for p in self.config.gazetteer])
        if site.CSS not in config.extra_css:
            config.extra_css.append(site.CSS)
        return config

    # ------------------------------------------------------------ files

    def _article_files(self, files: Files) -> list[File]:
        prefix = self.config.articles.strip("/") + "/"
        return sorted(
            (f for f in files if f.src_uri.startswith(prefix) and f.src_uri.endswith(".md") and f.src_uri != site.ARTICLE_INDEX_PAGE and f.abs_src_path),
            key=lambda f: f.src_uri,
        )

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.gazetteer is not None
        self.records = {}
        self.errors = []
        week_start = WEEKDAYS.index(self.config.week_start)
        for file in self._article_files(files):
            try:
                article = load_article(Path(file.abs_src_path), display_path=f"{config.docs_dir}/{file.src_uri}")
            except ArticleError as exc:
                # Name the file and the problem; the rest of the site still builds, and
                # --strict fails because this is logged as an error.
                log.error("marsad: skipped article %s", exc)
                self.errors.append(str(exc))
                files.remove(file)
                continue
            extraction = extract(article.text, article.published, self.gazetteer, week_start=week_start)
            self.records[file.src_uri] = site.ArticleRecord(article, extraction, file.url)
        records = list(self.records.values())
        places = site.collect_places(records)
        settings = self.settings

        def page(src_uri: str, render) -> None:
            if files.get_file_from_path(src_uri) is not None:
                return  # the user wrote this page themselves
            file = File.generated(config, src_uri, content="")
            file.content_string = render(file.url)
            files.append(file)

        def data(src_uri: str, content: str) -> None:
            files.append(File.generated(config, src_uri, content=content))

        page(site.MAP_PAGE, lambda url: site.render_map_page(places, url, settings))
        page(site.TIMELINE_PAGE, lambda url: site.render_timeline(records, url, settings))
        page(site.ARTICLE_INDEX_PAGE, lambda url: site.render_article_index(records, url, settings))
        data(site.EVENTS_GEOJSON, site.events_geojson(records))
        data(site.EVENTS_CSV, site.events_csv(records))
        data(site.PLACES_GEOJSON, site.places_geojson(places, settings))
        data(
            site.MAP_HTML,
            site.render_map_html(
                settings,
                data_url=site.link(site.PLACES_GEOJSON, site.MAP_HTML),
                root=site.link("./", site.MAP_HTML).rstrip("/") + "/",
                vendor=site.link(site.VENDOR, site.MAP_HTML),
            ),
        )
        files.append(File.generated(config, site.CSS, abs_src_path=str(STATIC / "marsad.css")))
        for path in sorted((STATIC / "vendor").rglob("*")):
            if path.is_file():
                rel = path.relative_to(STATIC / "vendor").as_posix()
                files.append(File.generated(config, f"{site.VENDOR}/{rel}", abs_src_path=str(path)))
        log.info("marsad: %d articles, %d events, %d places", len(records), sum(len(r.extraction.events) for r in records), len(places))
        return files

    # ------------------------------------------------------------ pages

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        record = self.records.get(page.file.src_uri)
        if record is None:
            return markdown
        # MkDocs' templates do not escape titles: the title is escaped here, once.
        page.meta["title"] = html.escape(record.article.title)
        return site.render_article(record, page.url, self.settings)
