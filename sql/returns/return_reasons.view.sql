create or replace view oms.return_reasons as
-- Why customers return, per channel and SKU: units and returns asked per normalised reason code,
-- and each reason's share of the SKU's returned units on that channel.
with

return_requests as (
    select * from oms.return_requests
),

per_reason as (
    select
        channel,
        sku,
        coalesce(reason_code_norm, 'NO_REASON_GIVEN') as reason_code,
        count(distinct rma_id) as returns,
        sum(quantity)::bigint as units
    from return_requests
    where status = 'accepted'
    group by all
),

final as (
    select
        *,
        round(units / sum(units) over (partition by channel, sku), 4) as share_of_units
    from per_reason
)

select * from final
order by channel, sku, units desc, reason_code
