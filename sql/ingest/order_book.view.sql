create or replace view oms.order_book as
-- The live version of every order: the latest version received on any business date.
with

final as (
    select *
    from oms.orders
    qualify row_number() over (partition by channel, channel_order_id order by version desc) = 1
)

select * from final;
comment on view oms.order_book is 'The current state of every order: its latest version from oms.orders (business_date = when that version arrived).';
