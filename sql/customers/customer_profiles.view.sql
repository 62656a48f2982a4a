create or replace view oms.customer_profiles as
-- Every customer as it stands now: its latest row in oms.customers, retired ones left out.
with

customers as (
    select * from oms.customers
),

latest as (
    select *
    from customers
    qualify row_number() over (partition by customer_id order by business_date desc) = 1
),

final as (
    select * exclude (merged_into)
    from latest
    where merged_into is null
)

select * from final;
comment on view oms.customer_profiles is 'The current figures of every live customer (latest row of oms.customers): one line per customer for an analyst or a CRM.';
comment on column oms.customer_profiles.business_date is 'Night the figures last changed.';
comment on column oms.customer_profiles.customer_id is 'Stable customer id.';
comment on column oms.customer_profiles.matched_by is 'email, name_address or order.';
comment on column oms.customer_profiles.email is 'Normalised e-mail of an email customer.';
comment on column oms.customer_profiles.name is 'Recipient name of the latest order.';
comment on column oms.customer_profiles.postal_code is 'Postal code of the latest order.';
comment on column oms.customer_profiles.country is 'Country of the latest order.';
comment on column oms.customer_profiles.channels is 'Channels ordered on.';
comment on column oms.customer_profiles.first_order_at is 'First order not cancelled (UTC).';
comment on column oms.customer_profiles.last_order_at is 'Latest order not cancelled (UTC).';
comment on column oms.customer_profiles.orders is 'Orders not cancelled.';
comment on column oms.customer_profiles.cancelled_orders is 'Orders cancelled.';
comment on column oms.customer_profiles.units is 'Units of the orders not cancelled.';
comment on column oms.customer_profiles.value is 'Value in currency when all lines are priced in one currency.';
comment on column oms.customer_profiles.currency is 'Currency of value.';
comment on column oms.customer_profiles.value_by_currency is 'Value per currency.';
comment on column oms.customer_profiles.unpriced_units is 'Units without a price.';
comment on column oms.customer_profiles.returned_units is 'Units returned (empty until returns are recorded).';
