create or replace view oms.backlog_by_age as
-- Units still owed at the end of each night, bucketed by how long the customer has waited.
with

backorders as (
    select * from oms.backorders
),

aged as (
    select
        business_date,
        channel,
        quantity,
        date_diff('day', placed_at::date, business_date) as days_waiting
    from backorders
),

final as (
    select
        business_date,
        channel,
        case
            when days_waiting <= 1 then '0-1 days'
            when days_waiting <= 3 then '2-3 days'
            when days_waiting <= 7 then '4-7 days'
            else 'over 7 days'
        end as age_bucket,
        count(*) as lines,
        sum(quantity) as units
    from aged
    group by all
)

select * from final order by business_date, channel, age_bucket;
comment on view oms.backlog_by_age is 'Backordered lines and units per night, channel and age bucket (days since the order was placed).';
comment on column oms.backlog_by_age.business_date is 'Business date at whose end the units were owed.';
comment on column oms.backlog_by_age.channel is 'Sales channel.';
comment on column oms.backlog_by_age.age_bucket is 'Days since the order was placed: 0-1, 2-3, 4-7, over 7.';
comment on column oms.backlog_by_age.lines is 'Backordered lines.';
comment on column oms.backlog_by_age.units is 'Backordered units.';
