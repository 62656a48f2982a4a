create table if not exists oms.shipment_packages (
    business_date date not null,
    shipment_id varchar not null,
    package_id varchar not null,
    package_no integer not null,
    sku varchar not null,
    quantity integer not null,
    weight_g bigint not null
);
comment on table oms.shipment_packages is 'Contents of each package: one row per package and SKU.';
comment on column oms.shipment_packages.business_date is 'Ship date.';
comment on column oms.shipment_packages.shipment_id is 'Shipment the package belongs to.';
comment on column oms.shipment_packages.package_id is 'Package id (shipment id + package number).';
comment on column oms.shipment_packages.package_no is 'Package number within the shipment, 1-based.';
comment on column oms.shipment_packages.sku is 'SKU packed.';
comment on column oms.shipment_packages.quantity is 'Units of the SKU in the package.';
comment on column oms.shipment_packages.weight_g is 'Weight of these units in grams.';
