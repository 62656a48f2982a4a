create table if not exists oms.inventory_positions (
    business_date date not null,
    warehouse_id varchar not null,
    sku varchar not null,
    on_hand bigint not null,
    reserved bigint not null,
    safety_stock bigint not null,
    available bigint not null
);
comment on table oms.inventory_positions is 'Stock each warehouse can promise on the business date: available = max(0, on_hand - reserved - safety_stock). One row per warehouse and SKU with stock or open reservations.';
comment on column oms.inventory_positions.business_date is 'Business date of the snapshot.';
comment on column oms.inventory_positions.warehouse_id is 'Warehouse.';
comment on column oms.inventory_positions.sku is 'SKU (components for kits; kits hold no stock of their own).';
comment on column oms.inventory_positions.on_hand is 'Units in the inventory snapshot of the date (files summed; 0 when absent).';
comment on column oms.inventory_positions.reserved is 'Units allocated on earlier dates, not yet confirmed shipped, whose order is still live.';
comment on column oms.inventory_positions.safety_stock is 'Units held back from allocation (reference/safety_stock.csv).';
comment on column oms.inventory_positions.available is 'Units allocation may promise tonight.';
