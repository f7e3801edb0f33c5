"""Great-circle distance, the one formula every stage uses (places, event merging, the
gazetteer build, the benchmarks)."""

from __future__ import annotations

import math

# Mean earth radius (IUGG); the place resolver and the gazetteer build keep the round 6371.0
# they were tuned with (their "near" evidence prints whole kilometres).
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float, radius_km: float = EARTH_RADIUS_KM) -> float:
    """Great-circle distance in km between two points given in degrees (haversine)."""
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * radius_km * math.asin(min(1.0, math.sqrt(h)))
