-- The live version, before tonight, of each order present in tonight's batch.
-- frame batch_keys: channel, channel_order_id of every order in tonight's batch
with

batch as (
    select * from batch_keys
),

orders as (
    select * from oms.orders
),

earlier_versions as (
    select orders.*
    from orders
    semi join batch using (channel, channel_order_id)
    where orders.business_date < $business_date
),

final as (
    select *
    from earlier_versions
    qualify row_number() over (partition by channel, channel_order_id order by version desc) = 1
)

select * from final
