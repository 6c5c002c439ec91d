"""factcheck: catch conflicting figures across news sources.

Pipeline: ingest (files to articles) -> extract (claims) -> compare (discrepancies) -> report.
"""

from __future__ import annotations

__version__ = "0.1.0"

from factcheck.quantities import Quantity, parse_quantities  # noqa: E402

__all__ = ["Quantity", "__version__", "parse_quantities"]
