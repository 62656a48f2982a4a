create table if not exists oms.allocation_decisions (
    business_date date not null,
    channel varchar not null,
    channel_order_id varchar not null,
    version integer not null,
    line_no integer not null,
    sku varchar not null,
    is_kit boolean not null,
    order_rank bigint not null,
    ordered integer not null,
    allocated integer not null,
    backordered integer not null,
    rule varchar not null,
    allocated_from struct(warehouse_id varchar, units integer)[],
    candidate_count integer not null,
    candidate_position integer,
    candidates_seen struct(warehouse_id varchar, zone varchar, available bigint)[],
    cheapest_plan struct(parcels integer, cost_cents bigint, zone_parcels integer, zone_cost_cents bigint)
);
comment on table oms.allocation_decisions is 'One row per demand line and night: what allocation decided, the rule that decided it and the facts behind it. oms.allocation_explanations adds the explanation in words.';
comment on column oms.allocation_decisions.business_date is 'Business date of the allocation run.';
comment on column oms.allocation_decisions.channel is 'Sales channel.';
comment on column oms.allocation_decisions.channel_order_id is 'The channel''s order number.';
comment on column oms.allocation_decisions.version is 'Order version.';
comment on column oms.allocation_decisions.line_no is 'Order line.';
comment on column oms.allocation_decisions.sku is 'Ordered SKU.';
comment on column oms.allocation_decisions.is_kit is 'Whether the ordered SKU is a kit (allocated as its components, all from one warehouse).';
comment on column oms.allocation_decisions.order_rank is 'Position of the order in tonight''s queue (1 = served first).';
comment on column oms.allocation_decisions.ordered is 'Units demanded tonight (new lines and backorders).';
comment on column oms.allocation_decisions.allocated is 'Units allocated tonight.';
comment on column oms.allocation_decisions.backordered is 'Units left owed.';
comment on column oms.allocation_decisions.rule is 'ship_complete, split, partial, out_of_stock, no_split_wait, no_candidate_warehouse, held_unpaid, cheapest_plan (docs/allocation.md).';
comment on column oms.allocation_decisions.allocated_from is 'Warehouses and units allocated, in the order taken (kit units for kits); null when nothing was allocated.';
comment on column oms.allocation_decisions.candidate_count is 'Candidate warehouses of the order (zones to its ship-to address).';
comment on column oms.allocation_decisions.candidate_position is 'ship_complete: which candidate shipped the order complete (1 = best ranked); null for other rules.';
comment on column oms.allocation_decisions.candidates_seen is 'split, partial, out_of_stock, no_split_wait: every candidate, best first, with its zone and the units it could supply when the line''s turn came (kit units for kits); null for other rules.';
comment on column oms.allocation_decisions.cheapest_plan is 'Rule cheapest_plan only: parcels and shipping cost (cents) of the plan the cheapest strategy chose for the whole order, and of the nearest-zone plan it replaced (docs/allocation.md, "Cheapest plans").';
