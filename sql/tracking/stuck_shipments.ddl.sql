create table if not exists oms.stuck_shipments (
    business_date date not null,
    shipment_id varchar not null,
    channel varchar not null,
    channel_order_id varchar not null,
    carrier varchar,
    tracking_number varchar,
    confirmed_on date not null,
    last_scan_at timestamp,
    last_tracking_status varchar,
    last_location varchar,
    days_without_scan integer not null,
    stuck_after_days integer not null,
    reason varchar not null
);
comment on table oms.stuck_shipments is 'Each night, the confirmed shipments not delivered whose last carrier scan (or, without one, their confirmation) is at least stuck_after_days days before the night: the parcels to chase with the carrier. Days count business dates.';
comment on column oms.stuck_shipments.business_date is 'The night the list is for.';
comment on column oms.stuck_shipments.shipment_id is 'Shipment id.';
comment on column oms.stuck_shipments.channel is 'Sales channel of the shipment''s order.';
comment on column oms.stuck_shipments.channel_order_id is 'The channel''s order number.';
comment on column oms.stuck_shipments.carrier is 'Carrier of the shipment (oms.shipments).';
comment on column oms.stuck_shipments.tracking_number is 'Tracking number the confirmation gave; null when it gave none, so no scan can ever match.';
comment on column oms.stuck_shipments.confirmed_on is 'Business date the shipment''s confirmation was applied.';
comment on column oms.stuck_shipments.last_scan_at is 'Time of the latest tracking event; null when the carrier never scanned it.';
comment on column oms.stuck_shipments.last_tracking_status is 'Tracking status of the latest event (oms.tracking_events.tracking_status).';
comment on column oms.stuck_shipments.last_location is 'Where the latest scan happened.';
comment on column oms.stuck_shipments.days_without_scan is 'Days from the latest scan (or the confirmation) to the night.';
comment on column oms.stuck_shipments.stuck_after_days is 'The setting the night used (FulfillmentSettings.stuck_after_days, default 3).';
comment on column oms.stuck_shipments.reason is 'Why the shipment is listed, in words.';
