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
order by channel, sku, units desc, reason_code;
comment on view oms.return_reasons is 'Why customers return, per channel, SKU and normalised reason code (accepted return requests).';
comment on column oms.return_reasons.channel is 'Sales channel.';
comment on column oms.return_reasons.sku is 'SKU returned.';
comment on column oms.return_reasons.reason_code is 'Reason code without Amazon''s CR- prefix, upper case; NO_REASON_GIVEN when the request gave none.';
comment on column oms.return_reasons.returns is 'Returns (RMAs) with this reason.';
comment on column oms.return_reasons.units is 'Units asked back with this reason.';
comment on column oms.return_reasons.share_of_units is 'Share of the SKU''s units asked back on the channel that give this reason.';
