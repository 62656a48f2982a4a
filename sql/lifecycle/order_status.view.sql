create or replace view oms.order_status as
-- Where every order line stands now (its latest status change) and where its order stands: at the
-- line furthest behind, with a count of the lines at each status. One line answers a support
-- agent: select * from oms.order_status where channel_order_id = '#1128'.
with

order_status_history as (
    select * from oms.order_status_history
),

latest_per_line as (
    select *
    from order_status_history
    qualify row_number() over (
        partition by channel, channel_order_id, line_no
        order by business_date desc, sequence desc
    ) = 1
),

lines_per_status as (
    select channel, channel_order_id, status, status_rank, count(*) as lines
    from latest_per_line
    group by all
),

per_order as (
    select
        channel,
        channel_order_id,
        arg_min(status, status_rank) as order_status,
        string_agg(format('{} {}', lines, status), ', ' order by status_rank) as order_lines_by_status
    from lines_per_status
    group by all
),

final as (
    select
        latest_per_line.channel,
        latest_per_line.channel_order_id,
        per_order.order_status,
        per_order.order_lines_by_status,
        latest_per_line.line_no,
        latest_per_line.status,
        latest_per_line.business_date as status_since,
        latest_per_line.previous_status,
        latest_per_line.source,
        latest_per_line.reason
    from latest_per_line
    inner join per_order using (channel, channel_order_id)
)

select * from final order by channel, channel_order_id, line_no;
comment on view oms.order_status is 'The current status of every order line and of its order: the latest row of oms.order_status_history per line; the order stands where its line furthest behind stands.';
comment on column oms.order_status.channel is 'Sales channel.';
comment on column oms.order_status.channel_order_id is 'The channel''s order number.';
comment on column oms.order_status.order_status is 'Where the order stands: the status of its line furthest behind (closed lines, e.g. cancelled, count only when every line is closed).';
comment on column oms.order_status.order_lines_by_status is 'The order''s lines per status, furthest behind first, e.g. "1 backordered, 2 shipped".';
comment on column oms.order_status.line_no is 'Line number within the order.';
comment on column oms.order_status.status is 'Where the line stands now (docs/lifecycle.md).';
comment on column oms.order_status.status_since is 'Business date of the night the line reached that status.';
comment on column oms.order_status.previous_status is 'The line''s status before it; null when it is the first.';
comment on column oms.order_status.source is 'The table whose rows set the status.';
comment on column oms.order_status.reason is 'What happened, in words.';
