create table if not exists oms.customers (
    business_date date not null,
    customer_id varchar not null,
    matched_by varchar not null,
    email varchar,
    name varchar,
    postal_code varchar,
    country varchar,
    channels varchar not null,
    first_order_at timestamp,
    last_order_at timestamp,
    orders integer not null,
    cancelled_orders integer not null,
    units bigint not null,
    value decimal(18, 2),
    currency varchar,
    value_by_currency varchar,
    unpriced_units bigint not null,
    returned_units bigint,
    merged_into varchar
);
comment on table oms.customers is 'Customer versions: one row per customer whose figures changed on the night (new customers included), the figures as of that night. A customer''s current figures are its latest row (view oms.customer_profiles); tonight''s rows are the CRM export crm/customers.csv. Personal data (docs/operations.md, Security).';
comment on column oms.customers.business_date is 'Night the figures changed.';
comment on column oms.customers.customer_id is 'Stable id: CU- and the first 16 hex digits of the SHA-256 of the identity key (docs/lifecycle.md, Customers), so the same buyer gets the same id every night and on every re-run.';
comment on column oms.customers.matched_by is 'What the identity key is: email (normalised e-mail), name_address (normalised name and postal address: no usable e-mail) or order (an order with neither).';
comment on column oms.customers.email is 'Normalised e-mail (lower case, +tag dropped) of an email customer; empty otherwise (marketplace relays are never shown).';
comment on column oms.customers.name is 'Recipient name of the customer''s latest order.';
comment on column oms.customers.postal_code is 'Ship-to postal code of the latest order.';
comment on column oms.customers.country is 'Ship-to country (ISO alpha-2) of the latest order.';
comment on column oms.customers.channels is 'Channels the customer ordered on, comma-separated, in name order.';
comment on column oms.customers.first_order_at is 'When the first order that is not cancelled was placed (UTC); empty if every order was cancelled.';
comment on column oms.customers.last_order_at is 'When the latest order that is not cancelled was placed (UTC).';
comment on column oms.customers.orders is 'Orders not cancelled (live versions).';
comment on column oms.customers.cancelled_orders is 'Orders cancelled.';
comment on column oms.customers.units is 'Units ordered on the lines of the orders not cancelled.';
comment on column oms.customers.value is 'Sum of quantity × unit_price of those lines, only when they are all priced and in one currency (never two currencies added); else empty: read value_by_currency.';
comment on column oms.customers.currency is 'ISO 4217 currency of value.';
comment on column oms.customers.value_by_currency is 'The priced lines'' value per currency, `EUR 30.00; USD 120.00` (currencies in name order); empty when no line is priced.';
comment on column oms.customers.unpriced_units is 'Units whose line has no unit price or no currency: not in any value.';
comment on column oms.customers.returned_units is 'Units returned: empty (unknown) until the returns stage records returns; the hook is documented in docs/lifecycle.md, Customers.';
comment on column oms.customers.merged_into is 'Set on the row that retires a customer: the customer its orders now belong to (its name and address were matched to an e-mail customer). Empty for a live customer.';
