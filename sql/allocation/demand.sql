-- Tonight's demand: open lines of open order versions that arrived tonight, plus what was still backordered
-- at the end of last night for orders whose live version is unchanged (a cancelled one leaves the
-- queue). A changed order asks only for what its lines have not been given on earlier nights, by
-- any version (oms.line_fills): a parcel already allocated or shipped is never sent again. Each
-- line carries what allocation ranks and routes by.
with

order_lines as (
    select * from oms.order_lines
),

line_fills as (
    select * from oms.line_fills
),

backorders as (
    select * from oms.backorders
),

orders as (
    select * from oms.orders
),

-- only lines left to ship: a line the channel fulfilled, or one needing no shipping (a gift
-- card), is recorded and never asks for stock (lines stored before line statuses: open)
tonights_lines as (
    select *
    from order_lines
    where business_date = $business_date
        and coalesce(line_status, 'open') = 'open'
),

-- a new version of an order seen before; a first version has been given nothing yet
changed_lines as (
    select *, coalesce(channel_line_id, sku) as line_key
    from tonights_lines
    where version > 1
),

filled_before as (
    select channel, channel_order_id, line_key, sum(units) as units
    from line_fills
    semi join changed_lines using (channel, channel_order_id)
    where business_date < $business_date
        and (released_on is null or released_on > $business_date)
    group by all
),

-- a key's units already given are taken off its lines in line order
still_owed as (
    select
        changed_lines.channel,
        changed_lines.channel_order_id,
        changed_lines.version,
        changed_lines.line_no,
        changed_lines.sku,
        greatest(
            0,
            least(
                changed_lines.quantity,
                sum(changed_lines.quantity) over given_so_far - coalesce(filled_before.units, 0)
            )
        )::integer as quantity
    from changed_lines
    left join filled_before using (channel, channel_order_id, line_key)
    window given_so_far as (
        partition by changed_lines.channel, changed_lines.channel_order_id, changed_lines.line_key
        order by changed_lines.line_no
    )
),

owed_lines as (
    select channel, channel_order_id, version, line_no, sku, quantity
    from tonights_lines
    where version = 1
    union all
    select * from still_owed
),

new_lines as (
    select
        channel, channel_order_id, version, line_no, sku, quantity,
        null::date as first_backordered_date
    from owed_lines
    where quantity > 0
),

carried_backorders as (
    select
        channel, channel_order_id, version, line_no, sku, quantity,
        first_backordered_date
    from backorders
    where business_date = $business_date - interval 1 day
),

demand_lines as (
    select * from new_lines
    union all by name
    select * from carried_backorders
),

-- only the orders in tonight's queue: the cost follows the queue, not the length of history
live_orders as (
    select orders.*
    from orders
    semi join demand_lines using (channel, channel_order_id)
    where orders.business_date <= $business_date
    qualify row_number() over (partition by channel, channel_order_id order by version desc) = 1
),

final as (
    select
        demand_lines.channel,
        demand_lines.channel_order_id,
        demand_lines.version,
        demand_lines.line_no,
        demand_lines.sku,
        demand_lines.quantity,
        live_orders.placed_at,
        live_orders.service_level,
        live_orders.is_paid,
        demand_lines.first_backordered_date,
        live_orders.ship_country,
        live_orders.ship_region
    from demand_lines
    inner join live_orders using (channel, channel_order_id, version)
    -- no order by: allocation's result does not depend on row order (a tested property), and
    -- sorting 3M lines cost the nightly run about a second
    where live_orders.status = 'open'
)

select * from final
