-- Demand lines whose units do not add up: ordered = allocated + backordered, and the backorders table
-- holds exactly the backordered units.
with

allocation_decisions as (
    select * from oms.allocation_decisions
),

backorders as (
    select * from oms.backorders
),

decisions as (
    select channel, channel_order_id, line_no, ordered, allocated, backordered
    from allocation_decisions
    where business_date = $business_date
),

owed as (
    select channel, channel_order_id, line_no, sum(quantity) as owed
    from backorders
    where business_date = $business_date
    group by all
),

final as (
    select decisions.*, coalesce(owed.owed, 0) as in_backorders
    from decisions
    full outer join owed using (channel, channel_order_id, line_no)
    where decisions.ordered is null
       or decisions.ordered <> decisions.allocated + decisions.backordered
       or decisions.backordered <> coalesce(owed.owed, 0)
)

select * from final
