-- Tonight's news for the channels: every package of a shipment confirmed (status applied) on or
-- before tonight that no other night has told, one row per package and order line, in the
-- line's own units. A package's units of a SKU fill the shipment's allocated lines of that SKU
-- in line order; a kit line is told whole with the first package holding one of its components.
with

shipment_confirmations as (
    select * from oms.shipment_confirmations
),

shipments as (
    select * from oms.shipments
),

shipment_packages as (
    select * from oms.shipment_packages
),

allocations as (
    select * from oms.allocations
),

order_lines as (
    select * from oms.order_lines
),

channel_feedback as (
    select * from oms.channel_feedback
),

confirmed as (
    select shipment_id, business_date as confirmed_on, shipped_at, tracking_number
    from shipment_confirmations
    where status = 'applied' and business_date <= $business_date
    qualify row_number() over (
        partition by shipment_id order by business_date, source_file, source_row
    ) = 1
),

shipped as (
    select
        confirmed.*,
        shipments.business_date as shipped_business_date,
        shipments.channel,
        shipments.channel_order_id,
        shipments.carrier,
        shipments.service
    from confirmed
    inner join shipments using (shipment_id)
    where shipments.business_date <= confirmed.confirmed_on
    qualify row_number() over (
        partition by shipments.shipment_id order by shipments.business_date desc
    ) = 1
),

packed_and_allocated as (
    select 'package' as side, shipment_id, business_date, sku, quantity, package_id, package_no
    from shipment_packages
    union all by name
    select
        'line' as side, shipment_id, business_date, sku, quantity,
        version, line_no, ordered_sku, ordered_units
    from allocations
),

shipped_units as (
    -- each package's and each line's units of a SKU as a run [unit_from, unit_to) of the
    -- shipment's units of that SKU, packages in package order, lines in line order
    select
        units.*,
        sum(units.quantity) over units_before - units.quantity as unit_from,
        sum(units.quantity) over units_before as unit_to
    from packed_and_allocated as units
    inner join shipped
        on units.shipment_id = shipped.shipment_id
        and units.business_date = shipped.shipped_business_date
    window units_before as (
        partition by units.side, units.shipment_id, units.sku
        order by units.package_no, units.line_no, units.ordered_sku
        rows between unbounded preceding and current row
    )
),

package_lines as (
    select
        packed.shipment_id,
        packed.package_id,
        packed.package_no,
        line.version,
        line.line_no,
        line.ordered_sku,
        bool_or(line.ordered_sku <> line.sku) as is_kit,
        max(line.ordered_units) as kit_units,
        sum(least(packed.unit_to, line.unit_to) - greatest(packed.unit_from, line.unit_from))
            as units
    from shipped_units as packed
    inner join shipped_units as line
        on packed.shipment_id = line.shipment_id
        and packed.sku = line.sku
        and packed.unit_from < line.unit_to
        and line.unit_from < packed.unit_to
    where packed.side = 'package' and line.side = 'line'
    group by all
),

told_lines as (
    select
        *,
        case
            when not is_kit then units
            when package_no = min(package_no) over shipment_line
                then max(kit_units) over shipment_line
        end as quantity
    from package_lines
    window shipment_line as (partition by shipment_id, line_no)
),

tonight as (
    select
        shipped.channel,
        shipped.channel_order_id,
        told.shipment_id,
        told.package_id,
        told.package_no,
        told.version,
        told.line_no,
        told.ordered_sku as sku,
        told.quantity::integer as quantity,
        coalesce(shipped.shipped_at::date, shipped.confirmed_on) as ship_date,
        shipped.carrier,
        shipped.service,
        shipped.tracking_number,
        shipped.confirmed_on
    from told_lines as told
    inner join shipped using (shipment_id)
    where told.quantity is not null
    and not exists (
        select 1
        from channel_feedback as told_before
        where told_before.package_id = told.package_id
        and told_before.line_no = told.line_no
        and told_before.business_date <> $business_date
    )
),

with_line_ids as (
    select tonight.*, lines.channel_line_id
    from tonight
    left join order_lines as lines
        on tonight.channel = lines.channel
        and tonight.channel_order_id = lines.channel_order_id
        and tonight.version = lines.version
        and tonight.line_no = lines.line_no
    qualify row_number() over (
        partition by tonight.package_id, tonight.line_no order by lines.business_date desc
    ) = 1
),

live_versions as (
    select lines.channel, lines.channel_order_id, max(lines.version) as version
    from order_lines as lines
    semi join tonight using (channel, channel_order_id)
    group by all
),

live_lines as (
    select lines.channel, lines.channel_order_id, lines.line_no, lines.quantity
    from order_lines as lines
    semi join live_versions using (channel, channel_order_id, version)
    where coalesce(lines.line_status, 'open') = 'open' and lines.sku is not null
),

told_units as (
    select channel, channel_order_id, line_no, sum(quantity) as quantity
    from (
        select channel, channel_order_id, line_no, quantity
        from channel_feedback
        where business_date < $business_date
        union all
        select channel, channel_order_id, line_no, quantity from tonight
    )
    group by all
),

complete_orders as (
    select live.channel, live.channel_order_id
    from live_lines as live
    left join told_units as told using (channel, channel_order_id, line_no)
    group by all
    having bool_and(coalesce(told.quantity, 0) >= live.quantity)
),

final as (
    select
        lines.channel,
        lines.channel_order_id,
        lines.shipment_id,
        lines.package_id,
        lines.line_no,
        lines.channel_line_id,
        lines.sku,
        lines.quantity,
        lines.ship_date,
        lines.carrier,
        lines.service,
        lines.tracking_number,
        lines.confirmed_on,
        complete.channel_order_id is not null as order_complete
    from with_line_ids as lines
    left join complete_orders as complete using (channel, channel_order_id)
)

select * from final
order by channel, channel_order_id, shipment_id, package_id, line_no
