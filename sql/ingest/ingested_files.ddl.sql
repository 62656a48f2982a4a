create table if not exists oms.ingested_files (
    business_date date not null,
    channel varchar not null,
    source_file varchar not null,
    file_format varchar,
    rows_read bigint,
    rows_structural bigint not null,
    lines_accepted bigint not null,
    lines_rejected bigint not null,
    lines_unchanged bigint not null,
    file_rejected_reason varchar,
    date_order varchar
);
comment on table oms.ingested_files is 'One row per landed order file and business date: how many data rows it held and where each went (accepted, rejected, unchanged re-export, structural rows such as eBay order summaries).';
comment on column oms.ingested_files.business_date is 'Business date whose landing folder held the file.';
comment on column oms.ingested_files.channel is 'Sales channel, from the landing folder name (shopify, amazon, woocommerce, ebay, generic).';
comment on column oms.ingested_files.source_file is 'Path of the file relative to the landing area (for a link to a folder outside it, the link itself).';
comment on column oms.ingested_files.file_format is 'Format detected from the header (e.g. shopify_orders_export, amazon_unshipped, generic_csv).';
comment on column oms.ingested_files.rows_read is 'Data rows read from the file (header, preamble, footer and blank lines not counted); a file rejected whole counts its rows as lines_rejected; null when the file never became rows (refused at the landing area, not text, or its rows could not be parsed).';
comment on column oms.ingested_files.rows_structural is 'Rows that carry no order line by design (eBay multi-item summary rows, cancelled Amazon items of live orders, WooCommerce lines refunded to zero); counted, never lost.';
comment on column oms.ingested_files.lines_accepted is 'Rows that became new or changed order lines in oms.order_lines.';
comment on column oms.ingested_files.lines_rejected is 'Rows sent to oms.order_rejects (repeated_line rows too: exact repeats of a row that was used).';
comment on column oms.ingested_files.lines_unchanged is 'Rows that repeat an order already in the order book with the same content (cumulative exports).';
comment on column oms.ingested_files.file_rejected_reason is 'Why the whole file was rejected (unreadable, wrong format, refused at the landing area: a link leading outside it, a special file, a file in no YYYY-MM-DD folder); it never quotes a refused file''s content; null when it was read.';
comment on column oms.ingested_files.date_order is 'How the file''s dates with slashes (WooCommerce files saved by a spreadsheet) were read, decided once for the file: day_first or month_first when its own dates showed it, ''month_first (setting)'' or ''day_first (setting)'' when none could tell and ingest_settings.woocommerce_date_order decided; null when the file has none.';
