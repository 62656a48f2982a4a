-- How many status changes a night wrote, and for how many lines, per status: the history step's
-- metadata, counted in the warehouse. A line's first change of the night has sequence 1, so the
-- lines add up over the statuses to every line the night changed.
with

order_status_history as (
    select * from oms.order_status_history
),

final as (
    select
        status,
        count(*) as changes,
        count(*) filter (where sequence = 1) as lines_first_changed
    from order_status_history
    where business_date = $business_date
    group by status
)

select * from final
order by status
