create table if not exists oms.allocation_decisions (
    business_date date not null,
    channel varchar not null,
    channel_order_id varchar not null,
    version integer not null,
    line_no integer not null,
    sku varchar not null,
    order_rank bigint not null,
    ordered integer not null,
    allocated integer not null,
    backordered integer not null,
    warehouses varchar,
    rule varchar not null,
    explanation varchar not null
);
comment on table oms.allocation_decisions is 'One row per demand line and night: what allocation decided and the rule that decided it. Answers "why was this order backordered?" in one query.';
comment on column oms.allocation_decisions.business_date is 'Business date of the allocation run.';
comment on column oms.allocation_decisions.channel is 'Sales channel.';
comment on column oms.allocation_decisions.channel_order_id is 'The channel''s order number.';
comment on column oms.allocation_decisions.version is 'Order version.';
comment on column oms.allocation_decisions.line_no is 'Order line.';
comment on column oms.allocation_decisions.sku is 'Ordered SKU.';
comment on column oms.allocation_decisions.order_rank is 'Position of the order in tonight''s queue (1 = served first).';
comment on column oms.allocation_decisions.ordered is 'Units demanded tonight (new lines and backorders).';
comment on column oms.allocation_decisions.allocated is 'Units allocated tonight.';
comment on column oms.allocation_decisions.backordered is 'Units left owed.';
comment on column oms.allocation_decisions.warehouses is 'Warehouses that ship the allocated units, comma separated.';
comment on column oms.allocation_decisions.rule is 'ship_complete, split, partial, out_of_stock, no_split_wait, no_candidate_warehouse, held_unpaid (docs/allocation.md).';
comment on column oms.allocation_decisions.explanation is 'The decision in words, naming warehouses and stock.';
