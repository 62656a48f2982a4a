-- Confirmations applied on earlier dates to the shipments named tonight.
-- frame incoming: tonight's readable confirmation rows (shipment_id, possibly null)
with

tonight as (
    select * from incoming
),

shipment_confirmations as (
    select * from oms.shipment_confirmations
),

named as (
    select distinct shipment_id from tonight where shipment_id is not null
),

final as (
    select confirmations.business_date, confirmations.shipment_id, confirmations.status
    from shipment_confirmations as confirmations
    semi join named using (shipment_id)
    where confirmations.business_date < $business_date
)

select * from final
