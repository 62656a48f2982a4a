create table if not exists oms.tracking_events (
    business_date date not null,
    event_id varchar not null,
    shipment_id varchar not null,
    channel varchar not null,
    channel_order_id varchar not null,
    packages integer not null,
    carrier varchar,
    tracking_number varchar not null,
    event_time timestamp not null,
    tracking_status varchar not null,
    lifecycle_status varchar,
    carrier_status varchar not null,
    status_detail varchar,
    exception_code varchar,
    location varchar,
    signed_by varchar,
    source_format varchar not null,
    source_file varchar not null,
    source_row bigint not null
);
comment on table oms.tracking_events is 'Every carrier tracking event read from tracking/<date>/, matched to its shipment by tracking number: stored once, the night it first landed (the same event landed again, in the same or another file, is oms.tracking_rejects rule duplicate_event).';
comment on column oms.tracking_events.business_date is 'Business date of the tracking folder the event first landed in.';
comment on column oms.tracking_events.event_id is 'The event''s identity: a hash of carrier, tracking number, event time, carrier status and event code; the same event in any later file is a duplicate.';
comment on column oms.tracking_events.shipment_id is 'The confirmed shipment whose tracking number the event carries (oms.shipment_confirmations, status applied).';
comment on column oms.tracking_events.channel is 'Sales channel of the shipment''s order.';
comment on column oms.tracking_events.channel_order_id is 'The channel''s order number.';
comment on column oms.tracking_events.packages is 'Packages of the shipment (oms.shipment_packages): they travel under the one tracking number, so the event is theirs.';
comment on column oms.tracking_events.carrier is 'Carrier as the file names it, lower case (ups, usps, fedex); null when the generic CSV leaves it out.';
comment on column oms.tracking_events.tracking_number is 'Tracking number, upper case without spaces.';
comment on column oms.tracking_events.event_time is 'When the carrier scanned: UTC where the file gives an offset, else the local time as written (UPS Quantum View).';
comment on column oms.tracking_events.tracking_status is 'The event in batch-oms words (contracts.vocabulary.TRACKING_STATUSES): label_created, in_transit, out_for_delivery, available_for_pickup, exception, return_to_sender, delivered, cancelled or unknown.';
comment on column oms.tracking_events.lifecycle_status is 'Where the event puts the shipment''s order lines (in_transit, delivered, exception); null when it moves nothing (label_created, unknown).';
comment on column oms.tracking_events.carrier_status is 'The carrier''s own status as written: EasyPost status, Shippo status, UPS record type (and Generic activity type), or the generic CSV''s status.';
comment on column oms.tracking_events.status_detail is 'The carrier''s detail: EasyPost status_detail or message, Shippo substatus or status_details, UPS status or reason description.';
comment on column oms.tracking_events.exception_code is 'The carrier''s exception or reason code, when it gives one.';
comment on column oms.tracking_events.location is 'Where the scan happened: city, state, postal code, country as the carrier gives them.';
comment on column oms.tracking_events.signed_by is 'Who signed for a delivery, when the carrier says.';
comment on column oms.tracking_events.source_format is 'easypost, shippo, ups_quantum_view or generic_csv.';
comment on column oms.tracking_events.source_file is 'The landed file, relative to the landing area.';
comment on column oms.tracking_events.source_row is 'Line of the JSON Lines file or data row of the CSV.';
