create table if not exists oms.shipments (
    business_date date not null,
    shipment_id varchar not null,
    channel varchar not null,
    channel_order_id varchar not null,
    warehouse_id varchar not null,
    service_level varchar not null,
    zone varchar,
    carrier varchar,
    service varchar,
    packages integer not null,
    units integer not null,
    weight_g bigint not null,
    cost decimal(12, 2),
    transit_days integer,
    status varchar not null,
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
comment on table oms.shipments is 'One shipment per order and warehouse of the night''s allocations, with the carrier service chosen by rate shopping.';
comment on column oms.shipments.business_date is 'Business date (ship date) of the shipment.';
comment on column oms.shipments.shipment_id is 'Deterministic id: the same inputs give the same id on every re-run.';
comment on column oms.shipments.channel is 'Sales channel.';
comment on column oms.shipments.channel_order_id is 'The channel''s order number.';
comment on column oms.shipments.warehouse_id is 'Shipping warehouse.';
comment on column oms.shipments.service_level is 'Service level promised to the customer.';
comment on column oms.shipments.zone is 'Carrier zone from the warehouse to the ship-to address.';
comment on column oms.shipments.carrier is 'Chosen carrier; null when the shipment is held.';
comment on column oms.shipments.service is 'Chosen carrier service; null when held.';
comment on column oms.shipments.packages is 'Number of packages (a shipment over the service''s max weight is split).';
comment on column oms.shipments.units is 'Units in the shipment.';
comment on column oms.shipments.weight_g is 'Total weight in grams.';
comment on column oms.shipments.cost is 'Carrier cost of all packages.';
comment on column oms.shipments.transit_days is 'Transit days of the chosen service.';
comment on column oms.shipments.status is 'ready, or held (see oms.shipment_exceptions), e.g. for an address that cannot be delivered.';
comment on column oms.shipments.ship_name is 'Recipient name.';
comment on column oms.shipments.ship_company is 'Recipient company, where given.';
comment on column oms.shipments.ship_address1 is 'First ship-to address line (street and number).';
comment on column oms.shipments.ship_address2 is 'Second ship-to address line: flat, unit, suite or PO box.';
comment on column oms.shipments.ship_city is 'Ship-to city.';
comment on column oms.shipments.ship_region is 'Ship-to region.';
comment on column oms.shipments.ship_postal_code is 'Ship-to postal code.';
comment on column oms.shipments.ship_country is 'Ship-to country (ISO alpha-2).';
comment on column oms.shipments.ship_phone is 'Recipient phone, where given.';
