create or replace view oms.order_book as
-- The live version of every order: the latest version received on any business date.
with

orders as (
    select * from oms.orders
),

final as (
    select *
    from orders
    qualify row_number() over (partition by channel, channel_order_id order by version desc) = 1
)

select * from final;
comment on view oms.order_book is 'The current state of every order: its latest version from oms.orders (business_date = when that version arrived).';
comment on column oms.order_book.business_date is 'Business date on which the live version arrived.';
comment on column oms.order_book.channel is 'Sales channel.';
comment on column oms.order_book.channel_order_id is 'The channel''s order number.';
comment on column oms.order_book.version is 'Live version number (1 = never changed).';
comment on column oms.order_book.placed_at is 'When the customer placed the order (UTC).';
comment on column oms.order_book.service_level is 'standard, expedited or overnight.';
comment on column oms.order_book.ship_name is 'Recipient name.';
comment on column oms.order_book.ship_company is 'Recipient company, where given.';
comment on column oms.order_book.ship_address1 is 'First ship-to address line (street and number).';
comment on column oms.order_book.ship_address2 is 'Second ship-to address line: flat, unit, suite or PO box.';
comment on column oms.order_book.ship_city is 'Ship-to city.';
comment on column oms.order_book.ship_region is 'Ship-to region code.';
comment on column oms.order_book.ship_postal_code is 'Ship-to postal code (text).';
comment on column oms.order_book.ship_country is 'Ship-to country (ISO alpha-2).';
comment on column oms.order_book.ship_phone is 'Recipient phone, where given.';
comment on column oms.order_book.status is 'open, cancelled, fulfilled_by_channel, store_pickup or digital (only open orders are allocated).';
comment on column oms.order_book.is_paid is 'Whether the channel reports the order as paid.';
comment on column oms.order_book.content_hash is 'Hash of the order''s content and lines.';
comment on column oms.order_book.source_file is 'Landing file the live version was read from.';
comment on column oms.order_book.buyer_email is 'Buyer e-mail as the export wrote it, where it had one (personal data; see oms.orders.buyer_email).';
