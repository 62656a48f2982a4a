-- Packages and order lines told to a channel more than once, on any nights.
with

channel_feedback as (
    select * from oms.channel_feedback
),

final as (
    select
        package_id,
        line_no,
        count(*) as times_told,
        list(business_date order by business_date) as told_on
    from channel_feedback
    group by package_id, line_no
    having count(*) > 1
)

select * from final
