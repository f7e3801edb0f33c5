"""Place stage: an Arabic gazetteer and a toponym resolver for news text.

The gazetteer (``generator/data/gazetteer.tsv.gz``, built by ``gazetteer/build.py`` from
GeoNames, CLDR and the curated ``gazetteer/supplement.yaml``) maps normalised Arabic names
to places. The resolver finds names in an article (clitics, multi-word names, longest
match), drops what is not a place (common words without a trigger, demonyms,
organisations), and chooses among candidates with the whole article as context
(population and rank, the countries and places the article mentions, the dateline, the
distance to the other places). A home word (المملكة, "the Kingdom") takes the country the
article is set in. Every mention keeps its evidence and runner-up candidates.

Modules, in the order a mention is made:

``tokens.py``      an article as tokens with source offsets; a word's clitic readings
                   (from the clitic table of generator/arabic.py)
``stopdata.py``    the word lists of ``generator/data/place_stop.yaml`` (triggers, common
                   words, demonyms, organisations, home words ...)
``gazetteer.py``   ``Place``, ``Gazetteer`` (loading, index, priors, the resolver's
                   per-gazetteer word cache), ``default_gazetteer``
``overlay.py``     the user gazetteer format, one implementation for the build and the
                   run time; ``GazetteerError`` for a wrong entry
``resolver.py``    ``find_places``: matching, filtering, the article's context, scoring
                   (weights in ``WEIGHTS``), acceptance, directional phrases
``unresolved.py``  ``find_unresolved``: names after place triggers the gazetteer lacks
``geocode.py``     the optional online geocoder (geopy, Nominatim) for those names
``distance.py``    ``haversine_km``, the great-circle distance every stage uses
"""

from .distance import EARTH_RADIUS_KM, haversine_km
from .gazetteer import DATA_DIR, GAZETTEER_FILE, PRIORS, Gazetteer, Place, Priors, WordCache, default_gazetteer
from .overlay import GazetteerError, apply_user_doc, clean_alias
from .resolver import CONTEXT_BONUS, MAX_NAME_WORDS, PIN_PRECISIONS, SMALL_TOWN, WEIGHTS, PlaceMention, Weights, find_places
from .stopdata import STOP_FILE, StopData, load_stop
from .tokens import TOKEN_RE, Doc, readings
from .unresolved import find_unresolved

# former private names that tools and tests import
_TOKEN_RE = TOKEN_RE
_readings = readings
_Doc = Doc

__all__ = [
    "CONTEXT_BONUS", "DATA_DIR", "Doc", "EARTH_RADIUS_KM", "GAZETTEER_FILE", "Gazetteer", "GazetteerError",
    "MAX_NAME_WORDS", "PIN_PRECISIONS", "PRIORS", "Place", "PlaceMention", "Priors", "SMALL_TOWN", "STOP_FILE", "StopData",
    "TOKEN_RE", "WEIGHTS", "Weights", "WordCache", "apply_user_doc", "clean_alias", "default_gazetteer",
    "find_places", "find_unresolved", "haversine_km", "load_stop", "readings",
]
