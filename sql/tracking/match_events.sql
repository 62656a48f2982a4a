-- Tonight's readable tracking events with the confirmed shipment their tracking number names
-- (confirmed on or before tonight; of two with the number, the latest that had left when the
-- carrier scanned), the shipment's order and package count, and whether the event is already
-- stored: by an earlier night, or by an earlier copy tonight (file, row and event order). The event's identity is carrier, tracking number,
-- time and carrier status: a tracker update that repeats its history, or a file landed again,
-- adds nothing.
-- frame landed_events: carrier, tracking_number, event_time, carrier_status, ... (the night's
-- normalized events, assets/tracking/files.py), source_file, source_row, event_index
with

landed as (
    select * from landed_events
),

shipment_confirmations as (
    select * from oms.shipment_confirmations
),

shipments as (
    select * from oms.shipments
),

shipment_packages as (
    select * from oms.shipment_packages
),

tracking_events as (
    select * from oms.tracking_events
),

identified as (
    select
        landed.*,
        md5(concat_ws(
            '|',
            coalesce(carrier, ''),
            tracking_number,
            strftime(event_time, '%Y-%m-%dT%H:%M:%S.%f'),
            carrier_status
        )) as event_id
    from landed
),

-- a carrier may reuse a tracking number: the event is the latest confirmed shipment's that had
-- left when the carrier scanned
confirmed as (
    select
        upper(regexp_replace(tracking_number, '\s+', '', 'g')) as tracking_number,
        shipment_id,
        business_date as confirmed_on,
        shipped_at
    from shipment_confirmations
    where status = 'applied'
        and business_date <= $business_date
        and nullif(trim(tracking_number), '') is not null
    qualify row_number() over (
        partition by shipment_id order by business_date, source_file, source_row
    ) = 1
),

matched as (
    select identified.*, confirmed.shipment_id
    from identified
    left join confirmed using (tracking_number)
    qualify row_number() over (
        partition by identified.source_file, identified.source_row, identified.event_index
        order by
            coalesce(confirmed.shipped_at <= identified.event_time, true) desc,
            confirmed.confirmed_on desc,
            confirmed.shipment_id
    ) = 1
),

shipment_orders as (
    select shipment_id, arg_max(channel, business_date) as channel,
        arg_max(channel_order_id, business_date) as channel_order_id
    from shipments
    where business_date <= $business_date
    group by shipment_id
),

package_counts as (
    select shipment_id, count(distinct package_id)::integer as packages
    from shipment_packages
    where business_date <= $business_date
    group by shipment_id
),

stored_before as (
    select event_id, min(business_date) as stored_on, min(source_file) as stored_in
    from tracking_events
    where business_date < $business_date
    group by event_id
),

final as (
    select
        matched.*,
        shipment_orders.channel,
        shipment_orders.channel_order_id,
        coalesce(package_counts.packages, 0) as packages,
        stored_before.stored_on,
        stored_before.stored_in,
        row_number() over copies as copy_tonight,
        first_value(matched.source_file) over copies as first_file,
        first_value(matched.source_row) over copies as first_row
    from matched
    left join shipment_orders using (shipment_id)
    left join package_counts using (shipment_id)
    left join stored_before using (event_id)
    window copies as (
        partition by matched.event_id
        order by matched.source_file, matched.source_row, matched.event_index
    )
)

select * from final order by source_file, source_row, event_index
