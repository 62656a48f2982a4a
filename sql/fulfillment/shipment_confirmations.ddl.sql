create table if not exists oms.shipment_confirmations (
    business_date date not null,
    shipment_id varchar,
    shipped_at timestamp,
    tracking_number varchar,
    source_file varchar not null,
    source_row bigint,
    status varchar not null,
    reason varchar
);
comment on table oms.shipment_confirmations is 'Shipment confirmations received, matched to shipments: applied once; unknown or duplicate ids are reported, never applied twice.';
comment on column oms.shipment_confirmations.business_date is 'Business date of the confirmations folder.';
comment on column oms.shipment_confirmations.shipment_id is 'Shipment id as confirmed; null when the whole file was unreadable.';
comment on column oms.shipment_confirmations.shipped_at is 'When the carrier took the shipment.';
comment on column oms.shipment_confirmations.tracking_number is 'Carrier tracking number.';
comment on column oms.shipment_confirmations.source_file is 'Confirmation file.';
comment on column oms.shipment_confirmations.source_row is 'Data row in the file.';
comment on column oms.shipment_confirmations.status is 'applied, duplicate (already confirmed), unknown_shipment, or unreadable_file.';
comment on column oms.shipment_confirmations.reason is 'Why a confirmation was not applied.';
