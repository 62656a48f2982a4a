create table if not exists oms.stock_feed_rejects (
    business_date date not null,
    source_file varchar not null,
    source_row bigint,
    channel varchar not null,
    sku varchar,
    listing varchar,
    reason varchar not null
);
comment on table oms.stock_feed_rejects is 'Rows of the reference files a stock feed is made from that no feed could use, with what to change.';
comment on column oms.stock_feed_rejects.business_date is 'Business date of the feed.';
comment on column oms.stock_feed_rejects.source_file is 'Reference file, relative to the landing area.';
comment on column oms.stock_feed_rejects.source_row is 'Data row number (1-based, header not counted).';
comment on column oms.stock_feed_rejects.channel is 'Channel the row is for.';
comment on column oms.stock_feed_rejects.sku is 'SKU as written in the file.';
comment on column oms.stock_feed_rejects.listing is 'Listing or location as written in the file.';
comment on column oms.stock_feed_rejects.reason is 'Why no feed used the row, and what to change.';
