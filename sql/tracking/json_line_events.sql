-- The events of the night's JSON Lines tracking files, one row per event, every field as text:
-- an EasyPost tracker event (or a bare Tracker) gives one row per entry of tracking_details (its
-- own status when it has none), a Shippo track_updated event its tracking_status and one row per
-- entry of tracking_history. A line that is not a JSON object, or neither shape, is one row with
-- a problem and no content quoted.
-- frame json_lines: source_file, source_row, line (each non-empty line of the night's .jsonl files)
with

landed_lines as (
    select * from json_lines
),

lines as (
    select
        source_file,
        source_row,
        if(json_valid(line), try(json_type(line::json)), null) = 'OBJECT' as is_object,
        if(json_valid(line), line::json, null) as doc
    from landed_lines
),

easypost_trackers as (
    select source_file, source_row, coalesce(doc -> '$.result', doc) as tracker
    from lines
    where is_object and coalesce(doc ->> '$.result.tracking_code', doc ->> '$.tracking_code') is not null
),

easypost_details as (
    select
        source_file,
        source_row,
        tracker,
        unnest(range(greatest(coalesce(json_array_length(tracker, '$.tracking_details'), 0)::bigint, 1)))
            as event_index,
        coalesce(json_array_length(tracker, '$.tracking_details'), 0)::bigint as details
    from easypost_trackers
),

easypost_events as (
    select
        'easypost' as source_format,
        source_file,
        source_row,
        event_index,
        lower(tracker ->> '$.carrier') as carrier,
        tracker ->> '$.tracking_code' as tracking_number,
        if(details = 0, tracker, json_extract(tracker, format('$.tracking_details[{}]', event_index)))
            as detail,
        tracker ->> '$.signed_by' as signed_by
    from easypost_details
),

easypost_rows as (
    select
        source_format,
        source_file,
        source_row,
        event_index,
        carrier,
        tracking_number,
        coalesce(detail ->> '$.datetime', detail ->> '$.updated_at') as event_time,
        detail ->> '$.status' as carrier_status,
        detail ->> '$.status_detail' as carrier_substatus,
        coalesce(detail ->> '$.message', detail ->> '$.description') as status_detail,
        null::varchar as exception_code,
        detail ->> '$.tracking_location.city' as city,
        detail ->> '$.tracking_location.state' as state,
        detail ->> '$.tracking_location.zip' as postal_code,
        detail ->> '$.tracking_location.country' as country,
        if(detail ->> '$.status' = 'delivered', signed_by, null) as signed_by,
        null::varchar as problem
    from easypost_events
),

shippo_tracks as (
    select source_file, source_row, coalesce(doc -> '$.data', doc) as track
    from lines
    where is_object
        and coalesce(doc ->> '$.data.tracking_number', doc ->> '$.tracking_number') is not null
        and coalesce(doc ->> '$.result.tracking_code', doc ->> '$.tracking_code') is null
),

shippo_statuses as (
    select
        source_file,
        source_row,
        track,
        unnest(range(coalesce(json_array_length(track, '$.tracking_history'), 0)::bigint + 1)) as event_index
    from shippo_tracks
),

shippo_events as (
    select
        source_file,
        source_row,
        event_index,
        track,
        if(
            event_index = 0,
            track -> '$.tracking_status',
            json_extract(track, format('$.tracking_history[{}]', event_index - 1))
        ) as status
    from shippo_statuses
),

shippo_rows as (
    select
        'shippo' as source_format,
        source_file,
        source_row,
        event_index,
        lower(track ->> '$.carrier') as carrier,
        track ->> '$.tracking_number' as tracking_number,
        status ->> '$.status_date' as event_time,
        status ->> '$.status' as carrier_status,
        status ->> '$.substatus.code' as carrier_substatus,
        coalesce(status ->> '$.substatus.text', status ->> '$.status_details') as status_detail,
        status ->> '$.substatus.code' as exception_code,
        status ->> '$.location.city' as city,
        status ->> '$.location.state' as state,
        status ->> '$.location.zip' as postal_code,
        status ->> '$.location.country' as country,
        null::varchar as signed_by,
        null::varchar as problem
    from shippo_events
    where status is not null and json_type(status) = 'OBJECT'
),

unreadable_rows as (
    select
        'json_lines' as source_format,
        source_file,
        source_row,
        0 as event_index,
        if(
            is_object,
            format(
                'line {} is neither an EasyPost tracker event (result.tracking_code) nor a Shippo '
                || 'track_updated event (data.tracking_number): ask the sender for one of them',
                source_row
            ),
            format('line {} is not a JSON object: the line was skipped, the others were read', source_row)
        ) as problem
    from lines
    anti join easypost_trackers using (source_file, source_row)
    anti join shippo_tracks using (source_file, source_row)
),

final as (
    select * from easypost_rows
    union all by name
    select * from shippo_rows
    union all by name
    select * from unreadable_rows
)

select * from final order by source_file, source_row, event_index
