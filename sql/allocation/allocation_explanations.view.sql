create or replace view oms.allocation_explanations as
-- Every allocation decision with the warehouses it used and its explanation in words, rendered
-- from the decision's facts when queried (rendering 3M sentences on demand is cheaper than
-- writing them every night). The wording is docs/allocation.md's.
with

allocation_decisions as (
    select * from oms.allocation_decisions
),

in_words as (
    select
        *,
        nullif(array_to_string(list_transform(allocated_from, lambda taken: taken.warehouse_id), ', '), '')
            as warehouses,
        array_to_string(
            list_transform(allocated_from, lambda taken: taken.units || ' from ' || taken.warehouse_id),
            ', '
        ) as amounts,
        array_to_string(
            list_transform(
                candidates_seen,
                lambda seen: format('{} (zone {}, {} available)', seen.warehouse_id, seen.zone, seen.available)
            ),
            ', '
        ) as candidates,
        case when is_kit then format('kit {} (all its components in one warehouse)', sku) else sku end
            as what
    from allocation_decisions
),

explained as (
    select
        *,
        case rule
            when 'ship_complete' then format(
                'allocated {} of {} from {}: candidate {} of {}, the first that could ship order ranked {} complete',
                allocated, ordered, warehouses, candidate_position, candidate_count, order_rank
            )
            when 'split' then format(
                'allocated {} of {} ({}): no candidate could ship order ranked {} complete, so its lines took stock candidate by candidate',
                allocated, ordered, amounts, order_rank
            )
            when 'partial' then format(
                'allocated {} of {} ({}), backordered {}: candidates ran out of {} when order ranked {} was served; candidates {}',
                allocated, ordered, amounts, backordered, what, order_rank, candidates
            )
            when 'out_of_stock' then format(
                'backordered {} of {}: no candidate warehouse had stock of {} when order ranked {} was served; candidates {}',
                backordered, ordered, what, order_rank, candidates
            )
            when 'no_split_wait' then format(
                'backordered {} of {}: channel {} does not allow split shipments and no candidate could ship order ranked {} complete; candidates {}',
                backordered, ordered, channel, order_rank, candidates
            )
            when 'no_candidate_warehouse' then format(
                'backordered {} of {}: no warehouse has a zone to the ship-to address of order ranked {} (reference/zones.csv)',
                backordered, ordered, order_rank
            )
            when 'cheapest_plan' then format(
                'allocated {} of {} from {}: cheapest plan for order ranked {}, {} {} at {} instead of {} {} at {} by nearest zone',
                allocated, ordered, warehouses, order_rank,
                cheapest_plan.parcels,
                case when cheapest_plan.parcels = 1 then 'parcel' else 'parcels' end,
                printf('%.2f', cheapest_plan.cost_cents / 100),
                cheapest_plan.zone_parcels,
                case when cheapest_plan.zone_parcels = 1 then 'parcel' else 'parcels' end,
                printf('%.2f', cheapest_plan.zone_cost_cents / 100)
            )
            when 'held_unpaid' then format(
                'backordered {} of {}: order ranked {} is unpaid and the policy holds unpaid orders',
                backordered, ordered, order_rank
            )
        end as explanation
    from in_words
),

final as (
    select
        business_date,
        channel,
        channel_order_id,
        version,
        line_no,
        sku,
        order_rank,
        ordered,
        allocated,
        backordered,
        warehouses,
        rule,
        explanation
    from explained
)

select * from final;
comment on view oms.allocation_explanations is 'Every allocation decision in words (from oms.allocation_decisions): the answer to "why was this order backordered?" in one query.';
comment on column oms.allocation_explanations.business_date is 'Business date of the allocation run.';
comment on column oms.allocation_explanations.channel is 'Sales channel.';
comment on column oms.allocation_explanations.channel_order_id is 'The channel''s order number.';
comment on column oms.allocation_explanations.version is 'Order version.';
comment on column oms.allocation_explanations.line_no is 'Order line.';
comment on column oms.allocation_explanations.sku is 'Ordered SKU.';
comment on column oms.allocation_explanations.order_rank is 'Position of the order in tonight''s queue (1 = served first).';
comment on column oms.allocation_explanations.ordered is 'Units demanded tonight (new lines and backorders).';
comment on column oms.allocation_explanations.allocated is 'Units allocated tonight.';
comment on column oms.allocation_explanations.backordered is 'Units left owed.';
comment on column oms.allocation_explanations.rule is 'ship_complete, split, partial, out_of_stock, no_split_wait, no_candidate_warehouse, held_unpaid, cheapest_plan (docs/allocation.md).';
comment on column oms.allocation_explanations.warehouses is 'Warehouses that ship the allocated units, comma separated; null when nothing was allocated.';
comment on column oms.allocation_explanations.explanation is 'The decision in words, naming warehouses and stock (docs/allocation.md, Rules and explanations).';
