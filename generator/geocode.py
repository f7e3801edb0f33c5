"""The optional geocoder moved to ``generator/places/geocode.py``; this name stays for the
code that imports it from here."""

from .places.geocode import (DEFAULTS, cache_as_user_entries, check_settings, geocode_unresolved,  # noqa: F401
                             load_cache, save_cache, settings_from)
