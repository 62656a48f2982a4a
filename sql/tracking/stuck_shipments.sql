-- The confirmed shipments not delivered whose latest carrier scan up to tonight, or without one
-- their confirmation, is at least $stuck_after_days days before tonight: the parcels to chase.
-- Tonight's events are handed in, so the list is written with them in one transaction.
-- frame tonights_events: oms.tracking_events' columns but business_date (tonight's stored events)
with

shipment_confirmations as (
    select * from oms.shipment_confirmations
),

shipments as (
    select * from oms.shipments
),

tracking_events as (
    select * from oms.tracking_events
),

tonight as (
    select * from tonights_events
),

events_so_far as (
    select shipment_id, event_time, tracking_status, location
    from tracking_events
    where business_date < $business_date
    union all
    select shipment_id, event_time, tracking_status, location
    from tonight
),

confirmed as (
    select shipment_id, business_date as confirmed_on, shipped_at, tracking_number
    from shipment_confirmations
    where status = 'applied' and business_date <= $business_date
    qualify row_number() over (
        partition by shipment_id order by business_date, source_file, source_row
    ) = 1
),

shipment_orders as (
    select
        shipment_id,
        arg_max(channel, business_date) as channel,
        arg_max(channel_order_id, business_date) as channel_order_id,
        arg_max(carrier, business_date) as carrier
    from shipments
    where business_date <= $business_date
    group by shipment_id
),

scans as (
    select
        shipment_id,
        max(event_time) as last_scan_at,
        arg_max(tracking_status, event_time) as last_tracking_status,
        arg_max(location, event_time) as last_location,
        bool_or(tracking_status = 'delivered') as delivered
    from events_so_far
    group by shipment_id
),

measured as (
    select
        confirmed.*,
        shipment_orders.channel,
        shipment_orders.channel_order_id,
        shipment_orders.carrier,
        scans.last_scan_at,
        scans.last_tracking_status,
        scans.last_location,
        date_diff(
            'day',
            coalesce(scans.last_scan_at::date, confirmed.shipped_at::date, confirmed.confirmed_on),
            $business_date::date
        )::integer as days_without_scan
    from confirmed
    inner join shipment_orders using (shipment_id)
    left join scans using (shipment_id)
    where not coalesce(scans.delivered, false)
),

final as (
    select
        shipment_id,
        channel,
        channel_order_id,
        carrier,
        tracking_number,
        confirmed_on,
        last_scan_at,
        last_tracking_status,
        last_location,
        days_without_scan,
        $stuck_after_days::integer as stuck_after_days,
        case
            when nullif(trim(tracking_number), '') is null then format(
                'confirmed on {} without a tracking number, so no carrier scan can match it: '
                || 'ask the warehouse for the tracking number',
                confirmed_on
            )
            when last_scan_at is null then format(
                'no carrier scan in {} days since it was confirmed on {} (tracking {}): ask {} '
                || 'where the parcel is',
                days_without_scan, confirmed_on, tracking_number, coalesce(carrier, 'the carrier')
            )
            else format(
                'no carrier scan in {} days: last {} at {}{} (tracking {}): ask {} where the '
                || 'parcel is',
                days_without_scan,
                last_tracking_status,
                strftime(last_scan_at, '%Y-%m-%d %H:%M'),
                coalesce(' in ' || last_location, ''),
                tracking_number,
                coalesce(carrier, 'the carrier')
            )
        end as reason
    from measured
    where days_without_scan >= $stuck_after_days
)

select * from final order by channel, channel_order_id, shipment_id
