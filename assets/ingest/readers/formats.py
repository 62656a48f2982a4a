"""Which export formats each landing folder accepts, recognised by the columns they carry.

The formats themselves are described in `contracts.channel_formats`. A format is recognised
when all its signature columns are present (names compared case-insensitively); any other
columns, missing or extra, are tolerated.
"""

from contracts.channel_formats import EXPORT_FORMATS, ExportFormat
from contracts.vocabulary import channel_name, with_article


def formats_of(channel: str) -> tuple[ExportFormat, ...]:
    """The layouts accepted in a channel's landing folder."""
    return tuple(f for f in EXPORT_FORMATS if f.channel == channel)


def separator_of(channel: str) -> str:
    """The delimiter of a channel's text exports (all its layouts share one)."""
    (separator,) = {f.separator for f in formats_of(channel)}
    return separator


def recognise(columns: list[str], channel: str) -> ExportFormat | None:
    """The first format of the channel whose signature columns are all present."""
    present = {c.strip().lower() for c in columns}
    for export_format in formats_of(channel):
        if all(s.lower() in present for s in export_format.signature):
            return export_format
    return None


def describe_mismatch(columns: list[str], channel: str) -> str:
    """Why a header is not one of the channel's formats, naming the look-alike if any."""
    present = {c.strip().lower() for c in columns}
    for export_format in EXPORT_FORMATS:
        if export_format.channel != channel and all(
            s.lower() in present for s in export_format.signature
        ):
            return (
                f"the file looks like {with_article(export_format.description)} "
                f"({export_format.channel}), "
                f"but it landed in the {channel} folder"
            )
    return unsupported_layout(present, channel)


def unsupported_layout(present: set[str], channel: str) -> str:
    """Which layouts the folder takes, and the nearest one's missing columns. The header is
    not quoted: a file without one has a customer's data in its first line."""
    layouts = formats_of(channel)
    supported = "; ".join(f"{f.description} ({', '.join(f.signature)})" for f in layouts)
    reason = (
        f"this layout is not supported: {with_article(f'{channel_name(channel)} export')} "
        f"is one of — {supported}"
    )

    def missing(export_format: ExportFormat) -> list[str]:
        return [s for s in export_format.signature if s.lower() not in present]

    nearest = min(layouts, key=lambda f: len(missing(f)))
    if len(missing(nearest)) < len(nearest.signature):
        reason += f"; the nearest, {nearest.description}, lacks {', '.join(missing(nearest))}"
    return reason
