"""wijkradar: hotspots and presence planning for the wijkdienst of a Belgian police zone."""

__version__ = "0.1.0"
