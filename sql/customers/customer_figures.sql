-- Tonight's row of every customer whose figures changed (or who is new), from every order's
-- current link: orders, units and value (per currency, never added across currencies) of the
-- live versions received up to tonight; and a retiring row for a customer left with no order
-- (merged into an e-mail customer).
-- frame links: order_links.sql's rows (channel, channel_order_id, customer_id, matched_by,
-- earlier_customer_id)
with

order_links as (
    select * from links
),

orders as (
    select * from oms.orders
),

order_lines as (
    select * from oms.order_lines
),

customers as (
    select * from oms.customers
),

live as (
    select *
    from orders
    where business_date <= $business_date
    qualify row_number() over (partition by channel, channel_order_id order by version desc) = 1
),

linked_orders as (
    select
        order_links.customer_id,
        order_links.matched_by,
        live.*,
        live.status = 'cancelled' as is_cancelled,
        regexp_replace(lower(trim(live.buyer_email)), '\+[^@]*@', '@') as email_text
    from order_links
    inner join live using (channel, channel_order_id)
),

live_lines as (
    select
        linked.customer_id,
        lines.quantity,
        lines.unit_price,
        lines.currency
    from linked_orders as linked
    inner join order_lines as lines
        on linked.business_date = lines.business_date
        and linked.channel = lines.channel
        and linked.channel_order_id = lines.channel_order_id
        and linked.version = lines.version
    where not linked.is_cancelled
),

per_currency as (
    select customer_id, currency, sum(quantity * unit_price) as value
    from live_lines
    where unit_price is not null and currency is not null
    group by all
),

values_of as (
    select
        customer_id,
        string_agg(currency || ' ' || printf('%.2f', value), '; ' order by currency)
            as value_by_currency,
        case when count(*) = 1 then any_value(currency) end as currency,
        case when count(*) = 1 then any_value(value) end as value
    from per_currency
    group by customer_id
),

units_of as (
    select
        customer_id,
        sum(quantity) as units,
        sum(quantity) filter (where unit_price is null or currency is null) as unpriced_units
    from live_lines
    group by customer_id
),

customer_orders as (
    select
        customer_id,
        case
            when bool_or(matched_by = 'email' or matched_by = 'name_address_to_email') then 'email'
            when bool_or(matched_by = 'name_address') then 'name_address'
            else 'order'
        end as matched_by,
        string_agg(distinct channel, ',' order by channel) as channels,
        min(placed_at) filter (where not is_cancelled) as first_order_at,
        max(placed_at) filter (where not is_cancelled) as last_order_at,
        count(*) filter (where not is_cancelled) as orders,
        count(*) filter (where is_cancelled) as cancelled_orders,
        arg_max(ship_name, placed_at) as name,
        arg_max(ship_postal_code, placed_at) as postal_code,
        arg_max(ship_country, placed_at) as country,
        min(email_text) filter (where matched_by = 'email') as email
    from linked_orders
    group by customer_id
),

figures as (
    select
        customer_orders.customer_id,
        customer_orders.matched_by,
        customer_orders.email,
        customer_orders.name,
        customer_orders.postal_code,
        customer_orders.country,
        customer_orders.channels,
        customer_orders.first_order_at,
        customer_orders.last_order_at,
        customer_orders.orders::integer as orders,
        customer_orders.cancelled_orders::integer as cancelled_orders,
        coalesce(units_of.units, 0)::bigint as units,
        case
            when coalesce(units_of.unpriced_units, 0) = 0 then values_of.value::decimal(18, 2)
        end as value,
        case when coalesce(units_of.unpriced_units, 0) = 0 then values_of.currency end as currency,
        values_of.value_by_currency,
        coalesce(units_of.unpriced_units, 0)::bigint as unpriced_units,
        -- returns: no return table exists yet (docs/lifecycle.md, Customers, the returns hook)
        null::bigint as returned_units,
        null::varchar as merged_into
    from customer_orders
    left join units_of using (customer_id)
    left join values_of using (customer_id)
),

earlier as (
    select * exclude (business_date)
    from customers
    where business_date < $business_date
    qualify row_number() over (partition by customer_id order by business_date desc) = 1
),

changed as (
    select figures.*
    from figures
    left join earlier using (customer_id)
    where earlier.customer_id is null
        or figures is distinct from earlier
),

retired as (
    select
        earlier.customer_id,
        earlier.matched_by,
        earlier.email,
        earlier.name,
        earlier.postal_code,
        earlier.country,
        earlier.channels,
        null::timestamp as first_order_at,
        null::timestamp as last_order_at,
        0 as orders,
        0 as cancelled_orders,
        0::bigint as units,
        null::decimal(18, 2) as value,
        null::varchar as currency,
        null::varchar as value_by_currency,
        0::bigint as unpriced_units,
        null::bigint as returned_units,
        min(moved.customer_id) as merged_into
    from earlier
    inner join order_links as moved on moved.earlier_customer_id = earlier.customer_id
    where earlier.merged_into is null
        and earlier.customer_id not in (select customer_id from figures)
    group by all
),

final as (
    select * from changed
    union all by name
    select * from retired
)

select * from final
order by customer_id
