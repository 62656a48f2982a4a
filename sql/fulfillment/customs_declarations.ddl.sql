create table if not exists oms.customs_declarations (
    business_date date not null,
    shipment_id varchar not null,
    warehouse_id varchar not null,
    channel varchar not null,
    channel_order_id varchar not null,
    form varchar not null,
    ship_from_country varchar not null,
    ship_to_country varchar not null,
    item_no integer not null,
    sku varchar not null,
    description varchar,
    quantity integer not null,
    unit_value decimal(18, 4),
    total_value decimal(18, 4),
    currency varchar,
    hs_code varchar,
    origin_country varchar,
    weight_g bigint,
    shipment_value decimal(18, 4),
    missing varchar
);
comment on table oms.customs_declarations is 'Customs declaration (CN22/CN23) of every ready shipment that leaves its warehouse''s country: one row per shipment and ordered SKU. Domestic shipments have none.';
comment on column oms.customs_declarations.business_date is 'Ship date.';
comment on column oms.customs_declarations.shipment_id is 'Shipment declared.';
comment on column oms.customs_declarations.warehouse_id is 'Warehouse the shipment leaves from.';
comment on column oms.customs_declarations.channel is 'Sales channel of the order.';
comment on column oms.customs_declarations.channel_order_id is 'The channel''s order number.';
comment on column oms.customs_declarations.form is 'CN22 when the shipment''s value is known, in one currency, and at most 300 SDR (contracts/customs.py converts with fixed rates); else CN23.';
comment on column oms.customs_declarations.ship_from_country is 'Country of the warehouse (reference/warehouses.csv), ISO alpha-2.';
comment on column oms.customs_declarations.ship_to_country is 'Destination country, ISO alpha-2; differs from ship_from_country.';
comment on column oms.customs_declarations.item_no is 'Item number on the declaration, 1-based, in SKU order.';
comment on column oms.customs_declarations.sku is 'SKU as ordered (a kit is declared as the kit, not its components).';
comment on column oms.customs_declarations.description is 'Contents as the catalogue describes the SKU (reference/skus.csv description).';
comment on column oms.customs_declarations.quantity is 'Units of the SKU in the shipment.';
comment on column oms.customs_declarations.unit_value is 'Value of one unit: the order line''s unit_price (the average of the lines when several lines order the SKU). Empty when the order line has no price: printed as a flagged blank.';
comment on column oms.customs_declarations.total_value is 'quantity x unit_value, in currency; empty when unit_value is.';
comment on column oms.customs_declarations.currency is 'ISO 4217 code of the values (oms.order_lines.currency); empty when unknown.';
comment on column oms.customs_declarations.hs_code is 'Harmonized System code from reference/skus.csv (6-10 digits); empty when the catalogue has none or an invalid one (oms.catalogue_warnings says which): printed as a flagged blank.';
comment on column oms.customs_declarations.origin_country is 'Country of origin from reference/skus.csv, ISO alpha-2; empty when missing or invalid: printed as a flagged blank.';
comment on column oms.customs_declarations.weight_g is 'Net weight of these units in grams (catalogue weights of the units picked); empty when a unit has no weight.';
comment on column oms.customs_declarations.shipment_value is 'Total value of the whole shipment in currency, repeated on each of its rows; empty when any row''s value or currency is unknown or its rows differ in currency.';
comment on column oms.customs_declarations.missing is 'Comma-separated fields printed blank and flagged (hs_code, origin_country, unit_value, currency, weight_g); empty when the row is complete. Counted by the customs_declarations_complete check.';
