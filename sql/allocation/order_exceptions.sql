-- Changes that arrived tonight for orders whose lines were already given units on earlier nights,
-- where no parcel can follow the change: a line's quantity lowered below what it was allocated (a
-- removed line counts as 0), and a ship-to address edited after units were allocated to the old
-- one (any line a carrier reads: name, company, both street lines, city, region, postal code,
-- country; a new phone number moves no parcel). Allocation sends nothing more for them
-- (sql/allocation/demand.sql); an operator decides.
with

orders as (
    select * from oms.orders
),

order_lines as (
    select * from oms.order_lines
),

line_fills as (
    select * from oms.line_fills
),

changed_orders as (
    select *
    from orders
    where business_date = $business_date and version > 1 and status = 'open'
),

tonights_lines as (
    select *, coalesce(channel_line_id, sku) as line_key
    from order_lines
    semi join changed_orders using (channel, channel_order_id, version)
    where business_date = $business_date
),

earlier_fills as (
    select *
    from line_fills
    semi join changed_orders using (channel, channel_order_id)
    where business_date < $business_date
        and (released_on is null or released_on > $business_date)
),

earlier_versions as (
    select *
    from orders
    semi join earlier_fills using (channel, channel_order_id, version)
    where business_date < $business_date
),

given_per_line as (
    select
        channel,
        channel_order_id,
        line_key,
        sum(units) as units_allocated,
        coalesce(sum(units) filter (where shipped_confirmed_on <= $business_date), 0) as units_shipped,
        string_agg(distinct shipment_id, ', ' order by shipment_id) as shipments
    from earlier_fills
    group by all
),

ordered_per_line as (
    select channel, channel_order_id, line_key, sum(quantity) as ordered
    from tonights_lines
    group by all
),

lowered_lines as (
    select
        given_per_line.channel,
        given_per_line.channel_order_id,
        given_per_line.line_key,
        'quantity_below_allocated' as exception,
        coalesce(ordered_per_line.ordered, 0) as ordered,
        given_per_line.units_allocated,
        given_per_line.units_shipped,
        given_per_line.shipments,
        format(
            'Line {} now orders {} after {} units were allocated ({} confirmed shipped) in {}: '
            || 'nothing more is sent. Stop or take back the {} extra units with the warehouse or '
            || 'carrier, and refund them on the channel if the customer is owed.',
            given_per_line.line_key, coalesce(ordered_per_line.ordered, 0),
            given_per_line.units_allocated, given_per_line.units_shipped, given_per_line.shipments,
            given_per_line.units_allocated - coalesce(ordered_per_line.ordered, 0)
        ) as reason
    from given_per_line
    left join ordered_per_line using (channel, channel_order_id, line_key)
    where given_per_line.units_allocated > coalesce(ordered_per_line.ordered, 0)
),

moved_orders as (
    select
        changed_orders.channel,
        changed_orders.channel_order_id,
        null as line_key,
        'address_changed_after_allocation' as exception,
        null::integer as ordered,
        sum(earlier_fills.units) as units_allocated,
        coalesce(sum(earlier_fills.units) filter (where earlier_fills.shipped_confirmed_on <= $business_date), 0)
            as units_shipped,
        string_agg(distinct earlier_fills.shipment_id, ', ' order by earlier_fills.shipment_id) as shipments
    from changed_orders
    inner join earlier_fills using (channel, channel_order_id)
    inner join earlier_versions
        on earlier_versions.channel = earlier_fills.channel
        and earlier_versions.channel_order_id = earlier_fills.channel_order_id
        and earlier_versions.version = earlier_fills.version
    where (
        earlier_versions.ship_name, earlier_versions.ship_company, earlier_versions.ship_address1,
        earlier_versions.ship_address2, earlier_versions.ship_city, earlier_versions.ship_region,
        earlier_versions.ship_postal_code, earlier_versions.ship_country
    ) is distinct from (
        changed_orders.ship_name, changed_orders.ship_company, changed_orders.ship_address1,
        changed_orders.ship_address2, changed_orders.ship_city, changed_orders.ship_region,
        changed_orders.ship_postal_code, changed_orders.ship_country
    )
    group by all
),

moved_orders_in_words as (
    select
        *,
        format(
            'The ship-to address changed after {} units were allocated to the previous address '
            || '({} confirmed shipped) in {}: those units are not sent again. Redirect the parcels '
            || 'with the carrier or the warehouse if they must follow; units still owed go to the '
            || 'new address.',
            units_allocated, units_shipped, shipments
        ) as reason
    from moved_orders
),

exceptions as (
    select * from lowered_lines
    union all by name
    select * from moved_orders_in_words
),

final as (
    select changed_orders.version, exceptions.*
    from exceptions
    inner join changed_orders using (channel, channel_order_id)
)

select * from final order by channel, channel_order_id, exception, line_key
