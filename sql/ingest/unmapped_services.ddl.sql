create table if not exists oms.unmapped_services (
    business_date date not null,
    channel varchar not null,
    service_name varchar,
    service_level varchar not null,
    lines bigint not null,
    orders bigint not null
);
comment on table oms.unmapped_services is 'Shipping methods of the night that no service mapping knew (reference/service_levels.csv, or the defaults shipped with batch-oms): their orders were accepted at the default service level. Add a row per method to reference/service_levels.csv to give it its level; set ingest_settings.strict_service_levels to reject such orders instead.';
comment on column oms.unmapped_services.business_date is 'Business date of the landing folder.';
comment on column oms.unmapped_services.channel is 'Sales channel.';
comment on column oms.unmapped_services.service_name is 'The shipping method as the channel export writes it (surrounding spaces dropped); null when the export gave none.';
comment on column oms.unmapped_services.service_level is 'The service level the orders were given instead: ingest_settings.default_service_level.';
comment on column oms.unmapped_services.lines is 'Lines of the night''s orders with this method (new, changed or re-exported unchanged; not held or rejected ones) that were given service_level.';
comment on column oms.unmapped_services.orders is 'Orders of the night with this method that were given service_level.';
