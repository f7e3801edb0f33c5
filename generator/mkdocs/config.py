"""The plugin's options (the `marsad:` block of mkdocs.yml), kept apart from its hooks as
Material's own plugins keep theirs: MkDocs validates them before the first hook runs."""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..places.geocode import check_settings
from ..site import OSM_TILES
from ..site.labels import MONTH_STYLES

class GeocoderSettings(c.BaseConfigOption[dict]):
    """The `geocoder` block: a wrong type, an unknown provider, a URL that is not http(s)
    or a negative delay is a config error naming the setting; an unknown key a warning."""

    def __init__(self) -> None:
        super().__init__()
        self.default: dict = {}

    def run_validation(self, value: Any) -> dict:
        try:
            _, warnings = check_settings(value)
        except ValueError as exc:
            raise base.ValidationError(str(exc)) from None
        self.warnings.extend(warnings)
        return dict(value or {})


class DaskSetting(c.Type):
    """`dask`: "" (off), "local" or a scheduler address; checked without importing Dask."""

    def __init__(self) -> None:
        super().__init__(str, default="")

    def run_validation(self, value: Any) -> str:
        from ..distributed import check_setting

        value = super().run_validation(value)
        problem = check_setting(value)
        if problem is not None:
            raise base.ValidationError(problem)
        return value


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class MarsadConfig(base.Config):
    articles = c.Type(str, default="articles")  # folder inside docs_dir
    gazetteer = c.ListOfItems(c.File(exists=True), default=[])  # user gazetteer files
    actors = c.ListOfItems(c.File(exists=True), default=[])  # user actor tables (the format of data/actors.yaml)
    week_start = c.Choice(WEEKDAYS, default="monday")
    # Month names in dates and headings: egyptian (يناير), levantine (كانون الثاني، آب), maghrebi (غشت), algerian (أوت)
    month_names = c.Choice(tuple(MONTH_STYLES), default="egyptian")
    cache_dir = c.Type(str, default=".cache/marsad")  # relative to mkdocs.yml; "" turns the cache off
    processes = c.Optional(c.Type(int))  # worker processes for a cold extraction (default: all cores)
    # events.geojson, .csv and .ics beside events.zip while they hold at most this many rows
    # (one per event and place); a larger site publishes the zip only (GitHub Pages: 1 GB)
    raw_exports_up_to = c.Type(int, default=10000)
    # Extract what the cache lacks on a Dask cluster (marsad[dask]): "local" for a
    # LocalCluster of `processes` workers, or a scheduler address (tcp://host:8786)
    dask = DaskSetting()
    tiles = c.Type(str, default=OSM_TILES)
    tiles_attribution = c.Type(str, default="")  # "": OpenStreetMap's credit, in the interface's language
    # Optional online fallback for names the gazetteer lacks (off unless `enabled: true`);
    # its answers are stored in `geocoded` (relative to mkdocs.yml) and reused offline.
    geocoder = GeocoderSettings()
    geocoded = c.Type(str, default="gazetteer/geocoded.json")
    # Render the theme's navigation, tabs, search box, footer and config block once per
    # folder for pages outside the navigation (see partials.py); false: for every page.
    cache_partials = c.Type(bool, default=True)
    # Give article, month, place and list pages their HTML directly (see RenderedPage);
    # false: through MkDocs' Markdown pass like any page (same output, slower).
    skip_markdown = c.Type(bool, default=True)
    # The site search: Pagefind's index of the article pages and a search box in the header
    # (see search.py; Material's `search` plugin is turned off); false: no index, and
    # Material's search plugin, if mkdocs.yml lists it, works as on any MkDocs site.
    search = c.Type(bool, default=True)
    # Article pages per part of the search index (search.py: Pagefind's memory grows with
    # the pages of one index; the browser merges the parts)
    search_part_pages = c.Type(int, default=3000)
