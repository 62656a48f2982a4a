-- The date, when not one order file of any channel landed for it: a night that ran on nothing.
with

ingested_files as (
    select * from oms.ingested_files
),

landed as (
    select count(*) as files
    from ingested_files
    where business_date = $business_date
),

final as (
    select
        strftime($business_date::date, '%Y-%m-%d') as business_date,
        format('no order file in orders/<channel>/{}/ for any channel', $business_date::date) as problem
    from landed
    where files = 0
)

select * from final
