create or replace view oms.line_fills as
-- What each order line has been given: the units allocated to it on each night and the parcel
-- they travel in, under the key that follows a line from one version of its order to the next
-- (the channel's line id where it has one, else the ordered SKU), and the night a cancellation took
-- them back before they shipped. A changed order asks only for what its lines hold on that night
-- (sql/allocation/demand.sql), so a reopened order asks again for what its cancellation released.
-- Kits count in kit units.
with

allocations as (
    select * from oms.allocations
),

order_lines as (
    select * from oms.order_lines
),

shipment_confirmations as (
    select * from oms.shipment_confirmations
),

orders as (
    select * from oms.orders
),

applied_confirmations as (
    select * from shipment_confirmations
    where status = 'applied'
),

cancellations as (
    select channel, channel_order_id, business_date as cancelled_on
    from orders
    where status = 'cancelled'
),

-- a kit's component rows each repeat the kit units they fill: count them once per parcel
units_per_parcel as (
    select business_date, channel, channel_order_id, version, line_no, shipment_id, max(units) as units
    from (
        select business_date, channel, channel_order_id, version, line_no, shipment_id, sku,
            sum(ordered_units) as units
        from allocations
        group by all
    )
    group by all
),

fills as (
    select
        units_per_parcel.business_date,
        units_per_parcel.channel,
        units_per_parcel.channel_order_id,
        units_per_parcel.version,
        units_per_parcel.line_no,
        coalesce(order_lines.channel_line_id, order_lines.sku) as line_key,
        units_per_parcel.shipment_id,
        units_per_parcel.units::bigint as units,
        applied_confirmations.business_date as shipped_confirmed_on
    from units_per_parcel
    inner join order_lines using (channel, channel_order_id, version, line_no)
    left join applied_confirmations using (shipment_id)
),

-- the first cancellation after the night they were allocated, unless the parcel had shipped
releases as (
    select fills.shipment_id, fills.line_no, min(cancellations.cancelled_on) as released_on
    from fills
    inner join cancellations
        on cancellations.channel = fills.channel
        and cancellations.channel_order_id = fills.channel_order_id
        and cancellations.cancelled_on > fills.business_date
        and (fills.shipped_confirmed_on is null or cancellations.cancelled_on < fills.shipped_confirmed_on)
    group by all
),

final as (
    select fills.*, releases.released_on
    from fills
    left join releases using (shipment_id, line_no)
)

select * from final;
comment on view oms.line_fills is 'Units allocated to each order line per night and the shipment they travel in, keyed to follow the line across order versions.';
comment on column oms.line_fills.business_date is 'Night the units were allocated.';
comment on column oms.line_fills.channel is 'Sales channel.';
comment on column oms.line_fills.channel_order_id is 'The channel''s order number.';
comment on column oms.line_fills.version is 'Order version the units were allocated to.';
comment on column oms.line_fills.line_no is 'Line of that version.';
comment on column oms.line_fills.line_key is 'The line across versions: the channel''s line id, else the ordered SKU.';
comment on column oms.line_fills.shipment_id is 'Shipment the units travel in.';
comment on column oms.line_fills.units is 'Units of the ordered SKU (kits: kit units).';
comment on column oms.line_fills.shipped_confirmed_on is 'Business date the carrier confirmation was applied; null while not confirmed shipped.';
comment on column oms.line_fills.released_on is 'Business date a cancellation released the units before they shipped; null while the order holds them.';
