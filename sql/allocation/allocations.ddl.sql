create table if not exists oms.allocations (
    business_date date not null,
    channel varchar not null,
    channel_order_id varchar not null,
    version integer not null,
    line_no integer not null,
    ordered_sku varchar not null,
    ordered_units integer not null,
    sku varchar not null,
    warehouse_id varchar not null,
    quantity integer not null,
    shipment_id varchar not null,
    zone varchar
);
comment on table oms.allocations is 'Units promised tonight: which warehouse ships which order line. A kit line appears once per component.';
comment on column oms.allocations.business_date is 'Business date of the allocation run.';
comment on column oms.allocations.channel is 'Sales channel.';
comment on column oms.allocations.channel_order_id is 'The channel''s order number.';
comment on column oms.allocations.version is 'Order version that was allocated.';
comment on column oms.allocations.line_no is 'Order line.';
comment on column oms.allocations.ordered_sku is 'SKU on the order line (a kit SKU for kits).';
comment on column oms.allocations.ordered_units is 'Units of the ordered SKU this row fills (kits: kit units).';
comment on column oms.allocations.sku is 'SKU to pick (the component for kits, else the ordered SKU).';
comment on column oms.allocations.warehouse_id is 'Warehouse that ships these units.';
comment on column oms.allocations.quantity is 'Units of sku to pick.';
comment on column oms.allocations.shipment_id is 'Shipment (order x warehouse) the units travel in.';
comment on column oms.allocations.zone is 'Carrier zone from the warehouse to the ship-to address, as allocation ranked the warehouse by it (null on rows written before it was stored).';
