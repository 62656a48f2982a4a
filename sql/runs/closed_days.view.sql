create or replace view oms.closed_days as
-- Business dates the carrier has confirmed shipments of: read-only from then on.
with

shipments as (
    select * from oms.shipments
),

shipment_confirmations as (
    select * from oms.shipment_confirmations
),

confirmed as (
    select
        shipments.business_date,
        shipments.shipment_id,
        min(shipment_confirmations.business_date) as confirmed_on
    from shipments
    inner join shipment_confirmations using (shipment_id)
    where shipment_confirmations.status = 'applied'
        and shipment_confirmations.business_date > shipments.business_date
    group by all
),

shipped as (
    select business_date, count(*) as shipments
    from shipments
    where status = 'ready'
    group by all
),

final as (
    select
        confirmed.business_date,
        min(confirmed.confirmed_on) as closed_on,
        count(*) as confirmed_shipments,
        any_value(shipped.shipments) as ready_shipments
    from confirmed
    left join shipped using (business_date)
    group by confirmed.business_date
)

select * from final order by business_date;
comment on view oms.closed_days is 'Business dates whose manifests have gone out: the carrier confirmed at least one of their shipments on a later night. A closed date is never re-run (a re-run would un-ship what was shipped); what it did not ship is served by the nights after it.';
comment on column oms.closed_days.business_date is 'Business date that is closed.';
comment on column oms.closed_days.closed_on is 'The night whose carrier confirmations first confirmed one of its shipments.';
comment on column oms.closed_days.confirmed_shipments is 'Its shipments confirmed so far.';
comment on column oms.closed_days.ready_shipments is 'Its shipments that were ready to ship (on its manifests).';
