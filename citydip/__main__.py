"""Entry point for ``python -m citydip``."""

from citydip.cli import main

main()
