-- Tonight's offers next to what each channel was last told: a row is sent when its quantity
-- changed since then, when the channel was never told, or when a full feed is asked for.
-- "Last told" is the latest earlier date's sent row, so a re-run of a date compares with the
-- nights before it, never with its own first run.
-- frame offers: channel, sku, listing, location, atp, sellable, file
with

offers_tonight as (
    select * from offers
),

stock_feed as (
    select * from oms.stock_feed
),

last_told as (
    select channel, sku, listing, location, sellable as previous_sellable
    from stock_feed
    where business_date < $business_date and sent
    qualify row_number() over (
        partition by channel, sku, listing, location order by business_date desc
    ) = 1
),

compared as (
    select
        offers_tonight.*,
        last_told.previous_sellable,
        $full_feed
        or last_told.previous_sellable is distinct from offers_tonight.sellable as sent
    from offers_tonight
    left join last_told
        on last_told.channel = offers_tonight.channel
        and last_told.sku = offers_tonight.sku
        and last_told.listing is not distinct from offers_tonight.listing
        and last_told.location is not distinct from offers_tonight.location
),

final as (
    select
        channel,
        sku,
        listing,
        location,
        atp,
        sellable,
        previous_sellable,
        sent,
        case when sent then file end as file
    from compared
)

select * from final
order by channel, sku, listing, location
