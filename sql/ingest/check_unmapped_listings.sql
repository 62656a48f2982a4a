-- Listings of the date that came without a SKU nobody mapped: their orders were held.
with

unmapped_listings as (
    select * from oms.unmapped_listings
),

final as (
    select channel, listing_id, listing_title, lines, units
    from unmapped_listings
    where business_date = $business_date
)

select * from final order by channel, listing_id nulls last
