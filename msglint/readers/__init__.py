"""Readers: one per input format. A new format is one new reader added to READERS."""

from __future__ import annotations

from msglint.readers.base import ReadSettings, Reader
from msglint.readers.catalog import CatalogReader

READERS: tuple[Reader, ...] = (CatalogReader(),)

__all__ = ["READERS", "ReadSettings", "Reader"]
