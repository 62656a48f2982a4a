-- Why a business date is closed, if it is: its shipments the carrier confirmed on a later night.
-- A date without any later applied confirmation is open (the usual first run or re-run of the
-- last night), which the first step finds without joining the shipments.
with

shipments as (
    select * from oms.shipments
),

shipment_confirmations as (
    select * from oms.shipment_confirmations
),

later_confirmations as (
    select shipment_id, business_date as confirmed_on
    from shipment_confirmations
    where business_date > $business_date and status = 'applied'
),

confirmed as (
    select later_confirmations.shipment_id, min(later_confirmations.confirmed_on) as confirmed_on
    from later_confirmations
    inner join shipments using (shipment_id)
    where shipments.business_date = $business_date
    group by all
),

final as (
    select count(*) as confirmed_shipments, min(confirmed_on) as first_confirmed_on
    from confirmed
    having count(*) > 0
)

select * from final;
