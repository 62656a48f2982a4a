"""What a channel export format is, as the readers recognise it and the demo writes it."""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Timestamps:
    """How an export writes the time an order was placed.

    written: the strftime shape the platform writes today (the demo writes it too).
    offset_formats: shapes read with their UTC offset honoured, tried in order.
    local_formats: shapes without an offset, read in the channel's configured zone.
    """

    written: str
    offset_formats: tuple[str, ...]
    local_formats: tuple[str, ...]


@dataclass(frozen=True)
class ExportFormat:
    """One recognisable export layout of a channel.

    A file is recognised as this format when all `signature` columns are present (names
    compared case-insensitively); other columns, missing or extra, are tolerated. `columns` is
    the header as the platform writes it in its current layout, in order. `fields` says which
    columns carry an order line's fields (`placed_at`, `sku`, `ship_city`, …): the first of them
    present in a file is read; a field the layout carries in no single column is not listed.
    """

    name: str
    channel: str
    separator: str
    signature: tuple[str, ...]
    description: str
    columns: tuple[str, ...]
    placed_at: Timestamps
    fields: Mapping[str, tuple[str, ...]]
