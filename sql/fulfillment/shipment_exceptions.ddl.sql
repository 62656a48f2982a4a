create table if not exists oms.shipment_exceptions (
    business_date date not null,
    shipment_id varchar not null,
    warehouse_id varchar not null,
    reason varchar not null
);
comment on table oms.shipment_exceptions is 'Shipments held instead of shipped (an address that cannot be delivered, no eligible carrier service, a unit heavier than any service allows), with the reason.';
comment on column oms.shipment_exceptions.business_date is 'Ship date.';
comment on column oms.shipment_exceptions.shipment_id is 'Held shipment.';
comment on column oms.shipment_exceptions.warehouse_id is 'Warehouse holding it.';
comment on column oms.shipment_exceptions.reason is 'Why it is held, in words.';
