create or replace view oms.stock_feed_changes as

with

stock_feed as (
    select * from oms.stock_feed
),

final as (
    select
        business_date,
        channel,
        sku,
        listing,
        location,
        previous_sellable,
        sellable,
        sellable - coalesce(previous_sellable, 0) as change,
        atp,
        file
    from stock_feed
    where sent
)

select * from final
order by business_date, channel, sku, listing, location;
comment on view oms.stock_feed_changes is 'The quantities told to each channel, night by night: what it was told before, what it is told now, and the change.';
comment on column oms.stock_feed_changes.business_date is 'Night the quantity was told.';
comment on column oms.stock_feed_changes.channel is 'Sales channel told.';
comment on column oms.stock_feed_changes.sku is 'Catalogue SKU.';
comment on column oms.stock_feed_changes.listing is 'The channel''s listing where its file needs one (eBay item, Amazon seller SKU).';
comment on column oms.stock_feed_changes.location is 'Shopify location; null for the other channels.';
comment on column oms.stock_feed_changes.previous_sellable is 'The quantity the channel was told before; null the first time.';
comment on column oms.stock_feed_changes.sellable is 'The quantity told that night.';
comment on column oms.stock_feed_changes.change is 'sellable - previous_sellable (the whole quantity the first time).';
comment on column oms.stock_feed_changes.atp is 'The night''s available to promise of the SKU, over every warehouse.';
comment on column oms.stock_feed_changes.file is 'The file it was written to, relative to the date''s output folder.';
