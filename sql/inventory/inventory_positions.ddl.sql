create table if not exists oms.inventory_positions (
    business_date date not null,
    warehouse_id varchar not null,
    sku varchar not null,
    on_hand bigint not null,
    returned_units bigint,
    reserved bigint not null,
    safety_stock bigint not null,
    available bigint not null
);
comment on table oms.inventory_positions is 'Stock each warehouse can promise on the business date: available = max(0, on_hand + returned_units - reserved - safety_stock). One row per warehouse and SKU with stock, restocked returns or open reservations.';
comment on column oms.inventory_positions.business_date is 'Business date of the snapshot.';
comment on column oms.inventory_positions.warehouse_id is 'Warehouse.';
comment on column oms.inventory_positions.sku is 'SKU (components for kits; kits hold no stock of their own).';
comment on column oms.inventory_positions.on_hand is 'Units in the inventory snapshot of the date (files summed; 0 when absent).';
comment on column oms.inventory_positions.returned_units is 'Returned units the returns desk restocked the night before (oms.return_receipts, disposition restock), which the snapshot does not count yet: added to on_hand once. Refurbished and disposed units are not. Empty on rows written before returns were read.';
comment on column oms.inventory_positions.reserved is 'Units allocated on earlier dates, not yet confirmed shipped, whose order is still live.';
comment on column oms.inventory_positions.safety_stock is 'Units held back from allocation (reference/safety_stock.csv).';
comment on column oms.inventory_positions.available is 'Units allocation may promise tonight.';
