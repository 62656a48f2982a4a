create or replace view oms.channel_feedback_pending as
-- Packages of applied shipment confirmations that no night has told their channel yet.
with

shipment_confirmations as (
    select * from oms.shipment_confirmations
),

shipment_packages as (
    select * from oms.shipment_packages
),

channel_feedback as (
    select * from oms.channel_feedback
),

applied as (
    select shipment_id, min(business_date) as confirmed_on
    from shipment_confirmations
    where status = 'applied'
    group by shipment_id
),

final as (
    select distinct applied.confirmed_on, packages.shipment_id, packages.package_id
    from applied
    inner join shipment_packages as packages using (shipment_id)
    anti join channel_feedback as told using (package_id)
)

select * from final;
comment on view oms.channel_feedback_pending is 'Confirmed packages not yet told to their channel (oms.channel_feedback): what the next night will tell.';
comment on column oms.channel_feedback_pending.confirmed_on is 'Business date of the first applied confirmation of the shipment.';
comment on column oms.channel_feedback_pending.shipment_id is 'Confirmed shipment.';
comment on column oms.channel_feedback_pending.package_id is 'Package of it no night has told its channel yet.';
