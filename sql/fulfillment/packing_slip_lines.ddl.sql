create table if not exists oms.packing_slip_lines (
    business_date date not null,
    shipment_id varchar not null,
    warehouse_id varchar not null,
    channel varchar not null,
    channel_order_id varchar not null,
    line_no integer not null,
    sku varchar not null,
    description varchar,
    ordered_units integer not null,
    packed_units integer not null,
    packages varchar,
    other_warehouse_units integer not null,
    other_warehouses varchar,
    backordered_units integer not null
);
comment on table oms.packing_slip_lines is 'What a packing slip says of each line of its order: how many units are in this shipment, how many leave another warehouse and how many are backordered (one row per shipment and order line, also for lines with nothing in it).';
comment on column oms.packing_slip_lines.business_date is 'Ship date.';
comment on column oms.packing_slip_lines.shipment_id is 'Shipment whose slip prints the line.';
comment on column oms.packing_slip_lines.warehouse_id is 'Warehouse of the shipment.';
comment on column oms.packing_slip_lines.channel is 'Sales channel.';
comment on column oms.packing_slip_lines.channel_order_id is 'The channel''s order number.';
comment on column oms.packing_slip_lines.line_no is 'Order line.';
comment on column oms.packing_slip_lines.sku is 'SKU on the order line (a kit SKU for kits).';
comment on column oms.packing_slip_lines.description is 'SKU description from the catalogue (reference/skus.csv).';
comment on column oms.packing_slip_lines.ordered_units is 'Units the line asked for tonight: packed + other warehouses + backordered (kits: kit units; a line filled in part on an earlier night asks for the rest).';
comment on column oms.packing_slip_lines.packed_units is 'Units of the line in this shipment (oms.allocations of this shipment_id).';
comment on column oms.packing_slip_lines.packages is 'Package numbers of the shipment holding the line''s units, e.g. ''1 2''; null when none are in it.';
comment on column oms.packing_slip_lines.other_warehouse_units is 'Units of the line allocated tonight to the order''s shipments from other warehouses.';
comment on column oms.packing_slip_lines.other_warehouses is 'Those warehouses, comma-separated in id order; null when none.';
comment on column oms.packing_slip_lines.backordered_units is 'Units of the line still owed tonight (oms.backorders).';
