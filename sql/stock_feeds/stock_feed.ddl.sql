create table if not exists oms.stock_feed (
    business_date date not null,
    channel varchar not null,
    sku varchar not null,
    listing varchar,
    location varchar,
    atp bigint not null,
    sellable bigint not null,
    previous_sellable bigint,
    sent boolean not null,
    file varchar
);
comment on table oms.stock_feed is 'What each channel may sell per SKU after the night''s allocation, and whether it was told: one row per channel, SKU, listing and (Shopify) location, sent or not.';
comment on column oms.stock_feed.business_date is 'Business date of the feed.';
comment on column oms.stock_feed.channel is 'Sales channel the quantity is for.';
comment on column oms.stock_feed.sku is 'Catalogue SKU (a kit SKU for kits).';
comment on column oms.stock_feed.listing is 'The channel''s name for it where the file needs one: eBay item number (and variation), the Amazon seller SKU when it differs; null otherwise.';
comment on column oms.stock_feed.location is 'Shopify location (the warehouse whose stock it shows); null for channels fed one quantity for all warehouses.';
comment on column oms.stock_feed.atp is 'Available to promise after tonight''s allocation: sum over warehouses of max(0, on_hand + returned_units - reserved - safety_stock - allocated tonight); a kit: per warehouse, its scarcest component.';
comment on column oms.stock_feed.sellable is 'Units offered to the channel: max(0, floor(atp x share_percent / 100) - buffer_units), never more than atp.';
comment on column oms.stock_feed.previous_sellable is 'The quantity the channel was last told on an earlier date; null when it never was.';
comment on column oms.stock_feed.sent is 'Written to tonight''s file: the quantity changed since the channel was last told, or a full feed was asked for.';
comment on column oms.stock_feed.file is 'The file it was written to, relative to the date''s output folder; null when not sent.';
