create or replace view oms.return_rates as
-- Return rate per channel and SKU: units the customers asked to return over units confirmed
-- shipped, and how many came back; the main reason is the one with most units asked (ties: by name).
with

allocations as (
    select * from oms.allocations
),

shipment_confirmations as (
    select * from oms.shipment_confirmations
),

return_requests as (
    select * from oms.return_requests
),

return_receipts as (
    select * from oms.return_receipts
),

shipped as (
    select channel, ordered_sku as sku, sum(units)::bigint as units_shipped
    from (
        select channel, channel_order_id, line_no, ordered_sku, shipment_id,
            max(ordered_units) as units
        from allocations
        semi join (
            select shipment_id from shipment_confirmations where status = 'applied'
        ) as confirmed using (shipment_id)
        group by all
    )
    group by all
),

requested as (
    select channel, sku, sum(quantity)::bigint as units_requested,
        arg_max(reason_code_norm, quantity) as main_reason
    from (
        select channel, sku, reason_code_norm, sum(quantity) as quantity
        from return_requests
        where status = 'accepted'
        group by all
        order by reason_code_norm
    )
    group by all
),

received as (
    select channel, sku,
        sum(quantity_received)::bigint as units_received,
        sum(quantity_received) filter (where disposition = 'restock')::bigint as units_restocked
    from return_receipts
    where status = 'accepted'
    group by all
),

final as (
    select
        channel,
        sku,
        coalesce(shipped.units_shipped, 0) as units_shipped,
        coalesce(requested.units_requested, 0) as units_requested,
        coalesce(received.units_received, 0) as units_received,
        coalesce(received.units_restocked, 0) as units_restocked,
        round(requested.units_requested / nullif(shipped.units_shipped, 0), 4) as return_rate,
        requested.main_reason
    from shipped
    full outer join requested using (channel, sku)
    full outer join received using (channel, sku)
)

select * from final
order by channel, sku;
comment on view oms.return_rates is 'Return rate per channel and SKU: units asked back over units confirmed shipped, units received and restocked, and the main reason (docs/lifecycle.md, "Returns").';
comment on column oms.return_rates.channel is 'Sales channel.';
comment on column oms.return_rates.sku is 'Ordered SKU.';
comment on column oms.return_rates.units_shipped is 'Units of the SKU in confirmed shipments of the channel''s orders.';
comment on column oms.return_rates.units_requested is 'Units customers asked to return (accepted return requests).';
comment on column oms.return_rates.units_received is 'Units the returns desk received back (accepted receipts, any disposition).';
comment on column oms.return_rates.units_restocked is 'Units received back and restocked (available again the next night).';
comment on column oms.return_rates.return_rate is 'units_requested / units_shipped; empty when nothing was shipped.';
comment on column oms.return_rates.main_reason is 'Normalised reason code with the most units asked back (ties: first by name).';
