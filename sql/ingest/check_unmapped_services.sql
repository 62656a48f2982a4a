-- Shipping methods of the date that no mapping knew: their orders went out at the default level.
with

unmapped_services as (
    select * from oms.unmapped_services
),

final as (
    select * exclude (business_date)
    from unmapped_services
    where business_date = $business_date
)

select * from final order by channel, service_name nulls first
