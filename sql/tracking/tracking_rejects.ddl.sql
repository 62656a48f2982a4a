create table if not exists oms.tracking_rejects (
    business_date date not null,
    source_file varchar not null,
    source_row bigint,
    rule varchar not null,
    tracking_number varchar,
    event_id varchar,
    reason varchar not null
);
comment on table oms.tracking_rejects is 'Tracking files and events of tracking/<date>/ not stored in oms.tracking_events, each with why and what to do: every row of every landed file ends there or here.';
comment on column oms.tracking_rejects.business_date is 'Business date of the tracking folder.';
comment on column oms.tracking_rejects.source_file is 'The landed file, relative to the landing area.';
comment on column oms.tracking_rejects.source_row is 'Line of the JSON Lines file or data row of the CSV; null when the whole file was refused or unreadable.';
comment on column oms.tracking_rejects.rule is 'unreadable_file, unreadable_row, unknown_status, unmatched_tracking_number or duplicate_event.';
comment on column oms.tracking_rejects.tracking_number is 'Tracking number of the event, when the row gave one.';
comment on column oms.tracking_rejects.event_id is 'The event''s identity (see oms.tracking_events.event_id), for a duplicate the stored event it repeats.';
comment on column oms.tracking_rejects.reason is 'What is wrong and what to do, in words; never the content of a file that could not be read.';
