create table if not exists oms.unmapped_listings (
    business_date date not null,
    channel varchar not null,
    listing_id varchar,
    listing_title varchar,
    lines bigint not null,
    units bigint not null
);
comment on table oms.unmapped_listings is 'Listings of the night whose lines came without a SKU that reference/listings.csv could supply: those lines were rejected as missing_sku (their orders held). Add a row channel, listing_id, sku per listing to reference/listings.csv (docs/inputs.md, "Listings") and land the exports again.';
comment on column oms.unmapped_listings.business_date is 'Business date of the landing folder.';
comment on column oms.unmapped_listings.channel is 'Sales channel.';
comment on column oms.unmapped_listings.listing_id is 'The listing as reference/listings.csv names it: eBay item number (and variation in brackets), Shopify Lineitem name, Amazon ASIN, WooCommerce product id or item name (and variation in brackets); null when the export names no listing either.';
comment on column oms.unmapped_listings.listing_title is 'The listing''s title as the export writes it (eBay Item Title, Shopify Lineitem name, Amazon product-name, WooCommerce item name), to recognise the product by.';
comment on column oms.unmapped_listings.lines is 'Lines of the night with this listing rejected as missing_sku.';
comment on column oms.unmapped_listings.units is 'Units those lines ordered.';
