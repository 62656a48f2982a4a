create table if not exists oms.ingest_warnings (
    business_date date not null,
    channel varchar not null,
    source_file varchar not null,
    line bigint not null,
    rule varchar not null,
    reason varchar not null
);
comment on table oms.ingest_warnings is 'Lines of the night''s order files that were read, but not as the file said: their rows were accepted or rejected as usual, and the warning says what to check. A file rejected whole has none (its reject says why).';
comment on column oms.ingest_warnings.business_date is 'Business date of the landing folder.';
comment on column oms.ingest_warnings.channel is 'Sales channel.';
comment on column oms.ingest_warnings.source_file is 'Landing file, relative to the landing area.';
comment on column oms.ingest_warnings.line is 'Line of the file as a text editor numbers it (1-based, the header is line 1; a quoted value over several lines counts each). For a price warning, the data row plus one (the line unless a value spans lines or lines precede the header); its reason names the data row.';
comment on column oms.ingest_warnings.rule is 'What happened: read_as_windows_1252 (a line of a UTF-8 file that is not valid UTF-8 was read as Windows-1252; see docs/inputs.md, Encodings); bad_unit_price or unknown_currency (an accepted line whose price or currency cannot be read: it ships without one; see docs/inputs.md, Prices and currencies).';
comment on column oms.ingest_warnings.reason is 'Human-readable reason naming the line; never the line''s content.';
