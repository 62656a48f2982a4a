create table if not exists oms.catalogue_warnings (
    business_date date not null,
    source_file varchar not null,
    source_row bigint not null,
    sku varchar,
    column_name varchar not null,
    reason varchar not null
);
comment on table oms.catalogue_warnings is 'Catalogue rows (reference/skus.csv) whose customs columns cannot be used: the SKU still ships, and its customs declarations print the value blank and flagged.';
comment on column oms.catalogue_warnings.business_date is 'Business date of the night that read the catalogue.';
comment on column oms.catalogue_warnings.source_file is 'Reference file, relative to the landing area.';
comment on column oms.catalogue_warnings.source_row is 'Data row number (1-based, header not counted).';
comment on column oms.catalogue_warnings.sku is 'SKU of the row, as written.';
comment on column oms.catalogue_warnings.column_name is 'Column with the unusable value: hs_code or origin_country.';
comment on column oms.catalogue_warnings.reason is 'What is wrong and what to write instead; never the value itself.';
