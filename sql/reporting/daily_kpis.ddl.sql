create table if not exists oms.daily_kpis (
    business_date date not null,
    orders bigint not null,
    lines bigint not null,
    lines_rejected bigint not null,
    units_ordered bigint not null,
    units_allocated bigint not null,
    units_backordered bigint not null,
    fill_rate double,
    shipments bigint not null,
    packages bigint not null,
    carrier_cost decimal(14, 2)
);
comment on table oms.daily_kpis is 'One row per business date: the night in numbers.';
comment on column oms.daily_kpis.business_date is 'Business date.';
comment on column oms.daily_kpis.orders is 'Orders new or changed on the date.';
comment on column oms.daily_kpis.lines is 'Order lines accepted on the date.';
comment on column oms.daily_kpis.lines_rejected is 'Rows rejected on the date (files rejected whole count once).';
comment on column oms.daily_kpis.units_ordered is 'Units demanded tonight (new lines plus backorders carried in).';
comment on column oms.daily_kpis.units_allocated is 'Units allocated tonight (ordered-SKU units).';
comment on column oms.daily_kpis.units_backordered is 'Units still owed at the end of the night.';
comment on column oms.daily_kpis.fill_rate is 'units_allocated / units_ordered: the nightly allocation rate, carried backorders demanded again (the first-time fill rate is oms.first_time_fill_rate).';
comment on column oms.daily_kpis.shipments is 'Shipments ready to ship.';
comment on column oms.daily_kpis.packages is 'Packages on manifests.';
comment on column oms.daily_kpis.carrier_cost is 'Total carrier cost of ready shipments.';
