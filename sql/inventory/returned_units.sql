-- Units the returns desk put back on the shelf on the night before tonight (oms.return_receipts,
-- accepted, disposition restock), per warehouse and SKU: tonight's snapshot was counted before
-- they were booked, so the netting adds them once; from the night after, the snapshot counts them.
-- Refurbished and disposed units are not available. The warehouse is the one that shipped the
-- line (returns come back to where they left).
with

return_receipts as (
    select * from oms.return_receipts
),

allocations as (
    select * from oms.allocations
),

restocked as (
    select channel, channel_order_id, line_no, sku, sum(quantity_received)::bigint as units
    from return_receipts
    where business_date = $business_date - interval 1 day
        and status = 'accepted'
        and disposition = 'restock'
    group by all
),

shipped_from as (
    select channel, channel_order_id, line_no, min(warehouse_id) as warehouse_id
    from allocations
    where business_date < $business_date
    group by all
),

final as (
    select shipped_from.warehouse_id, restocked.sku, sum(restocked.units)::bigint as returned_units
    from restocked
    inner join shipped_from using (channel, channel_order_id, line_no)
    group by all
)

select * from final
