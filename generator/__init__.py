"""Marsad: Arabic news articles in, a map-and-timeline static site out.

The pipeline reads from the module list: articles -> dates, places -> events -> site.
"""

__version__ = "0.1.0"
