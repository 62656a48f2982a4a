create table if not exists oms.order_customers (
    business_date date not null,
    channel varchar not null,
    channel_order_id varchar not null,
    customer_id varchar not null,
    matched_by varchar not null
);
comment on table oms.order_customers is 'Which customer each order belongs to: one row per order on the night it was first linked or its link changed (a new order, an e-mail or address that moved it, a merge). The order''s current customer is its latest row (docs/lifecycle.md, Customers).';
comment on column oms.order_customers.business_date is 'Night the order got this link.';
comment on column oms.order_customers.channel is 'Sales channel of the order.';
comment on column oms.order_customers.channel_order_id is 'The channel''s order number.';
comment on column oms.order_customers.customer_id is 'Customer the order belongs to (oms.customers).';
comment on column oms.order_customers.matched_by is 'How: email (the buyer''s own e-mail), name_address_to_email (no usable e-mail; its name and address match exactly one e-mail customer''s orders), name_address (no usable e-mail, matched by name and postal address only), order (neither: a customer of its own).';
