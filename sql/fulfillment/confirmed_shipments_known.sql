-- Shipments of earlier nights named by tonight's confirmations. Only the named ids are read, so the cost
-- does not grow with history.
-- frame incoming: tonight's readable confirmation rows (shipment_id, possibly null)
with

tonight as (
    select * from incoming
),

shipments as (
    select * from oms.shipments
),

named as (
    select distinct shipment_id from tonight where shipment_id is not null
),

final as (
    select shipments.shipment_id
    from shipments
    semi join named using (shipment_id)
    where shipments.business_date < $business_date
)

select * from final
