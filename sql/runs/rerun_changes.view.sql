create or replace view oms.rerun_changes as
-- What re-running a date changed: each table's last write of the date against the one before.
with

partition_writes as (
    select * from oms.partition_writes
),

ranked as (
    select
        *,
        row_number() over (
            partition by table_name, business_date order by written_at desc, run_id desc
        ) as recency
    from partition_writes
),

latest as (
    select * from ranked where recency = 1
),

previous as (
    select * from ranked where recency = 2
),

final as (
    select
        latest.business_date,
        latest.table_name,
        previous.run_id as previous_run_id,
        previous.written_at as previous_written_at,
        latest.run_id,
        latest.written_at,
        previous.rows_written as previous_rows,
        latest.rows_written as rows,
        case
            when latest.duckdb_version <> previous.duckdb_version then null
            else latest.rows_written <> previous.rows_written
                or latest.content_hash <> previous.content_hash
        end as changed
    from latest
    inner join previous using (table_name, business_date)
)

select * from final order by business_date, table_name;
comment on view oms.rerun_changes is 'For every business date written more than once, per table: the last run against the one before it, and whether the date''s rows changed. One line answers "what did re-running 2026-11-29 change?": select * from oms.rerun_changes where business_date = ''2026-11-29'' and changed.';
comment on column oms.rerun_changes.business_date is 'Business date written again.';
comment on column oms.rerun_changes.table_name is 'Table, in schema oms.';
comment on column oms.rerun_changes.previous_run_id is 'Run that wrote the date before the last one.';
comment on column oms.rerun_changes.previous_written_at is 'When that run wrote it, UTC.';
comment on column oms.rerun_changes.run_id is 'Run that wrote the date last.';
comment on column oms.rerun_changes.written_at is 'When the last run wrote it, UTC.';
comment on column oms.rerun_changes.previous_rows is 'Rows of the date the earlier run left.';
comment on column oms.rerun_changes.rows is 'Rows of the date now.';
comment on column oms.rerun_changes.changed is 'Whether the rows differ (count or content); null when the two runs used different DuckDB versions, whose fingerprints cannot be compared.';
