create table if not exists oms.allocation_runs (
    business_date date not null,
    demand_lines bigint not null,
    demand_units bigint not null,
    allocated_units bigint not null,
    backordered_units bigint not null,
    policy varchar not null,
    plan_search varchar
);
comment on table oms.allocation_runs is 'One row per allocated business date: the size of the night''s queue and the policy it ran with. Allocation of a date needs the previous date''s row.';
comment on column oms.allocation_runs.business_date is 'Business date allocated.';
comment on column oms.allocation_runs.demand_lines is 'Demand lines tonight (new lines plus carried backorders).';
comment on column oms.allocation_runs.demand_units is 'Units demanded tonight (ordered-SKU units).';
comment on column oms.allocation_runs.allocated_units is 'Units allocated tonight (ordered-SKU units).';
comment on column oms.allocation_runs.backordered_units is 'Units left owed at the end of the night.';
comment on column oms.allocation_runs.policy is 'The allocation policy settings used, as JSON.';
comment on column oms.allocation_runs.plan_search is 'Strategy cheapest only, as JSON: orders, orders_searched (those the time budget reached; the rest kept their zone plan), orders_replanned, zone_cost_cents and plan_cost_cents of the searched orders, seconds.';
