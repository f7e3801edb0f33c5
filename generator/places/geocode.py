"""Optional online fallback geocoder for names the gazetteer lacks (off by default).

Configuration (``geocoder:`` in the site config; the same dict is passed here)::

    geocoder:
      provider: nominatim          # only Nominatim-compatible services are supported
      url: https://nominatim.openstreetmap.org   # or a self-hosted instance
      user_agent: marsad (you@example.org)       # required by Nominatim's usage policy
      min_delay_seconds: 1         # rate limit between requests
      enabled: false               # off by default
      language: ar

Every answer, found or not, is stored in a JSON cache file inside the project, so later
builds are reproducible and need no network: a name already in the cache is never asked
again. The cached answers can be turned into user gazetteer entries by an editor.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urlparse

from ..arabic import normalise

DEFAULTS = {
    "enabled": False,
    "provider": "nominatim",
    "url": "https://nominatim.openstreetmap.org",
    "user_agent": "marsad",
    "min_delay_seconds": 1.0,
    "language": "ar",
    "timeout": 10,
}


PROVIDERS = ("nominatim",)
# the type each setting must have (a number may be written as a whole number)
SETTING_TYPES: dict[str, tuple[type, ...]] = {
    "enabled": (bool,), "provider": (str,), "url": (str,), "user_agent": (str,),
    "min_delay_seconds": (int, float), "language": (str,), "timeout": (int, float),
}


def check_settings(config: Any) -> tuple[dict, list[str]]:
    """The ``geocoder`` option checked: (settings with defaults, warnings).

    Raises ``ValueError`` naming the setting for a wrong type, an unsupported provider, a
    URL that is not http(s) or a negative delay; an unknown key is a warning (for the
    plugin's config schema to report)."""
    if config is None:
        config = {}
    if not isinstance(config, dict):
        raise ValueError(f"geocoder: expected a mapping of settings, got {type(config).__name__}")
    warnings = [f"unknown key: {k}" for k in sorted(map(str, config)) if k not in SETTING_TYPES]
    for key, types in SETTING_TYPES.items():
        v = config.get(key)
        if v is None:
            continue
        if not isinstance(v, types) or (bool not in types and isinstance(v, bool)):
            raise ValueError(f"geocoder: {key} must be {' or '.join(t.__name__ for t in types)}, got {v!r}")
    s = settings_from(config)
    if s["provider"] not in PROVIDERS:
        raise ValueError(f"geocoder: provider must be one of {', '.join(PROVIDERS)}, got {s['provider']!r}")
    if urlparse(s["url"]).scheme not in ("http", "https"):
        raise ValueError(f"geocoder: url must be an http(s) address, got {s['url']!r}")
    for key in ("min_delay_seconds", "timeout"):
        if s[key] < 0:
            raise ValueError(f"geocoder: {key} must not be negative, got {s[key]!r}")
    return s, warnings


def settings_from(config: dict | None) -> dict:
    out = dict(DEFAULTS)
    out.update({k: v for k, v in (config or {}).items() if v is not None})
    return out


def load_cache(cache_path: Path) -> dict:
    p = Path(cache_path)
    if not p.exists():
        return {}
    return json.loads(p.read_text(encoding="utf-8") or "{}")


def save_cache(cache_path: Path, cache: dict) -> None:
    p = Path(cache_path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(p.suffix + ".tmp")
    tmp.write_text(json.dumps(cache, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(p)


# The geocoder interface: geopy's ``geocode(query, exactly_one=, language=, addressdetails=)``
# returning a ``geopy.location.Location`` (``latitude``, ``longitude``, ``raw``) or None.
Geocode = Callable[..., Any]


def _make_geocoder(settings: dict) -> Geocode:
    """The configured provider's geocode function, rate limited (only Nominatim today)."""
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    if settings.get("provider", "nominatim") != "nominatim":
        raise ValueError(f"unsupported geocoder provider: {settings.get('provider')}")
    u = urlparse(settings["url"])
    domain = u.netloc + u.path.rstrip("/")
    geocoder = Nominatim(user_agent=settings["user_agent"], domain=domain, scheme=u.scheme or "https",
                         timeout=settings.get("timeout", 10))
    geocode = RateLimiter(geocoder.geocode, min_delay_seconds=float(settings.get("min_delay_seconds", 1)),
                          max_retries=1, error_wait_seconds=float(settings.get("min_delay_seconds", 1)),
                          swallow_exceptions=False)
    return geocode


def geocode_unresolved(names: Iterable[str], cache_path: Path, settings: dict | None = None) -> dict:
    """Look up names the gazetteer lacks; returns {name: answer or None}.

    An answer is ``{"name", "lat", "lon", "cc", "kind", "display_name", "osm_type",
    "osm_id", "source"}``. Names already in the cache are answered from it; others are
    asked only when the geocoder is enabled, at most one request per
    ``min_delay_seconds``, and stored (a miss is stored as null)."""
    s = settings_from(settings)
    cache = load_cache(cache_path)
    out: dict = {}
    todo: list[tuple[str, str]] = []
    for name in names:
        key = normalise(name).strip()
        if not key:
            continue
        if key in cache:
            out[name] = cache[key]
        else:
            todo.append((name, key))
    if not todo or not s.get("enabled"):
        for name, _ in todo:
            out.setdefault(name, None)
        return out
    geocode = _make_geocoder(s)
    changed = False
    for name, key in todo:
        if key in cache:
            out[name] = cache[key]
            continue
        loc = geocode(name, exactly_one=True, language=s.get("language", "ar"), addressdetails=True)
        ans = None
        if loc is not None:
            raw = loc.raw or {}
            addr = raw.get("address") or {}
            ans = {
                "name": name,
                "lat": float(loc.latitude),
                "lon": float(loc.longitude),
                "cc": (addr.get("country_code") or "").upper() or None,
                "kind": _kind(raw),
                "display_name": raw.get("display_name", ""),
                "osm_type": raw.get("osm_type"),
                "osm_id": raw.get("osm_id"),
                "source": f"nominatim:{s['url']}",
            }
        cache[key] = ans
        out[name] = ans
        changed = True
    if changed:
        save_cache(cache_path, cache)
    return out


def _kind(raw: dict) -> str:
    cls, typ = raw.get("class"), raw.get("type")
    if typ == "country":
        return "country"
    if cls == "place" and typ in ("city", "town", "village", "hamlet", "suburb", "neighbourhood"):
        return "city"
    if cls == "boundary" and typ == "administrative":
        return "admin"
    if cls == "place" and typ in ("state", "region", "province", "county", "district"):
        return "admin"
    return "feature"


def cache_as_user_entries(cache: dict) -> dict:
    """The cache's answers in the user gazetteer format (for `Gazetteer.load(extra=...)`)."""
    entries = []
    for key, ans in sorted(cache.items()):
        if not ans:
            continue
        # A stable id: Python's hash() differs between runs, a digest does not.
        slug = f"{ans.get('osm_type') or 'geo'}-{ans.get('osm_id') or hashlib.sha256(key.encode()).hexdigest()[:10]}"
        entries.append({
            "id": f"x:geocoded-{slug}", "name": ans.get("display_name", "").split(",")[0] or ans["name"],
            "names": [ans["name"]], "lat": ans["lat"], "lon": ans["lon"], "cc": ans.get("cc"),
            "kind": ans.get("kind", "feature"), "source": ans.get("source", "geocoder"),
        })
    return {"entries": entries}
