"""citydip: a queryable history of Korean city diplomacy, read from news articles."""

__version__ = "0.1.0"
