-- Lines of tonight's order versions that have no status, tonight or before: a step of the night
-- that the status history does not read yet, or a night whose history was never written.
with

order_lines as (
    select * from oms.order_lines
),

order_status_history as (
    select * from oms.order_status_history
),

known_lines as (
    select distinct channel, channel_order_id, line_no
    from order_status_history
    where business_date <= $business_date
),

final as (
    select channel, channel_order_id, version, line_no, source_file, source_row
    from order_lines
    anti join known_lines using (channel, channel_order_id, line_no)
    where order_lines.business_date = $business_date
)

select * from final
order by channel, channel_order_id, line_no
