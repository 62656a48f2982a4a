create or replace view oms.fill_rate_by_channel as
-- Units demanded and allocated per channel and night (backorders carried in count as demand again).
with

allocation_decisions as (
    select * from oms.allocation_decisions
),

decisions as (
    select business_date, channel, sum(ordered) as units_ordered, sum(allocated) as units_allocated
    from allocation_decisions
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
comment on view oms.fill_rate_by_channel is 'Nightly allocation rate per channel and business date: units allocated / units demanded that night, carried backorders demanded again (a measure of each night''s work; the fill rate analysts usually mean is oms.first_time_fill_rate).';
comment on column oms.fill_rate_by_channel.business_date is 'Business date.';
comment on column oms.fill_rate_by_channel.channel is 'Sales channel.';
comment on column oms.fill_rate_by_channel.units_ordered is 'Units demanded that night (new lines and carried backorders).';
comment on column oms.fill_rate_by_channel.units_allocated is 'Units allocated that night.';
comment on column oms.fill_rate_by_channel.fill_rate is 'units_allocated / units_ordered.';
