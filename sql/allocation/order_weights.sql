-- Weight of each demand order in grams, kits counted as their components (registered: demand, skus, kits).
with

expanded as (
    select
        demand.channel,
        demand.channel_order_id,
        coalesce(kits.component_sku, demand.sku) as sku,
        demand.quantity * coalesce(kits.quantity, 1) as units
    from demand
    left join kits on kits.kit_sku = demand.sku
),

final as (
    select channel, channel_order_id, sum(units * coalesce(skus.weight_g, 0))::bigint as weight_g
    from expanded
    left join skus using (sku)
    group by all
)

select * from final
