"""Readers: one per input format. A new format is one new reader added to READERS."""

from __future__ import annotations

from msglint.readers.asyncapi import AsyncApiReader
from msglint.readers.base import Reader, ReadSettings
from msglint.readers.catalog import CatalogReader
from msglint.readers.eventcatalog import EventCatalogReader
from msglint.readers.python import PythonReader

READERS: tuple[Reader, ...] = (CatalogReader(), AsyncApiReader(), EventCatalogReader(), PythonReader())

__all__ = ["READERS", "ReadSettings", "Reader"]
