-- Whether the night before was allocated, and whether any earlier night was: allocation carries
-- backorders and reservations from the previous date, so dates must run in order.
with

allocation_runs as (
    select * from oms.allocation_runs
),

final as (
    select
        count(*) filter (where business_date = $business_date - interval 1 day) as previous_night_runs,
        count(*) filter (where business_date < $business_date) as earlier_runs
    from allocation_runs
)

select * from final
