-- Tonight's return receipt rows, each accepted once or kept with why not. A parcel is matched to
-- its return by RMA (a request accepted on any night up to tonight), else to the order and SKU the
-- desk wrote on it; a line never receives more units than its confirmed shipments carried (earlier
-- nights' accepted receipts first, then tonight's rows in file and row order). The same receipt
-- (RMA, SKU, units, disposition, received at) accepted before is a duplicate: applied once.
-- frame incoming: rma_id, channel, channel_order_id, sku, quantity_received, condition,
-- disposition, received_at (text), source_file, source_row, file_error
-- frame tonights_requests: oms.return_requests rows of tonight (status accepted among them)
with

tonight as (
    select * from incoming
),

requested_tonight as (
    select * from tonights_requests
),

return_requests as (
    select * from oms.return_requests
),

return_receipts as (
    select * from oms.return_receipts
),

order_lines as (
    select * from oms.order_lines
),

allocations as (
    select * from oms.allocations
),

shipment_confirmations as (
    select * from oms.shipment_confirmations
),

requests as (
    select channel, rma_id, channel_order_id, line_no, sku, business_date
    from return_requests
    where business_date < $business_date and status = 'accepted'
    union all
    select channel, rma_id, channel_order_id, line_no, sku, $business_date as business_date
    from requested_tonight
    where status = 'accepted'
),

-- the order each RMA returns (its first accepted request)
rma_orders as (
    select rma_id, arg_min(channel, business_date) as channel,
        arg_min(channel_order_id, business_date) as channel_order_id
    from requests
    group by rma_id
),

typed as (
    select
        tonight.* exclude (channel, channel_order_id, disposition, received_at),
        lower(tonight.disposition) as disposition,
        try_cast(tonight.quantity_received as integer) as units,
        coalesce(
            try_strptime(tonight.received_at, ['%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d']),
            timezone('UTC', try_cast(tonight.received_at as timestamptz))
        ) as received,
        rma_orders.rma_id is not null as has_request,
        coalesce(rma_orders.channel, nullif(tonight.channel, '')) as channel,
        coalesce(rma_orders.channel_order_id, nullif(tonight.channel_order_id, '')) as channel_order_id,
        row_number() over (order by tonight.source_file, tonight.source_row) as arrival
    from tonight
    left join rma_orders using (rma_id)
),

latest_lines as (
    select channel, channel_order_id, line_no, sku
    from order_lines
    where business_date <= $business_date
    qualify version = max(version) over (partition by channel, channel_order_id)
),

matched as (
    select
        typed.*,
        coalesce(
            (
                select min(requests.line_no) from requests
                where requests.rma_id = typed.rma_id and requests.sku = typed.sku
            ),
            (
                select min(latest_lines.line_no) from latest_lines
                where latest_lines.channel = typed.channel
                    and latest_lines.channel_order_id = typed.channel_order_id
                    and latest_lines.sku = typed.sku
            )
        ) as matched_line
    from typed
),

-- units each line's confirmed shipments carried (a kit line counts kit units once per shipment)
shipped_units as (
    select channel, channel_order_id, line_no, sum(units)::bigint as shipped
    from (
        select allocations.channel, allocations.channel_order_id, allocations.line_no,
            allocations.shipment_id, max(allocations.ordered_units) as units
        from allocations
        semi join (
            select shipment_id from shipment_confirmations
            where business_date <= $business_date and status = 'applied'
        ) as confirmed using (shipment_id)
        where allocations.business_date <= $business_date
        group by all
    )
    group by all
),

received_before as (
    select channel, channel_order_id, line_no, sum(quantity_received)::bigint as received
    from return_receipts
    where business_date < $business_date and status = 'accepted'
    group by all
),

receipt_accepted_before as (
    select rma_id, sku, quantity_received, disposition, received_at,
        min(business_date) as accepted_on
    from return_receipts
    where business_date < $business_date and status = 'accepted'
    group by all
),

judged as (
    select
        matched.*,
        receipt_accepted_before.accepted_on,
        case
            when matched.file_error is not null then 'unreadable_file'
            when coalesce(matched.rma_id, '') = '' or coalesce(matched.sku, '') = ''
                or matched.units is null or matched.units <= 0 or matched.received is null
                or matched.disposition not in ('restock', 'refurbish', 'dispose') then 'invalid_row'
            when matched.matched_line is null then 'unmatched'
        end as refused
    from matched
    left join receipt_accepted_before
        on receipt_accepted_before.rma_id = matched.rma_id
        and receipt_accepted_before.sku = matched.sku
        and receipt_accepted_before.quantity_received = matched.units
        and receipt_accepted_before.disposition = matched.disposition
        and receipt_accepted_before.received_at = matched.received
),

deduplicated as (
    select
        *,
        refused is null and accepted_on is null and arrival = min(arrival) filter (
            where refused is null
        ) over (partition by rma_id, sku, units, disposition, received) as is_new
    from judged
),

counted as (
    select
        deduplicated.*,
        coalesce(shipped_units.shipped, 0) as shipped,
        coalesce(received_before.received, 0) as received_earlier,
        coalesce(received_before.received, 0) + sum(units) filter (where is_new) over (
            partition by deduplicated.channel, deduplicated.channel_order_id, matched_line
            order by arrival rows between unbounded preceding and current row
        ) as received_through
    from deduplicated
    left join shipped_units
        on shipped_units.channel = deduplicated.channel
        and shipped_units.channel_order_id = deduplicated.channel_order_id
        and shipped_units.line_no = deduplicated.matched_line
    left join received_before
        on received_before.channel = deduplicated.channel
        and received_before.channel_order_id = deduplicated.channel_order_id
        and received_before.line_no = deduplicated.matched_line
),

final as (
    select
        rma_id,
        channel,
        channel_order_id,
        matched_line as line_no,
        sku,
        units as quantity_received,
        nullif(condition, '') as condition,
        disposition,
        received as received_at,
        has_request,
        source_file,
        source_row,
        case
            when refused is not null then refused
            when not is_new then 'duplicate'
            when received_through > shipped then 'over_receipt'
            else 'accepted'
        end as status,
        case
            when refused = 'unreadable_file' then file_error
            when refused = 'invalid_row' then format(
                'row {} of {}: rma_id, sku, qty_received (a whole number above 0), received_at '
                || '(a date and time) and disposition (restock, refurbish or dispose) must be '
                || 'given; correct the row and land the file again',
                source_row, source_file
            )
            when refused = 'unmatched' then format(
                'no return request with RMA {} and no line of the order on the parcel with SKU {}: '
                || 'find the RMA on the return slip, or fill in channel and order_id',
                rma_id, sku
            )
            when accepted_on is not null then format(
                'receipt of RMA {} SKU {} already accepted on {}', rma_id, sku, accepted_on
            )
            when not is_new then format(
                'receipt of RMA {} SKU {} already accepted from an earlier row tonight', rma_id, sku
            )
            when received_through > shipped then format(
                '{} order {} line {} shipped {} units and {} were received before this row, which '
                || 'adds {}: a return cannot receive more than was shipped; count the parcel '
                || 'again or check its RMA, then land a corrected row',
                channel, channel_order_id, matched_line, shipped,
                received_through - units, units
            )
        end as reason
    from counted
)

select * from final
order by source_file, source_row
