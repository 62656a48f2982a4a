-- Every order's customer as of tonight (live versions received up to tonight), and whether the
-- link is new tonight. Identity (docs/lifecycle.md, Customers): the buyer's own e-mail,
-- normalised; else name + postal address, matched to the one e-mail customer whose orders share
-- them where there is exactly one; else the order alone.
with

orders as (
    select * from oms.orders
),

order_customers as (
    select * from oms.order_customers
),

live as (
    select *
    from orders
    where business_date <= $business_date
    qualify row_number() over (partition by channel, channel_order_id order by version desc) = 1
),

normalised as (
    select
        channel,
        channel_order_id,
        lower(trim(buyer_email)) as email_text,
        nullif(trim(regexp_replace(lower(strip_accents(ship_name)), '[^a-z0-9]+', ' ', 'g')), '')
            as name_key,
        nullif(
            trim(regexp_replace(lower(strip_accents(ship_address1)), '[^a-z0-9]+', ' ', 'g')), ''
        ) as street_key,
        nullif(regexp_replace(upper(ship_postal_code), '[^A-Z0-9]', '', 'g'), '') as postal_key,
        nullif(upper(trim(ship_country)), '') as country_key
    from live
),

keyed as (
    select
        channel,
        channel_order_id,
        case
            when regexp_full_match(email_text, '[^@\s]+@[^@\s]+\.[^@\s]+')
                and not regexp_matches(
                    split_part(email_text, '@', 2), '^(marketplace\.amazon\.|members\.ebay\.)'
                )
                then regexp_replace(split_part(email_text, '@', 1), '\+.*$', '')
                || '@' || split_part(email_text, '@', 2)
        end as email,
        case
            when name_key is not null and street_key is not null and postal_key is not null
                and country_key is not null
                then concat_ws('|', name_key, street_key, postal_key, country_key)
        end as address_key
    from normalised
),

address_emails as (
    select address_key, min(email) as email
    from keyed
    where address_key is not null and email is not null
    group by address_key
    having count(distinct email) = 1
),

identified as (
    select
        keyed.channel,
        keyed.channel_order_id,
        case
            when keyed.email is not null then 'email'
            when address_emails.email is not null then 'name_address_to_email'
            when keyed.address_key is not null then 'name_address'
            else 'order'
        end as matched_by,
        case
            when keyed.email is not null then 'email:' || keyed.email
            when address_emails.email is not null then 'email:' || address_emails.email
            when keyed.address_key is not null then 'address:' || keyed.address_key
            else 'order:' || keyed.channel || ':' || keyed.channel_order_id
        end as identity_key
    from keyed
    left join address_emails using (address_key)
),

linked as (
    select
        channel,
        channel_order_id,
        'CU-' || left(sha256(identity_key), 16) as customer_id,
        matched_by
    from identified
),

earlier_links as (
    select channel, channel_order_id, customer_id, matched_by
    from order_customers
    where business_date < $business_date
    qualify row_number() over (
        partition by channel, channel_order_id order by business_date desc
    ) = 1
),

final as (
    select
        linked.*,
        earlier.customer_id as earlier_customer_id,
        earlier.customer_id is null
            or earlier.customer_id <> linked.customer_id
            or earlier.matched_by <> linked.matched_by as is_new_link
    from linked
    left join earlier_links as earlier using (channel, channel_order_id)
)

select * from final
order by channel, channel_order_id
