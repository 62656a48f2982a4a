create table if not exists oms.order_lines (
    business_date date not null,
    channel varchar not null,
    channel_order_id varchar not null,
    version integer not null,
    line_no integer not null,
    channel_line_id varchar,
    sku varchar,
    quantity integer not null,
    source_file varchar not null,
    source_row bigint not null,
    line_status varchar,
    unit_price decimal(18, 4),
    currency varchar
);
comment on table oms.order_lines is 'Lines of the order versions in oms.orders (same business_date and version).';
comment on column oms.order_lines.business_date is 'Business date on which this order version arrived.';
comment on column oms.order_lines.channel is 'Sales channel.';
comment on column oms.order_lines.channel_order_id is 'The channel''s order number.';
comment on column oms.order_lines.version is 'Order version the line belongs to.';
comment on column oms.order_lines.line_no is 'Line number within the order, 1-based, in file order.';
comment on column oms.order_lines.channel_line_id is 'The channel''s own line id where it has one (Amazon order-item-id, eBay Transaction ID).';
comment on column oms.order_lines.sku is 'Ordered SKU (a kit SKU is kept as ordered; allocation expands it). Empty only for a line that is never shipped (a gift card, a line the channel fulfilled) and whose export gave no SKU.';
comment on column oms.order_lines.quantity is 'Units ordered.';
comment on column oms.order_lines.source_file is 'Landing file the line was read from.';
comment on column oms.order_lines.source_row is 'Data row number in that file, 1-based, header not counted.';
comment on column oms.order_lines.line_status is 'What the channel says of this line: open (to ship with its order), fulfilled_by_channel (the shop or channel fulfilled it already, e.g. Shopify Lineitem fulfillment status fulfilled) or digital (needs no shipping: gift cards, downloads). Only open lines of open orders are allocated. Empty on lines stored before line statuses were recorded: read as open.';
comment on column oms.order_lines.unit_price is 'Price of one unit as the channel sold it, in currency (Shopify Lineitem price, eBay Sold For, WooCommerce Item Cost; Amazon item-price and WooCommerce item totals divided by the quantity). What customs declarations value the line at. Empty when the export carries no price (Amazon Unshipped report), when it could not be read (an ingest warning bad_unit_price says which row), and on lines stored before prices were recorded: read as unknown.';
comment on column oms.order_lines.currency is 'ISO 4217 code of unit_price: the export''s currency column, else the marker before an eBay amount (AU $ is AUD, a bare $ USD), else ingest_settings.channel_currencies for the channel. Empty when none of them says (read as unknown).';
