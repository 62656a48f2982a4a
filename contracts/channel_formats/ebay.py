"""eBay Seller Hub "Orders" report, and the Selling Manager "Sales History" download it replaced:
a preamble line before the header, a footer after the data, and a summary row before the item
rows of a multi-item order. Sale dates have day precision.

Evidence: ../shared/formats/CHANNEL-FORMATS.md §3 (the US report's header, quoting as written);
for Sales History, the real download in tests/ingest/fixtures/real/ebay/ (its README says where
it was published).
"""

from functools import partial

from contracts.channel_formats.base import ExportFormat, Timestamps

HEADER_LINE = (
    '"Sales Record Number","Order Number","Buyer Username","Buyer Name","Buyer Email",'
    '"Buyer Note",Buyer Address 1,Buyer Address 2,Buyer City,"Buyer State","Buyer Zip",'
    '"Buyer Country","Buyer Tax Identifier Name","Buyer Tax Identifier Value",Ship To Name,'
    '"Ship To Phone",Ship To Address 1,Ship To Address 2,Ship To City,"Ship To State",'
    '"Ship To Zip","Ship To Country","Item Number","Item Title",Custom Label,'
    '"Sold Via Promoted Listings","Quantity","Sold For","Shipping And Handling",Item Location,'
    '"Item Zip Code","Item Country","eBay Collect And Remit Tax Rate",'
    '"eBay Collect And Remit Tax Type","eBay Reference Name",eBay Reference Value,Tax Status,'
    '"Seller Collected Tax","eBay Collected Tax","Electronic Waste Recycling Fee",'
    '"Mattress Recycling Fee","Battery Recycling Fee","White Goods Disposal Tax",'
    '"Tire Recycling Fee","Additional Fee","Lumber Fee","Prepaid Wireless Fee",'
    '"Road Improvement And Food Delivery Fee","eBay Collected Charges","Total Price",'
    '"eBay Collected Tax and Fees Included in Total","Payment Method","Sale Date",'
    '"Paid On Date","Ship By Date","Minimum Estimated Delivery Date",'
    '"Maximum Estimated Delivery Date","Shipped On Date","Feedback Left","Feedback Received",'
    '"My Item Note","PayPal Transaction ID","Shipping Service","Tracking Number",'
    '"Transaction ID",Variation Details,"Global Shipping Program",'
    '"Global Shipping Reference ID","Click And Collect","Click And Collect Reference Number",'
    '"eBay Plus","Authenticity Verification Program","Authenticity Verification Status",'
    '"Authenticity Verification Outcome Reason","PSA Vault Program","Vault Fulfillment Type",'
    '"eBay Fulfillment Program",Tax City,"Tax State","Tax Zip","Tax Country",'
    '"eBay International Shipping"'
)
"""The header line as eBay writes it: some names quoted, some not."""
COLUMNS = tuple(name.strip('"') for name in HEADER_LINE.split(","))
ORDER_STATUS = "Order Status"
"""Appended by newer reports, after the columns above."""

SALE_DATES = Timestamps(
    written="%b-%d-%y",  # Sep-17-26, in the seller's zone
    offset_formats=(),
    local_formats=("%b-%d-%y", "%b-%d-%y %H:%M:%S", "%d-%b-%y", "%b-%d-%Y"),
)
LINE_FIELDS = {
    "channel_line_id": ("Transaction ID",),
    "sku": ("Custom Label",),
    "quantity": ("Quantity",),
    "listing_title": ("Item Title",),
    # the item's unit price with its currency before it (`$45.99`, `AU $3,000.00`); on a
    # summary row the order's total, but summary rows carry no line
    "unit_price": ("Sold For", "Sale Price"),
}

_layout = partial(
    ExportFormat, channel="ebay", separator=",", placed_at=SALE_DATES, fields=LINE_FIELDS
)
"""What both reports share: comma-separated, sale dates and line columns alike."""

ORDERS_REPORT = _layout(
    name="ebay_orders_report",
    signature=("Sales Record Number", "Order Number", "Quantity", "Sale Date"),
    description="eBay Seller Hub Orders report",
    columns=COLUMNS,
)
SALES_HISTORY_COLUMNS = (
    "Sales Record Number", "User Id", "Buyer Fullname", "Buyer Phone Number", "Buyer Email",
    "Buyer Address 1", "Buyer Address 2", "Buyer City", "Buyer State", "Buyer Zip",
    "Buyer Country", "Item Number", "Item Title", "Custom Label", "Quantity", "Sale Price",
    "Shipping and Handling", "US Tax", "Insurance", "Cash on delivery fee", "Total Price",
    "Payment Method", "Sale Date", "Checkout Date", "Paid on Date", "Shipped on Date",
    "Feedback left", "Feedback received", "Notes to yourself", "Unique Product Id",
    "Private Field", "ProductIDType", "ProductIDValue", "ProductIDValue-2",
    "PayPal Transaction ID", "Shipping Service", "Cash on delivery option", "Transaction ID",
    "Order ID", "Variation Details",
)  # fmt: skip
SALES_HISTORY = _layout(
    name="ebay_sales_history",
    signature=("Sales Record Number", "User Id", "Buyer Fullname", "Sale Date"),
    description="eBay Selling Manager Sales History",
    columns=SALES_HISTORY_COLUMNS,
)
"""The download Selling Manager gave before Seller Hub, still kept by long-time sellers' tools:
no separate ship-to columns (the buyer's address is where eBay ships), no order status, the
header line indented by a tab."""
LISTING_FIELDS = {"item_number": ("Item Number",), "variation": ("Variation Details",)}
"""The listing a line sold: the item number, and the variation (`[Colour:Black,Size:M]`) of a
multi-variation listing; staged as `<item number> <variation>`."""
ORDER_FIELDS = {
    "status": (ORDER_STATUS, "Status"),
    "shipped_on": ("Shipped On Date", "Dispatched On Date", "Posted On Date"),
    "fulfillment_program": ("eBay Fulfillment Program", "eBay Fulfilment Program"),
    "placed_at": ("Sale Date",),
    "paid_on": ("Paid On Date",),
    "service_name": ("Shipping Service", "Postage Service", "Delivery Service"),
    "ship_name": ("Ship To Name", "Post To Name", "Buyer Fullname"),
    "ship_address1": ("Ship To Address 1", "Post To Address 1", "Buyer Address 1"),
    "ship_address2": ("Ship To Address 2", "Post To Address 2", "Buyer Address 2"),
    "ship_city": ("Ship To City", "Post To City", "Buyer City"),
    "ship_region": ("Ship To State", "Post To County", "Post To State", "Buyer State"),
    "ship_postal_code": ("Ship To Zip", "Post To Postcode", "Post To Postal Code", "Buyer Zip"),
    "ship_country": ("Ship To Country", "Post To Country", "Buyer Country"),
    "ship_phone": ("Ship To Phone", "Post To Phone", "Buyer Phone Number"),
    "buyer_email": ("Buyer Email",),
}
"""Order-level fields, by the names US, UK and Australian reports give them, then by Sales
History's (the buyer's address, which has no ship-to columns of its own), and `Buyer Email`
(both reports; often blank, eBay masks it for most sellers): on the summary row of
a multi-item order, or on its single item row. The first name present in a file is read, so a
report's `Buyer Address 1` (the billing address) is never read when `Ship To Address 1` is."""

CANCELLED = "Cancelled"
"""`Order Status` of a cancelled order; any status naming a cancel or a refund cancels."""
CANCELLED_PATTERN = "cancel|refund"
FULFILLED_BY_EBAY = ("yes", "true")
"""`eBay Fulfillment Program` words meaning eBay ships the order (compared lower-cased)."""

SERVICE_NAMES = {
    "standard": "USPS Ground Advantage",
    "expedited": "USPS Priority Mail",
    "overnight": "UPS Next Day Air",
}
"""`Shipping Service` as US sellers commonly choose for the three speeds."""
