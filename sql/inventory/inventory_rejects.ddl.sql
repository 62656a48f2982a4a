create table if not exists oms.inventory_rejects (
    business_date date not null,
    source_file varchar not null,
    source_row bigint,
    warehouse_id varchar,
    sku varchar,
    reason varchar not null
);
comment on table oms.inventory_rejects is 'Snapshot rows that were not counted as stock (negative or non-numeric on_hand, unknown warehouse) with the reason.';
comment on column oms.inventory_rejects.business_date is 'Business date of the snapshot folder.';
comment on column oms.inventory_rejects.source_file is 'Snapshot file, relative to the landing area.';
comment on column oms.inventory_rejects.source_row is 'Data row number (1-based, header not counted); null when the whole file was rejected.';
comment on column oms.inventory_rejects.warehouse_id is 'Warehouse as written in the file.';
comment on column oms.inventory_rejects.sku is 'SKU as written in the file.';
comment on column oms.inventory_rejects.reason is 'Why the row was not counted.';
