create table if not exists oms.partition_writes (
    table_name varchar not null,
    business_date date not null,
    run_id varchar not null,
    written_at timestamp not null,
    rows_written bigint not null,
    rows_replaced bigint not null,
    content_hash hugeint not null,
    duckdb_version varchar not null
);
comment on table oms.partition_writes is 'The run ledger: one row each time a run wrote a business date of a table (every stage writes a date whole, through one function). Rows are only ever added: this is the one table a re-run of a date adds to. oms.rerun_changes compares the last two writes of each date.';
comment on column oms.partition_writes.table_name is 'Table written, in schema oms.';
comment on column oms.partition_writes.business_date is 'Business date whose rows the run replaced.';
comment on column oms.partition_writes.run_id is 'Dagster run id of the run that wrote them (look it up in the UI: Runs).';
comment on column oms.partition_writes.written_at is 'When the rows were committed, UTC.';
comment on column oms.partition_writes.rows_written is 'Rows of the date after the write.';
comment on column oms.partition_writes.rows_replaced is 'Rows of the date before the write (deleted by it); 0 for a first write.';
comment on column oms.partition_writes.content_hash is 'Order-independent fingerprint of the rows written (sum of DuckDB''s hash of each row): equal fingerprints from the same DuckDB version mean the same rows. Not comparable across DuckDB versions.';
comment on column oms.partition_writes.duckdb_version is 'DuckDB version that computed content_hash.';
