create table if not exists oms.manifest_lines (
    business_date date not null,
    warehouse_id varchar not null,
    carrier varchar not null,
    manifest_id varchar not null,
    shipment_id varchar not null,
    package_id varchar not null,
    service varchar not null,
    weight_g bigint not null,
    ship_name varchar,
    ship_company varchar,
    ship_address1 varchar,
    ship_address2 varchar,
    ship_city varchar,
    ship_region varchar,
    ship_postal_code varchar,
    ship_country varchar not null,
    ship_phone varchar
);
comment on table oms.manifest_lines is 'End-of-day carrier manifests (SCAN form / close-out): one row per package handed to the carrier.';
comment on column oms.manifest_lines.business_date is 'Ship date.';
comment on column oms.manifest_lines.warehouse_id is 'Shipper warehouse.';
comment on column oms.manifest_lines.carrier is 'Carrier.';
comment on column oms.manifest_lines.manifest_id is 'Manifest (warehouse x carrier x ship date), printed as a barcode.';
comment on column oms.manifest_lines.shipment_id is 'Shipment.';
comment on column oms.manifest_lines.package_id is 'Package.';
comment on column oms.manifest_lines.service is 'Carrier service.';
comment on column oms.manifest_lines.weight_g is 'Package weight in grams.';
comment on column oms.manifest_lines.ship_name is 'Recipient name.';
comment on column oms.manifest_lines.ship_company is 'Recipient company, where given.';
comment on column oms.manifest_lines.ship_address1 is 'First destination address line (street and number).';
comment on column oms.manifest_lines.ship_address2 is 'Second destination address line: flat, unit, suite or PO box.';
comment on column oms.manifest_lines.ship_city is 'Destination city.';
comment on column oms.manifest_lines.ship_region is 'Destination region.';
comment on column oms.manifest_lines.ship_postal_code is 'Destination postal code (text).';
comment on column oms.manifest_lines.ship_country is 'Destination country (ISO alpha-2).';
comment on column oms.manifest_lines.ship_phone is 'Recipient phone, where given.';
