"""The render stage: the extracted articles in, the site's pages, map and data files out.

pages.py         the site model (merged events, places, timeline months) and every page,
                 as strings: no MkDocs objects, no file system
labels.py        the interface's words in Arabic and English, month names, counts
mapview.py       the map page (folium and Leaflet; window.MARSAD holds its words)
timelineview.py  the interactive timeline page
datafiles.py     events and places as GeoJSON, CSV and iCalendar (rows cached per article)

The MkDocs glue that puts these strings into a site is generator/mkdocs/. What a cached
rendering depends on is `RENDER_STAGE`: this whole package (labels included), the event
tables it reads and the libraries it renders with.

`from generator import site` gives the page API (site.build_model, site.render_map_page ...).
"""

from ..cache import Stage

# Defined before the modules below import it (datafiles.py, mapview.py key their caches by it).
RENDER_STAGE = Stage(
    "render",
    modules=("generator.site", "generator.events", "generator.articles"),
    data=("data/event_types.yaml",),
    libraries=("folium", "jinja2", "mkdocs", "mkdocs-material", "pymdown-extensions"),
)

from .pages import *  # noqa: E402,F401,F403  (the page API, as site.<name>)
