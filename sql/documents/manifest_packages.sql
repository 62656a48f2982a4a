-- The date's manifest lines, each package with the tracking number its shipment's carrier
-- confirmation supplied, whichever night it came (null until then). A shipment is confirmed
-- once; should a re-run leave two applied rows, the first one counts, as for the channels.
with

manifest_lines as (
    select * from oms.manifest_lines
),

shipment_confirmations as (
    select * from oms.shipment_confirmations
),

tonight as (
    select * from manifest_lines where business_date = $business_date
),

tracked as (
    select shipment_id, nullif(tracking_number, '') as tracking_number
    from shipment_confirmations
    semi join tonight using (shipment_id)
    where status = 'applied'
    qualify row_number() over (
        partition by shipment_id order by business_date, source_file, source_row
    ) = 1
),

final as (
    select tonight.*, tracked.tracking_number
    from tonight
    left join tracked using (shipment_id)
)

select * from final
