-- Landed files of the date rejected whole (unreadable, wrong format): a bad export, visible at a glance.
with

ingested_files as (
    select * from oms.ingested_files
),

order_rejects as (
    select * from oms.order_rejects
),

file_rules as (
    select source_file, any_value(rule) as rule
    from order_rejects
    where business_date = $business_date
      and source_row is null
    group by all
),

final as (
    select
        ingested_files.channel,
        ingested_files.source_file,
        file_rules.rule,
        ingested_files.file_rejected_reason
    from ingested_files
    left join file_rules using (source_file)
    where ingested_files.business_date = $business_date
      and ingested_files.file_rejected_reason is not null
)

select * from final order by source_file
