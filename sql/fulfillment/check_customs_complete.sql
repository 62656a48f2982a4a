-- Rows of the date's customs declarations that print a value blank and flagged.
with

customs_declarations as (
    select * from oms.customs_declarations
),

final as (
    select shipment_id, warehouse_id, form, item_no, sku, missing
    from customs_declarations
    where business_date = $business_date and missing is not null
)

select * from final order by shipment_id, item_no
