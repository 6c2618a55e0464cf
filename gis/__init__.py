"""Computation on incidents, wijken and hotspots; file and database access in ``gis.io_*``."""
