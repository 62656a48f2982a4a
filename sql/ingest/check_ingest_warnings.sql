-- Lines of the date's order files that were read with a warning (a line of a UTF-8 file that was not UTF-8).
with

ingest_warnings as (
    select * from oms.ingest_warnings
),

final as (
    select channel, source_file, line, rule
    from ingest_warnings
    where business_date = $business_date
)

select * from final order by source_file, line
