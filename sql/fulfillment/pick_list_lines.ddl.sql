create table if not exists oms.pick_list_lines (
    business_date date not null,
    warehouse_id varchar not null,
    wave integer not null,
    cutoff varchar,
    service_level varchar not null,
    pick_list_id varchar not null,
    sequence integer not null,
    bin varchar,
    pick_sequence bigint,
    sku varchar not null,
    description varchar,
    quantity integer not null,
    tote integer not null,
    shipment_id varchar not null,
    is_unslotted boolean not null
);
comment on table oms.pick_list_lines is 'What pickers walk: one line per pick list, bin, SKU and tote, in walking order.';
comment on column oms.pick_list_lines.business_date is 'Ship date.';
comment on column oms.pick_list_lines.warehouse_id is 'Warehouse.';
comment on column oms.pick_list_lines.wave is 'Wave number (earliest carrier cutoff first, then service level).';
comment on column oms.pick_list_lines.cutoff is 'Carrier pick-up cutoff of the wave, HH:MM local.';
comment on column oms.pick_list_lines.service_level is 'Service level of the wave (standard, expedited, overnight), named on the pick list.';
comment on column oms.pick_list_lines.pick_list_id is 'Pick list (printed as a Code 128 barcode).';
comment on column oms.pick_list_lines.sequence is 'Line number on the pick list, in walking order.';
comment on column oms.pick_list_lines.bin is 'Bin to pick from; null for unslotted SKUs.';
comment on column oms.pick_list_lines.pick_sequence is 'Walk order of the bin.';
comment on column oms.pick_list_lines.sku is 'SKU to pick (kit components, never kits).';
comment on column oms.pick_list_lines.description is 'SKU description.';
comment on column oms.pick_list_lines.quantity is 'Units to pick into the tote.';
comment on column oms.pick_list_lines.tote is 'Tote number on the cart (one order shipment per tote).';
comment on column oms.pick_list_lines.shipment_id is 'Shipment the tote belongs to.';
comment on column oms.pick_list_lines.is_unslotted is 'True when the SKU has no bin in this warehouse (listed last, flagged).';
