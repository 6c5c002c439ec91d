"""Quantity recognition: find every number in news text, with its bounds, unit and kind.

Public API::

    from factcheck.quantities import parse_quantities, Quantity, get_registry, to_base
"""

from factcheck.quantities.model import KINDS, NON_QUANTITY_KINDS, QUALIFIERS, Quantity
from factcheck.quantities.parser import parse_quantities
from factcheck.quantities.units import get_registry, to_base

__all__ = [
    "KINDS",
    "NON_QUANTITY_KINDS",
    "QUALIFIERS",
    "Quantity",
    "get_registry",
    "parse_quantities",
    "to_base",
]
