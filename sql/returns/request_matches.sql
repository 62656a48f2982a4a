-- Tonight's return request rows, each accepted once or kept with why not. A row names its order
-- line by the channel's line id, else by SKU (the lowest line of the order's latest version with
-- that SKU); the same return (channel, RMA, line) accepted before, on an earlier night or an earlier
-- row tonight, is a duplicate: a report landed twice is applied once.
-- frame incoming: channel, rma_id, channel_order_id, channel_line_id, sku, quantity, reason_code,
-- requested_at, refunded_amount (text), source_file, source_row, file_error
with

tonight as (
    select * from incoming
),

order_lines as (
    select * from oms.order_lines
),

return_requests as (
    select * from oms.return_requests
),

typed as (
    select
        *,
        try_cast(quantity as integer) as units,
        coalesce(
            try_strptime(requested_at, ['%d-%b-%Y', '%Y-%m-%d', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S']),
            timezone('UTC', try_cast(requested_at as timestamptz))
        ) as requested,
        try_cast(replace(refunded_amount, ',', '') as decimal(18, 4)) as refunded,
        row_number() over (order by source_file, source_row) as arrival
    from tonight
),

latest_lines as (
    select channel, channel_order_id, line_no, channel_line_id, sku
    from order_lines
    where business_date <= $business_date
    qualify version = max(version) over (partition by channel, channel_order_id)
),

matched as (
    select
        typed.*,
        (
            select min(latest_lines.line_no)
            from latest_lines
            where latest_lines.channel = typed.channel
                and latest_lines.channel_order_id = typed.channel_order_id
                and (
                    latest_lines.channel_line_id = typed.channel_line_id
                    or (coalesce(typed.channel_line_id, '') = '' and latest_lines.sku = typed.sku)
                )
        ) as matched_line
    from typed
),

accepted_before as (
    select channel, rma_id, line_no, min(business_date) as accepted_on
    from return_requests
    where business_date < $business_date and status = 'accepted'
    group by all
),

judged as (
    select
        matched.*,
        accepted_before.accepted_on,
        case
            when matched.file_error is not null then 'unreadable_file'
            when coalesce(matched.rma_id, '') = '' or coalesce(matched.channel_order_id, '') = ''
                or coalesce(matched.sku, '') = '' or matched.units is null or matched.units <= 0
                then 'invalid_row'
            when matched.matched_line is null then 'unknown_line'
        end as refused
    from matched
    left join accepted_before
        on accepted_before.channel = matched.channel
        and accepted_before.rma_id = matched.rma_id
        and accepted_before.line_no = matched.matched_line
),

ranked as (
    select
        *,
        min(arrival) filter (where refused is null) over (
            partition by channel, rma_id, matched_line
        ) as first_arrival
    from judged
),

final as (
    select
        channel,
        rma_id,
        channel_order_id,
        matched_line as line_no,
        sku,
        units as quantity,
        nullif(reason_code, '') as reason_code,
        nullif(upper(regexp_replace(coalesce(reason_code, ''), '^CR-', '')), '') as reason_code_norm,
        requested as requested_at,
        refunded as refunded_amount,
        source_file,
        source_row,
        case
            when refused is not null then refused
            when accepted_on is not null or arrival <> first_arrival then 'duplicate'
            else 'accepted'
        end as status,
        case
            when refused = 'unreadable_file' then file_error
            when refused = 'invalid_row' then format(
                'row {} of {}: {} must be given (and the quantity a whole number above 0); '
                || 'correct the row and land the file again',
                source_row, source_file,
                'rma id, order id, SKU and quantity'
            )
            when refused = 'unknown_line' then format(
                'no line with this SKU or line id in {} order {} up to this night: check the '
                || 'order number, or land the file on a night after the order',
                channel, channel_order_id
            )
            when accepted_on is not null then format(
                'return {} of {} order {} line {} already accepted on {}',
                rma_id, channel, channel_order_id, matched_line, accepted_on
            )
            when arrival <> first_arrival then format(
                'return {} of {} order {} line {} already accepted from an earlier row tonight',
                rma_id, channel, channel_order_id, matched_line
            )
        end as reason
    from ranked
)

select * from final
order by source_file, source_row
