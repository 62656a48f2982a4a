-- Offers above what the night can promise: a channel offered more of a SKU (all its listings and
-- locations together) than its available to promise, or that ATP exceeds what the warehouses
-- hold once tonight's allocations are taken (for SKUs with stock of their own).
with

stock_feed as (
    select * from oms.stock_feed
),

inventory_positions as (
    select * from oms.inventory_positions
),

allocations as (
    select * from oms.allocations
),

offered as (
    select channel, sku, sum(sellable) as offered, max(atp) as atp
    from stock_feed
    where business_date = $business_date
    group by all
),

held as (
    select
        positions.sku,
        sum(
            greatest(
                0,
                positions.on_hand
                - positions.reserved
                - positions.safety_stock
                - coalesce(allocated_tonight.allocated, 0)
            )
        ) as held
    from inventory_positions as positions
    left join (
        select warehouse_id, sku, sum(quantity) as allocated
        from allocations
        where business_date = $business_date
        group by all
    ) as allocated_tonight using (warehouse_id, sku)
    where positions.business_date = $business_date
    group by all
),

final as (
    select offered.channel, offered.sku, offered.offered, offered.atp, held.held
    from offered
    left join held using (sku)
    where offered.offered > offered.atp or offered.atp > coalesce(held.held, offered.atp)
)

select * from final
order by channel, sku
