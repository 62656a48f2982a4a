-- Landed files of the date rejected whole (unreadable, wrong format): a bad export, visible at a glance.
with

ingested_files as (
    select * from oms.ingested_files
),

final as (
    select channel, source_file, file_rejected_reason
    from ingested_files
    where business_date = $business_date
      and file_rejected_reason is not null
)

select * from final order by source_file
