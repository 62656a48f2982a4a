create or replace view oms.rejects_by_reason as
-- Rejected input rows and files per night, channel and broken rule.
with

order_rejects as (
    select * from oms.order_rejects
),

final as (
    select
        business_date,
        channel,
        rule,
        count(*) filter (where source_row is not null) as rows_rejected,
        count(*) filter (where source_row is null) as files_rejected,
        any_value(reason) as example_reason
    from order_rejects
    group by all
)

select * from final order by business_date, channel, rows_rejected desc;
comment on view oms.rejects_by_reason is 'Rejected rows and whole files per night, channel and rule, with one example reason.';
comment on column oms.rejects_by_reason.business_date is 'Business date of the landing folder.';
comment on column oms.rejects_by_reason.channel is 'Sales channel.';
comment on column oms.rejects_by_reason.rule is 'Rule broken.';
comment on column oms.rejects_by_reason.rows_rejected is 'Rows rejected for this rule.';
comment on column oms.rejects_by_reason.files_rejected is 'Whole files rejected for this rule.';
comment on column oms.rejects_by_reason.example_reason is 'One of the reasons, as an example.';
