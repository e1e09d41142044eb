"""Readers: one per input format. A new format is one new reader added to READERS."""

from __future__ import annotations

from msglint.readers.asyncapi import AsyncApiReader
from msglint.readers.base import Reader, ReadSettings
from msglint.readers.catalog import CatalogReader
from msglint.readers.eventcatalog import EventCatalogReader
from msglint.readers.inventory import InventoryReader
from msglint.readers.python import PythonReader

# the inventory reader first: it claims `*.msglint.json` by name, before the readers that claim any JSON
READERS: tuple[Reader, ...] = (
    InventoryReader(),
    CatalogReader(),
    AsyncApiReader(),
    EventCatalogReader(),
    PythonReader(),
)

__all__ = ["READERS", "ReadSettings", "Reader"]
