-- Tonight's status changes of order lines. Each step of the night says where the lines it touched
-- stand, in the order the night runs them (docs/lifecycle.md, "How a night moves a line"); a
-- line's change is kept only where its status differs from the one before it, which for the first
-- step is the line's latest status of an earlier night. Only the history of the orders tonight
-- touches is read, and each line of it once: the cost of a night is tonight's rows, not the
-- nights before it.
-- frame book_statuses: status, status_rank, book_status (every lifecycle status with its rank,
-- and the order book's statuses that map to it)
with

orders as (
    select * from oms.orders
),

order_lines as (
    select * from oms.order_lines
),

order_rejects as (
    select * from oms.order_rejects
),

order_exceptions as (
    select * from oms.order_exceptions
),

shipment_confirmations as (
    select * from oms.shipment_confirmations
),

allocations as (
    select * from oms.allocations
),

allocation_decisions as (
    select * from oms.allocation_decisions
),

shipment_exceptions as (
    select * from oms.shipment_exceptions
),

pick_list_lines as (
    select * from oms.pick_list_lines
),

manifest_lines as (
    select * from oms.manifest_lines
),

return_receipts as (
    select * from oms.return_receipts
),

return_requests as (
    select * from oms.return_requests
),

order_status_history as (
    select * from oms.order_status_history
),

-- tracking: the carrier's events of confirmed shipments (assets/tracking)
tracking_events as (
    select * from oms.tracking_events
),

lifecycle_of_book_status as (
    select * from book_statuses
),

tonights_orders as (
    select * from orders
    where business_date = $business_date
),

tonights_lines as (
    select
        order_lines.*,
        tonights_orders.status as order_status,
        coalesce(order_lines.line_status, 'open') as book_line_status
    from order_lines
    inner join tonights_orders using (business_date, channel, channel_order_id, version)
),

-- what tonight's steps read besides the order book: rejected rows, confirmed parcels, allocations
rejected_rows as (
    select
        channel,
        channel_order_id,
        row_number() over (
            partition by source_file, channel_order_id order by source_row
        )::integer as line_no,
        rule,
        reason
    from order_rejects
    where business_date = $business_date
        and channel_order_id is not null
        and source_row is not null
        and rule not in ('superseded', 'repeated_line')
),

confirmed_lines as (
    select distinct
        allocations.channel,
        allocations.channel_order_id,
        allocations.line_no,
        shipment_confirmations.shipment_id,
        shipment_confirmations.shipped_at,
        shipment_confirmations.tracking_number
    from shipment_confirmations
    inner join allocations using (shipment_id)
    where shipment_confirmations.business_date = $business_date
        and shipment_confirmations.status = 'applied'
),

tonights_allocations as (
    select distinct channel, channel_order_id, line_no, shipment_id
    from allocations
    where business_date = $business_date
),

-- tracking: each shipment with news tonight, at its deciding event up to tonight: delivered once
-- any event says so (a parcel never steps back from delivered), else its latest event that moves
-- a line; its lines are the shipment's allocated lines
tracking_news as (
    select *
    from tracking_events
    where business_date <= $business_date
        and lifecycle_status is not null
        and shipment_id in (
            select shipment_id from tracking_events
            where business_date = $business_date and lifecycle_status is not null
        )
    qualify row_number() over (
        partition by shipment_id
        order by lifecycle_status = 'delivered' desc, event_time desc, event_id
    ) = 1
),

tracked_lines as (
    select distinct
        allocations.channel,
        allocations.channel_order_id,
        allocations.line_no,
        tracking_news.shipment_id,
        tracking_news.lifecycle_status,
        format(
            'shipment {} tracking {}: {} {}{}{}{} ({} {}, {})',
            tracking_news.shipment_id,
            tracking_news.tracking_number,
            replace(tracking_news.tracking_status, '_', ' '),
            strftime(tracking_news.event_time, '%Y-%m-%d %H:%M'),
            coalesce(', ' || tracking_news.location, ''),
            coalesce(', ' || tracking_news.status_detail, ''),
            coalesce(', code ' || tracking_news.exception_code, ''),
            tracking_news.source_format,
            tracking_news.carrier_status,
            tracking_news.source_file
        ) as reason
    from tracking_news
    inner join allocations using (shipment_id)
),

-- returns: units of a line the warehouse received back tonight, and lines the channel reports
-- refunded (steps 10 and 11 below)
tonights_returns as (
    select
        channel,
        channel_order_id,
        line_no,
        10 as step,
        'returned' as status,
        'return_receipts' as source,
        string_agg(
            format('{} unit(s) received back under RMA {}, {}', quantity_received, rma_id, disposition),
            '; ' order by rma_id, source_file, source_row
        ) as reason
    from return_receipts
    where business_date = $business_date and status = 'accepted'
    group by channel, channel_order_id, line_no
),

tonights_refunds as (
    select
        channel,
        channel_order_id,
        line_no,
        11 as step,
        'refunded' as status,
        'return_requests' as source,
        string_agg(
            format('the channel refunded {} under RMA {}', printf('%.2f', refunded_amount), rma_id),
            '; ' order by rma_id, source_file, source_row
        ) as reason
    from return_requests
    where business_date = $business_date and status = 'accepted' and refunded_amount > 0
    group by channel, channel_order_id, line_no
),

-- the orders tonight's steps touch, and the latest status of each of their lines before tonight
touched_orders as (
    select channel, channel_order_id from tonights_orders
    union
    select channel, channel_order_id from rejected_rows
    union
    select channel, channel_order_id from confirmed_lines
    union
    select channel, channel_order_id from allocation_decisions
    where business_date = $business_date
    union
    select channel, channel_order_id from tonights_allocations
    union
    select channel, channel_order_id from tracked_lines
    union
    select channel, channel_order_id from tonights_returns
    union
    select channel, channel_order_id from tonights_refunds
),

status_before_tonight as (
    select
        channel,
        channel_order_id,
        line_no,
        arg_max(status, (business_date, sequence)) as status
    from order_status_history
    semi join touched_orders using (channel, channel_order_id)
    where business_date < $business_date
    group by channel, channel_order_id, line_no
),

-- 1. ingest: the channel says where a line of tonight's order version stands; an open line is
-- received when it is new, or comes back from a status that took it out of the warehouses' hands
what_the_channel_says as (
    select
        tonights_lines.channel,
        tonights_lines.channel_order_id,
        tonights_lines.line_no,
        1 as step,
        if(tonights_lines.order_status = 'open', by_line.status, by_order.status) as status,
        'order_lines' as source,
        format(
            '{} export, order version {}: {} ({} row {})',
            tonights_lines.channel,
            tonights_lines.version,
            if(
                tonights_lines.order_status = 'open',
                'the line is ' || tonights_lines.book_line_status,
                'the order is ' || tonights_lines.order_status
            ),
            tonights_lines.source_file,
            tonights_lines.source_row
        ) as reason,
        status_before_tonight.status as status_before
    from tonights_lines
    inner join lifecycle_of_book_status as by_order
        on by_order.book_status = tonights_lines.order_status
    inner join lifecycle_of_book_status as by_line
        on by_line.book_status = tonights_lines.book_line_status
    left join status_before_tonight using (channel, channel_order_id, line_no)
),

channel_statuses as (
    select * exclude (status_before)
    from what_the_channel_says
    where status <> 'received'
        or status_before is null
        or status_before in ('cancelled', 'fulfilled_elsewhere', 'rejected')
),

-- a line an earlier version had and tonight's version has not is gone from the order
removed_lines as (
    select
        status_before_tonight.channel,
        status_before_tonight.channel_order_id,
        status_before_tonight.line_no,
        1 as step,
        'cancelled' as status,
        'order_lines' as source,
        format(
            'no longer in the order: its version {} has no line {}',
            tonights_orders.version,
            status_before_tonight.line_no
        ) as reason
    from status_before_tonight
    inner join tonights_orders using (channel, channel_order_id)
    anti join tonights_lines using (channel, channel_order_id, line_no)
),

-- 2. ingest: rows of an order that did not enter the order book; a later copy that is rejected
-- does not undo what happened to the version the book holds
rejections as (
    select
        rejected_rows.channel,
        rejected_rows.channel_order_id,
        rejected_rows.line_no,
        2 as step,
        if(rejected_rows.rule in ('order_held', 'implausible_placed_at'), 'held', 'rejected') as status,
        'order_rejects' as source,
        format('{}: {}', rejected_rows.rule, rejected_rows.reason) as reason
    from rejected_rows
    left join status_before_tonight using (channel, channel_order_id, line_no)
    where status_before_tonight.status is null
        or status_before_tonight.status in ('held', 'rejected')
),

-- 3. allocation: a change no parcel can follow waits for an operator
exceptions as (
    select
        tonights_lines.channel,
        tonights_lines.channel_order_id,
        tonights_lines.line_no,
        3 as step,
        'exception' as status,
        'order_exceptions' as source,
        string_agg(
            format('{}: {}', order_exceptions.exception, order_exceptions.reason), '; '
            order by order_exceptions.exception, order_exceptions.reason
        ) as reason
    from order_exceptions
    inner join tonights_lines
        on tonights_lines.channel = order_exceptions.channel
        and tonights_lines.channel_order_id = order_exceptions.channel_order_id
        and tonights_lines.version = order_exceptions.version
        and (
            order_exceptions.line_key is null
            or order_exceptions.line_key = coalesce(tonights_lines.channel_line_id, tonights_lines.sku)
        )
    where order_exceptions.business_date = $business_date
    group by all
),

-- 4. confirmations: the warehouse says a parcel of an earlier night has left
shipped as (
    select
        channel,
        channel_order_id,
        line_no,
        4 as step,
        'shipped' as status,
        'shipment_confirmations' as source,
        string_agg(
            format(
                'shipment {} confirmed shipped{}{}',
                shipment_id,
                coalesce(' at ' || strftime(shipped_at, '%Y-%m-%d %H:%M UTC'), ''),
                coalesce(', tracking ' || tracking_number, '')
            ),
            '; ' order by shipment_id
        ) as reason
    from confirmed_lines
    group by all
),

-- 5. allocation: what tonight's run decided for each line it was asked for
decisions as (
    select
        channel,
        channel_order_id,
        line_no,
        5 as step,
        case
            when rule = 'held_unpaid' then 'held'
            when allocated > 0 then 'allocated'
            else 'backordered'
        end as status,
        'allocation_decisions' as source,
        case
            when rule = 'held_unpaid' then 'held_unpaid: the channel does not report the order paid'
            else format('{}: {} of {} units allocated', rule, allocated, ordered)
        end as reason
    from allocation_decisions
    where business_date = $business_date
),

-- 6. fulfillment: a parcel nobody can deliver waits for a correction
held_shipments as (
    select
        tonights_allocations.channel,
        tonights_allocations.channel_order_id,
        tonights_allocations.line_no,
        6 as step,
        'held' as status,
        'shipment_exceptions' as source,
        string_agg(
            format(
                'shipment {} held at {}: {}',
                shipment_exceptions.shipment_id,
                shipment_exceptions.warehouse_id,
                shipment_exceptions.reason
            ),
            '; ' order by shipment_exceptions.shipment_id
        ) as reason
    from shipment_exceptions
    inner join tonights_allocations using (shipment_id)
    where shipment_exceptions.business_date = $business_date
    group by all
),

-- 7. fulfillment: the parcel is on a pick list and on the carrier's manifest for the day
tonights_pick_lists as (
    select distinct shipment_id, pick_list_id
    from pick_list_lines
    where business_date = $business_date
),

tonights_manifests as (
    select distinct shipment_id, manifest_id
    from manifest_lines
    where business_date = $business_date
),

tonights_parcels as (
    select
        tonights_pick_lists.shipment_id,
        format(
            'shipment {} on pick list {}{}',
            tonights_pick_lists.shipment_id,
            tonights_pick_lists.pick_list_id,
            coalesce(', carrier manifest ' || tonights_manifests.manifest_id, '')
        ) as parcel
    from tonights_pick_lists
    left join tonights_manifests using (shipment_id)
),

picked as (
    select
        tonights_allocations.channel,
        tonights_allocations.channel_order_id,
        tonights_allocations.line_no,
        7 as step,
        'picked' as status,
        'pick_list_lines' as source,
        array_to_string(list_sort(list(distinct tonights_parcels.parcel)), '; ') as reason
    from tonights_allocations
    inner join tonights_parcels using (shipment_id)
    group by tonights_allocations.channel, tonights_allocations.channel_order_id,
        tonights_allocations.line_no
),

-- 8. allocation: units still owed at the end of the night, whatever the others did
still_owed as (
    select
        channel,
        channel_order_id,
        line_no,
        8 as step,
        'backordered' as status,
        'allocation_decisions' as source,
        format('{} of {} units still owed at the end of the night', backordered, ordered) as reason
    from allocation_decisions
    where business_date = $business_date
        and allocated > 0
        and backordered > 0
),

-- 9. tracking: where the carrier says the line's parcel is; a line already returned or refunded
-- stays so, and a line in two parcels stands where the one furthest behind is
tracked as (
    select
        tracked_lines.channel,
        tracked_lines.channel_order_id,
        tracked_lines.line_no,
        9 as step,
        tracked_lines.lifecycle_status as status,
        'tracking_events' as source,
        tracked_lines.reason
    from tracked_lines
    inner join lifecycle_of_book_status as ranks on ranks.status = tracked_lines.lifecycle_status
    left join status_before_tonight using (channel, channel_order_id, line_no)
    where status_before_tonight.status is null
        or status_before_tonight.status not in ('returned', 'refunded')
    qualify row_number() over (
        partition by tracked_lines.channel, tracked_lines.channel_order_id, tracked_lines.line_no
        order by ranks.status_rank, tracked_lines.shipment_id
    ) = 1
),

tonights_steps as (
    select * from channel_statuses
    union all by name
    select * from removed_lines
    union all by name
    select * from rejections
    union all by name
    select * from exceptions
    union all by name
    select * from shipped
    union all by name
    select * from decisions
    union all by name
    select * from held_shipments
    union all by name
    select * from picked
    union all by name
    select * from still_owed
    union all by name
    select * from tracked
    union all by name
    select * from tonights_returns
    union all by name
    select * from tonights_refunds
),

-- each step's status is kept where it differs from the one before it: the step before, or for
-- the first step the line's latest status of an earlier night
with_status_before as (
    select tonights_steps.*, status_before_tonight.status as status_before
    from tonights_steps
    left join status_before_tonight using (channel, channel_order_id, line_no)
),

steps_in_order as (
    select
        * exclude (status_before),
        coalesce(
            lag(status) over (partition by channel, channel_order_id, line_no order by step),
            status_before
        ) as previous_status
    from with_status_before
),

changes as (
    select
        channel,
        channel_order_id,
        line_no,
        row_number() over (
            partition by channel, channel_order_id, line_no order by step
        )::integer as sequence,
        status,
        previous_status,
        source,
        reason
    from steps_in_order
    where status is distinct from previous_status
),

-- a status outside the vocabulary has no rank, which the table refuses (status_rank not null)
lifecycle_ranks as (
    select distinct status, status_rank from lifecycle_of_book_status
),

final as (
    select changes.*, lifecycle_ranks.status_rank
    from changes
    left join lifecycle_ranks using (status)
)

select * from final
order by channel, channel_order_id, line_no, sequence
