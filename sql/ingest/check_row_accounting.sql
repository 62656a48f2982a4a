-- Files of the date whose rows do not add up: read = accepted + rejected + unchanged + structural
-- (a file rejected whole has its rows rejected with it; one never split into rows has no count).
with

ingested_files as (
    select * from oms.ingested_files
),

final as (
    select source_file, rows_read, lines_accepted, lines_rejected, lines_unchanged, rows_structural
    from ingested_files
    where business_date = $business_date and rows_read is not null
      and rows_read <> lines_accepted + lines_rejected + lines_unchanged + rows_structural
)

select * from final order by source_file
