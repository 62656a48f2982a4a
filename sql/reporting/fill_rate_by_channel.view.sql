create or replace view oms.fill_rate_by_channel as
-- Units demanded and allocated per channel and night (backorders carried in count as demand again).
with

decisions as (
    select business_date, channel, sum(ordered) as units_ordered, sum(allocated) as units_allocated
    from oms.allocation_decisions
    group by all
),

final as (
    select
        business_date,
        channel,
        units_ordered,
        units_allocated,
        round(units_allocated / nullif(units_ordered, 0), 4) as fill_rate
    from decisions
)

select * from final order by business_date, channel;
comment on view oms.fill_rate_by_channel is 'Fill rate per channel and business date: units allocated / units demanded that night.';
