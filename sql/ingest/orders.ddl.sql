create table if not exists oms.orders (
    business_date date not null,
    channel varchar not null,
    channel_order_id varchar not null,
    version integer not null,
    placed_at timestamp not null,
    service_level varchar not null,
    ship_name varchar,
    ship_company varchar,
    ship_address1 varchar,
    ship_address2 varchar,
    ship_city varchar,
    ship_region varchar,
    ship_postal_code varchar,
    ship_country varchar,
    ship_phone varchar,
    status varchar not null,
    is_paid boolean not null,
    content_hash varchar not null,
    source_file varchar not null,
    buyer_email varchar
);
comment on table oms.orders is 'Order versions: one row per order that was new or changed on the business date (order key: channel, channel_order_id). oms.order_book holds the latest version of each order.';
comment on column oms.orders.business_date is 'Business date on which this version of the order arrived.';
comment on column oms.orders.channel is 'Sales channel the order came from.';
comment on column oms.orders.channel_order_id is 'The channel''s own order number (Shopify Name, Amazon order-id, eBay Order Number, ...).';
comment on column oms.orders.version is '1 for the first time the order was seen, +1 for each later change.';
comment on column oms.orders.placed_at is 'When the customer placed the order, in UTC.';
comment on column oms.orders.service_level is 'Promised speed: standard, expedited or overnight (channel service names mapped).';
comment on column oms.orders.ship_name is 'Recipient name.';
comment on column oms.orders.ship_company is 'Recipient company, where the channel gives one.';
comment on column oms.orders.ship_address1 is 'First address line of the ship-to address (street and number).';
comment on column oms.orders.ship_address2 is 'Second address line: flat, unit, suite, floor or PO box (Amazon''s third line joined with ", ").';
comment on column oms.orders.ship_city is 'Ship-to city.';
comment on column oms.orders.ship_region is 'Ship-to state, province or region code.';
comment on column oms.orders.ship_postal_code is 'Ship-to postal code as text (leading zeros kept).';
comment on column oms.orders.ship_country is 'Ship-to country, ISO 3166 alpha-2. Empty only for an order that ships nothing (status other than open, or no open line) and whose export gave none.';
comment on column oms.orders.ship_phone is 'Recipient phone as the channel wrote it, where given (carriers ask for it).';
comment on column oms.orders.status is 'open (to allocate); otherwise recorded, never allocated: cancelled (also refunded), fulfilled_by_channel (e.g. Amazon FBA, or fulfilled in the shop already), store_pickup (the customer collects it at a store) or digital (no line needs shipping).';
comment on column oms.orders.is_paid is 'Whether the channel reports the order as paid.';
comment on column oms.orders.content_hash is 'MD5 (hex) of the order''s content and lines, as docs/inputs.md defines it; a re-export with the same hash is a no-op.';
comment on column oms.orders.source_file is 'Landing file this version was read from.';
comment on column oms.orders.buyer_email is 'Buyer e-mail as the export wrote it (Shopify Email, Amazon buyer-email, eBay Buyer Email, WooCommerce billing_email, generic buyer_email), trimmed: personal data. Amazon gives an anonymised relay address (…@marketplace.amazon.com). Not part of the content hash: an e-mail alone never makes a new version. A copy without one (Amazon All Orders report) keeps the earlier version''s. Empty when the export has none, and on versions stored before e-mails were recorded.';
