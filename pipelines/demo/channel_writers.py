"""Write demo order lines in each channel's real export format (the shapes in docs/inputs.md).

Ids are derived from `order_seq` (Shopify `#1001`, Amazon 3-7-7 order ids with 14-digit item
ids, eBay 2-5-5 order numbers), so re-writing the same orders gives the same files, and the
channel quirks the readers must survive are reproduced on purpose: Shopify order fields on the
first row only, apostrophe zips, multi-line notes and split files; Amazon tab files, sometimes
in Windows-1252; eBay preamble, summary rows and footer; WooCommerce packed and per-item
layouts. Same seed, same bytes.
"""

from pathlib import Path

import polars as pl

from contracts.countries import country_names

SHOPIFY_MAX_ROWS_PER_FILE = 200_000
SHOPIFY_OFFSETS = ((-4, "-0400"), (-5, "-0500"), (0, "+0000"), (1, "+0100"))
AMAZON_OFFSETS = ((0, "+00:00"), (-7, "-07:00"))

SHOPIFY_HEADER = [
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Accepts Marketing",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Code",
    "Discount Amount",
    "Shipping Method",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Billing Name",
    "Billing Street",
    "Billing Address1",
    "Billing Address2",
    "Billing Company",
    "Billing City",
    "Billing Zip",
    "Billing Province",
    "Billing Country",
    "Billing Phone",
    "Shipping Name",
    "Shipping Street",
    "Shipping Address1",
    "Shipping Address2",
    "Shipping Company",
    "Shipping City",
    "Shipping Zip",
    "Shipping Province",
    "Shipping Country",
    "Shipping Phone",
    "Notes",
    "Note Attributes",
    "Cancelled at",
    "Payment Method",
    "Payment Reference",
    "Refunded Amount",
    "Vendor",
    "Outstanding Balance",
    "Employee",
    "Location",
    "Device ID",
    "Id",
    "Tags",
    "Risk Level",
    "Source",
    "Lineitem discount",
    "Tax 1 Name",
    "Tax 1 Value",
    "Tax 2 Name",
    "Tax 2 Value",
    "Tax 3 Name",
    "Tax 3 Value",
    "Tax 4 Name",
    "Tax 4 Value",
    "Tax 5 Name",
    "Tax 5 Value",
    "Phone",
    "Receipt Number",
    "Duties",
    "Billing Province Name",
    "Shipping Province Name",
    "Payment ID",
    "Payment Terms Name",
    "Next Payment Due At",
    "Payment References",
]
AMAZON_UNSHIPPED_HEADER = [
    "order-id",
    "order-item-id",
    "purchase-date",
    "payments-date",
    "reporting-date",
    "promise-date",
    "days-past-promise",
    "buyer-email",
    "buyer-name",
    "buyer-phone-number",
    "sku",
    "product-name",
    "quantity-purchased",
    "quantity-shipped",
    "quantity-to-ship",
    "ship-service-level",
    "recipient-name",
    "ship-address-1",
    "ship-address-2",
    "ship-address-3",
    "ship-city",
    "ship-state",
    "ship-postal-code",
    "ship-country",
    "is-business-order",
    "purchase-order-number",
    "price-designation",
]
AMAZON_ALL_ORDERS_HEADER = [
    "amazon-order-id",
    "merchant-order-id",
    "purchase-date",
    "last-updated-date",
    "order-status",
    "fulfillment-channel",
    "sales-channel",
    "order-channel",
    "url",
    "ship-service-level",
    "product-name",
    "sku",
    "asin",
    "item-status",
    "quantity",
    "currency",
    "item-price",
    "item-tax",
    "shipping-price",
    "shipping-tax",
    "gift-wrap-price",
    "gift-wrap-tax",
    "item-promotion-discount",
    "ship-promotion-discount",
    "ship-city",
    "ship-state",
    "ship-postal-code",
    "ship-country",
    "promotion-ids",
    "is-business-order",
    "purchase-order-number",
    "price-designation",
]
EBAY_HEADER_LINE = (
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
EBAY_COLUMNS = [c.strip('"') for c in EBAY_HEADER_LINE.split(",")]
SKYVERGE_HEADER = [
    "order_id",
    "order_number",
    "date",
    "status",
    "shipping_total",
    "shipping_tax_total",
    "fee_total",
    "fee_tax_total",
    "tax_total",
    "cart_discount",
    "order_discount",
    "discount_total",
    "order_total",
    "refunded_total",
    "order_currency",
    "payment_method",
    "shipping_method",
    "customer_id",
    "billing_first_name",
    "billing_last_name",
    "billing_company",
    "billing_email",
    "billing_phone",
    "billing_address_1",
    "billing_address_2",
    "billing_postcode",
    "billing_city",
    "billing_state",
    "billing_country",
    "shipping_first_name",
    "shipping_last_name",
    "shipping_address_1",
    "shipping_address_2",
    "shipping_postcode",
    "shipping_city",
    "shipping_state",
    "shipping_country",
    "shipping_company",
    "customer_note",
    "line_items",
    "shipping_items",
    "fee_items",
    "tax_items",
    "coupons",
    "order_notes",
    "download_permissions_granted",
]
ALGOLPLUS_HEADER = [
    "Order Number", "Order Status", "Order Date", "Customer Note", "First Name (Billing)",
    "Last Name (Billing)", "Company (Billing)", "Address 1&2 (Billing)", "City (Billing)",
    "State Code (Billing)", "Postcode (Billing)", "Country Code (Billing)", "Email (Billing)",
    "Phone (Billing)", "First Name (Shipping)", "Last Name (Shipping)",
    "Address 1&2 (Shipping)", "City (Shipping)", "State Code (Shipping)",
    "Postcode (Shipping)", "Country Code (Shipping)", "Item #", "SKU", "Name",
    "Product Variation", "Quantity", "Quantity (- Refund)", "Item Cost",
    "Order Line (w/o tax)", "Order Line Tax", "Order Line Total", "Order Line Total Refunded",
    "Order Line Total (- Refund)", "Image URL", "Coupon Code", "Discount Amount",
    "Discount Amount Tax", "Payment Method Title", "Coupons Used", "Cart Discount Amount",
    "Order Subtotal Amount", "Order Tax Amount", "Order Shipping Amount",
    "Order Refund Amount", "Order Total Amount", "Order Total Tax Amount", "Total items",
    "Total products", "Shipping Method Title",
]  # fmt: skip
GENERIC_COLUMNS = [
    "channel_order_id", "placed_at", "service_level", "ship_name", "ship_address1",
    "ship_city", "ship_region", "ship_postal_code", "ship_country", "sku", "quantity",
    "status", "is_paid", "channel_line_id",
]  # fmt: skip

SHOPIFY_METHODS = {
    "standard": "Standard Shipping",
    "expedited": "Express Shipping",
    "overnight": "Overnight Shipping",
}
AMAZON_SERVICES = {"standard": "Standard", "expedited": "Expedited", "overnight": "NextDay"}
EBAY_SERVICES = {
    "standard": "USPS Ground Advantage",
    "expedited": "USPS Priority Mail",
    "overnight": "UPS Next Day Air",
}
WOO_METHODS = {"standard": "Flat rate", "expedited": "Express", "overnight": "Next Day"}


def write_channel_export(
    lines: pl.DataFrame, channel: str, folder: Path, *, seed: int
) -> list[Path]:
    """Write `lines` (one row per order line) as `channel`'s export(s) into `folder`."""
    writers = {
        "shopify": _write_shopify,
        "amazon": _write_amazon,
        "woocommerce": _write_woocommerce,
        "ebay": _write_ebay,
        "generic": _write_generic,
    }
    if channel not in writers:
        raise ValueError(f"no writer for channel {channel!r}")
    folder.mkdir(parents=True, exist_ok=True)
    ordered = lines.sort("order_seq", "line_no")
    return writers[channel](ordered, folder, seed)


def channel_order_id(channel: str) -> pl.Expr:
    """The order number a channel shows for `order_seq` (what ingest reads back)."""
    seq = pl.col("order_seq")
    ids = {
        "shopify": pl.format("#{}", seq + 1000),
        "amazon": _amazon_order_id(),
        "ebay": _ebay_order_number(),
        "woocommerce": (seq + 5000).cast(pl.String),
        "generic": pl.format("GEN-{}", seq.cast(pl.String).str.zfill(8)),
    }
    return ids[channel]


# --- shared expressions -------------------------------------------------------------------


def _mapped(column: str, mapping: dict[str, str]) -> pl.Expr:
    return pl.col(column).replace_strict(mapping, default=pl.col(column), return_dtype=pl.String)


def _shifted(hours: int, fmt: str) -> pl.Expr:
    return (pl.col("placed_at") + pl.duration(hours=hours)).dt.strftime(fmt)


def _is_first_line() -> pl.Expr:
    return pl.col("order_seq") != pl.col("order_seq").shift().fill_null(-1)


def _price() -> pl.Expr:
    """A stable pseudo price per SKU, e.g. `23.99`."""
    cents = pl.col("sku").str.len_bytes() * 317 % 9000 + 999
    return pl.format("{}.99", (cents // 100).cast(pl.String))


def _first_name() -> pl.Expr:
    return pl.col("ship_name").str.split_exact(" ", 1).struct.field("field_0")


def _last_name() -> pl.Expr:
    return pl.col("ship_name").str.splitn(" ", 2).struct.field("field_1")


def _blank(columns: list[str], filled: dict[str, pl.Expr]) -> list[pl.Expr]:
    """Every header column in order: its expression, or an empty string."""
    return [
        filled[c].cast(pl.String).fill_null("").alias(c) if c in filled else pl.lit("").alias(c)
        for c in columns
    ]


# --- Shopify ------------------------------------------------------------------------------


def _write_shopify(lines: pl.DataFrame, folder: Path, seed: int) -> list[Path]:
    hours, offset = SHOPIFY_OFFSETS[seed % len(SHOPIFY_OFFSETS)]
    first = _is_first_line()
    paid, cancelled = pl.col("is_paid"), pl.col("status") == "cancelled"
    created = pl.format("{} {}", _shifted(hours, "%Y-%m-%d %H:%M:%S"), pl.lit(offset))
    zip_code = (
        pl.when((pl.col("ship_country") == "US") & (pl.col("order_seq") % 4 == 0))
        .then(pl.format("'{}", pl.col("ship_postal_code")))
        .otherwise(pl.col("ship_postal_code"))
    )
    order_level = {
        "Financial Status": pl.when(cancelled & paid)
        .then(pl.lit("refunded"))
        .when(cancelled)
        .then(pl.lit("voided"))
        .when(paid)
        .then(pl.lit("paid"))
        .otherwise(pl.lit("pending")),
        "Paid at": pl.when(paid).then(created),
        "Fulfillment Status": pl.when(pl.col("status") == "fulfilled")
        .then(pl.lit("fulfilled"))
        .otherwise(pl.lit("unfulfilled")),
        "Fulfilled at": pl.when(pl.col("status") == "fulfilled").then(created),
        "Accepts Marketing": pl.lit("no"),
        "Currency": pl.lit("USD"),
        "Shipping Method": _mapped("service_level", SHOPIFY_METHODS),
        "Billing Name": pl.col("ship_name"),
        "Billing Street": pl.col("ship_address1"),
        "Billing Address1": pl.col("ship_address1"),
        "Billing City": pl.col("ship_city"),
        "Billing Zip": zip_code,
        "Billing Province": pl.col("ship_region"),
        "Billing Country": pl.col("ship_country"),
        "Shipping Name": pl.col("ship_name"),
        "Shipping Street": pl.col("ship_address1"),
        "Shipping Address1": pl.col("ship_address1"),
        "Shipping City": pl.col("ship_city"),
        "Shipping Zip": zip_code,
        "Shipping Province": pl.col("ship_region"),
        "Shipping Country": pl.col("ship_country"),
        "Notes": pl.when(pl.col("order_seq") % 50 == 0).then(
            pl.lit('Leave at the back door\nGate code: 4321, "ring twice"')
        ),
        "Cancelled at": pl.when(cancelled).then(created),
        "Payment Method": pl.lit("Shopify Payments"),
        "Id": (pl.col("order_seq") + 6_634_244_000_000).cast(pl.String),
        "Risk Level": pl.lit("Low"),
        "Source": pl.lit("web"),
    }
    every_row = {
        "Name": channel_order_id("shopify"),
        "Email": pl.format("buyer{}@example.com", pl.col("order_seq")),
        "Created at": created,
        "Lineitem quantity": pl.col("quantity"),
        "Lineitem name": pl.format("Item {}", pl.col("sku")),
        "Lineitem price": _price(),
        "Lineitem sku": pl.col("sku"),
        "Lineitem requires shipping": pl.lit("true"),
        "Lineitem taxable": pl.lit("true"),
        "Lineitem fulfillment status": pl.lit("pending"),
        "Vendor": pl.lit("Demo Goods"),
    }
    filled = every_row | {name: pl.when(first).then(expr) for name, expr in order_level.items()}
    # Shopify cuts a large export at a row count, even inside an order (read back whole)
    frame = lines.with_columns(_file=pl.int_range(pl.len()) // SHOPIFY_MAX_ROWS_PER_FILE)
    parts = frame.partition_by("_file", maintain_order=True, include_key=False)
    paths = []
    for number, part in enumerate(parts, start=1):
        name = "orders_export.csv" if len(parts) == 1 else f"orders_export_{number}.csv"
        path = folder / name
        part.select(_blank(SHOPIFY_HEADER, filled)).write_csv(path)
        paths.append(path)
    return paths


# --- Amazon -------------------------------------------------------------------------------


def _amazon_order_id() -> pl.Expr:
    seq = pl.col("order_seq")
    return pl.format(
        "{}-{}-{}",
        (100 + (seq // 10_000_000) % 900).cast(pl.String),
        (seq * 7_919 % 10_000_000).cast(pl.String).str.zfill(7),
        (seq % 10_000_000).cast(pl.String).str.zfill(7),
    )


def _write_amazon(lines: pl.DataFrame, folder: Path, seed: int) -> list[Path]:
    hours, offset = AMAZON_OFFSETS[seed % len(AMAZON_OFFSETS)]
    purchase = pl.format("{}{}", _shifted(hours, "%Y-%m-%dT%H:%M:%S"), pl.lit(offset))
    common = {
        "purchase-date": purchase,
        "sku": pl.col("sku"),
        "product-name": pl.format("Item {}", pl.col("sku")),
        "ship-service-level": _mapped("service_level", AMAZON_SERVICES),
        "ship-city": pl.col("ship_city"),
        "ship-state": pl.col("ship_region"),
        "ship-postal-code": pl.col("ship_postal_code"),
        "ship-country": pl.col("ship_country"),
        "is-business-order": pl.lit("false"),
    }
    unshipped = {
        **common,
        "order-id": _amazon_order_id(),
        "order-item-id": (pl.col("order_seq") * 100 + pl.col("line_no") + 10_000_000_000_000).cast(
            pl.String
        ),
        "payments-date": pl.when(pl.col("is_paid")).then(purchase),
        "reporting-date": purchase,
        "promise-date": purchase,
        "days-past-promise": pl.lit("-2"),
        "buyer-email": pl.format("b{}@marketplace.amazon.com", pl.col("order_seq")),
        "buyer-name": pl.col("ship_name"),
        "quantity-purchased": pl.col("quantity"),
        "quantity-shipped": pl.lit("0"),
        "quantity-to-ship": pl.col("quantity"),
        "recipient-name": pl.col("ship_name"),
        "ship-address-1": pl.col("ship_address1"),
    }
    fba = pl.col("status") == "fulfilled"
    all_orders = {
        **common,
        "amazon-order-id": _amazon_order_id(),
        "last-updated-date": purchase,
        "order-status": pl.when(fba).then(pl.lit("Shipped")).otherwise(pl.lit("Cancelled")),
        "fulfillment-channel": pl.when(fba).then(pl.lit("Amazon")).otherwise(pl.lit("Merchant")),
        "sales-channel": pl.lit("Amazon.com"),
        "item-status": pl.when(fba).then(pl.lit("Shipped")).otherwise(pl.lit("Cancelled")),
        "quantity": pl.col("quantity"),
        "currency": pl.lit("USD"),
        "item-price": _price(),
    }
    is_open = pl.col("status") == "open"
    reports = [
        ("unshipped_orders.txt", lines.filter(is_open), AMAZON_UNSHIPPED_HEADER, unshipped),
        ("all_orders.txt", lines.filter(~is_open), AMAZON_ALL_ORDERS_HEADER, all_orders),
    ]
    paths = []
    for name, part, header, filled in reports:
        if part.is_empty():
            continue
        text = part.select(_blank(header, filled)).write_csv(separator="\t", quote_style="never")
        path = folder / name
        path.write_bytes(_amazon_bytes(text, seed))
        paths.append(path)
    return paths


def _amazon_bytes(text: str, seed: int) -> bytes:
    """EU/MX reports come as Windows-1252: every third seed writes that, when the text allows."""
    if seed % 3 == 2:
        try:
            return text.encode("cp1252")
        except UnicodeEncodeError:
            pass
    return text.encode("utf-8")


# --- eBay ---------------------------------------------------------------------------------


def _ebay_order_number() -> pl.Expr:
    seq = pl.col("order_seq")
    return pl.format(
        "{}-{}-{}",
        (10 + (seq // 10_000_000_000) % 90).cast(pl.String),
        ((seq // 100_000) % 100_000).cast(pl.String).str.zfill(5),
        (seq % 100_000).cast(pl.String).str.zfill(5),
    )


def _write_ebay(lines: pl.DataFrame, folder: Path, seed: int) -> list[Path]:
    seq = pl.col("order_seq")
    lines = lines.with_columns(
        _items=pl.len().over("order_seq"), _order_number=_ebay_order_number()
    )
    names = country_names()
    money = lambda expr: pl.format("${}", expr)  # noqa: E731
    order_level = {
        "Sales Record Number": seq.cast(pl.String),
        "Order Number": pl.col("_order_number"),
        "Buyer Username": pl.format("buyer_{}", seq),
        "Buyer Name": pl.col("ship_name"),
        "Ship To Name": pl.col("ship_name"),
        "Ship To Address 1": pl.col("ship_address1"),
        "Ship To City": pl.col("ship_city"),
        "Ship To State": pl.col("ship_region"),
        "Ship To Zip": pl.col("ship_postal_code"),
        "Ship To Country": pl.col("ship_country").replace_strict(
            names, default=pl.col("ship_country")
        ),
        "Sale Date": pl.col("placed_at").dt.strftime("%b-%d-%y"),
        "Paid On Date": pl.when(pl.col("is_paid")).then(
            pl.col("placed_at").dt.strftime("%b-%d-%y")
        ),
        "Shipped On Date": pl.when(pl.col("status") == "fulfilled").then(
            pl.col("placed_at").dt.strftime("%b-%d-%y")
        ),
        "Shipping Service": _mapped("service_level", EBAY_SERVICES),
        "Payment Method": pl.lit("PayPal"),
        "Total Price": money(_price()),
    }
    item_level = {
        "Sales Record Number": seq.cast(pl.String),
        "Order Number": pl.col("_order_number"),
        "Item Number": (110_000_000_000 + seq * 10 + pl.col("line_no")).cast(pl.String),
        "Item Title": pl.format('Item {} 12" model', pl.col("sku")),
        "Custom Label": pl.col("sku"),
        "Quantity": pl.col("quantity"),
        "Sold For": money(_price()),
        "Transaction ID": (2_000_000_000_000 + seq * 10 + pl.col("line_no")).cast(pl.String),
    }
    columns = list(EBAY_COLUMNS)
    if lines.filter(pl.col("status") == "cancelled").height:
        columns.append("Order Status")  # appended by newer exports; only when needed
        order_level["Order Status"] = pl.when(pl.col("status") == "cancelled").then(
            pl.lit("Cancelled")
        )
    single = lines.filter(pl.col("_items") == 1).select(
        seq, pl.col("line_no"), *_blank(columns, order_level | item_level)
    )
    multi = lines.filter(pl.col("_items") > 1)
    summary = multi.filter(_is_first_line()).select(
        seq,
        pl.lit(0, dtype=pl.Int64).alias("line_no"),
        *_blank(columns, order_level | {"Quantity": pl.col("_items")}),
    )
    items = multi.select(seq, pl.col("line_no"), *_blank(columns, item_level))
    rows = (
        pl.concat([single, summary, items.cast({"line_no": pl.Int64})], how="vertical_relaxed")
        .sort("order_seq", "line_no")
        .drop("order_seq", "line_no")
    )
    header = EBAY_HEADER_LINE + (',"Order Status"' if len(columns) > len(EBAY_COLUMNS) else "")
    preamble = "\n" if seed % 2 == 0 else "," * (len(columns) - 1) + "\n"
    footer = f"\n{rows.height} record(s) downloaded\nSeller ID : demo_seller\n"
    body = rows.write_csv(include_header=False)
    path = folder / f"eBay-OrdersReport-{folder.name}.csv"
    path.write_text(preamble + header + "\n" + body + footer, encoding="utf-8")
    return [path]


# --- WooCommerce --------------------------------------------------------------------------


def _woo_status(labels: dict[str, str]) -> pl.Expr:
    status, paid = pl.col("status"), pl.col("is_paid")
    return (
        pl.when(status == "fulfilled")
        .then(pl.lit(labels["completed"]))
        .when((status == "cancelled") & paid)
        .then(pl.lit(labels["refunded"]))
        .when(status == "cancelled")
        .then(pl.lit(labels["cancelled"]))
        .when(paid)
        .then(pl.lit(labels["processing"]))
        .otherwise(pl.lit(labels["pending"]))
    )


def _write_woocommerce(lines: pl.DataFrame, folder: Path, seed: int) -> list[Path]:
    """Even order numbers in the SkyVerge one-row-per-order layout, odd ones in AlgolPlus."""
    stamp = f"{folder.name.replace('-', '_')}-23_00_00"
    placed = pl.col("placed_at").dt.strftime("%Y-%m-%d %H:%M:%S")
    paths = []
    skyverge = lines.filter(pl.col("order_seq") % 2 == 0)
    if skyverge.height:
        item = pl.format(
            "name:Item {}|sku:{}|quantity:{}|total:{}|refunded:0.00|meta:|tax:0.00",
            pl.col("sku"),
            pl.col("sku"),
            pl.col("quantity"),
            _price(),
        )
        orders = skyverge.group_by("order_seq", maintain_order=True).agg(
            pl.all().first(), line_items=item.str.join(";")
        )
        labels = dict.fromkeys(("completed", "refunded", "cancelled", "processing", "pending"))
        filled = {
            "order_id": channel_order_id("woocommerce"),
            "order_number": channel_order_id("woocommerce"),
            "date": placed,
            "status": _woo_status({k: k for k in labels}),
            "order_currency": pl.lit("USD"),
            "payment_method": pl.lit("stripe"),
            "shipping_method": _mapped("service_level", WOO_METHODS),
            "shipping_first_name": _first_name(),
            "shipping_last_name": _last_name(),
            "shipping_address_1": pl.col("ship_address1"),
            "shipping_postcode": pl.col("ship_postal_code"),
            "shipping_city": pl.col("ship_city"),
            "shipping_state": pl.col("ship_region"),
            "shipping_country": pl.col("ship_country"),
            "line_items": pl.col("line_items"),
            "shipping_items": pl.format(
                "method:{}|total:5.00", _mapped("service_level", WOO_METHODS)
            ),
        }
        path = folder / f"orders-export-{stamp}.csv"
        orders.select(_blank(SKYVERGE_HEADER, filled)).write_csv(path)
        paths.append(path)
    algolplus = lines.filter(pl.col("order_seq") % 2 == 1)
    if algolplus.height:
        labels = {
            "completed": "Completed",
            "refunded": "Refunded",
            "cancelled": "Cancelled",
            "processing": "Processing",
            "pending": "Pending payment",
        }
        filled = {
            "Order Number": channel_order_id("woocommerce"),
            "Order Status": _woo_status(labels),
            "Order Date": placed,
            "First Name (Shipping)": _first_name(),
            "Last Name (Shipping)": _last_name(),
            "Address 1&2 (Shipping)": pl.col("ship_address1"),
            "City (Shipping)": pl.col("ship_city"),
            "State Code (Shipping)": pl.col("ship_region"),
            "Postcode (Shipping)": pl.col("ship_postal_code"),
            "Country Code (Shipping)": pl.col("ship_country"),
            "Item #": pl.col("line_no"),
            "SKU": pl.col("sku"),
            "Name": pl.format("Item {}", pl.col("sku")),
            "Quantity": pl.col("quantity"),
            "Quantity (- Refund)": pl.col("quantity"),
            "Item Cost": _price(),
            "Payment Method Title": pl.lit("Credit card"),
            "Shipping Method Title": _mapped("service_level", WOO_METHODS),
        }
        text = algolplus.select(_blank(ALGOLPLUS_HEADER, filled)).write_csv(
            line_terminator="\r\n", quote_style="non_numeric"
        )
        bom = "\ufeff" if seed % 2 == 0 else ""
        path = folder / f"orders-{folder.name}-23-00-00.csv"
        path.write_bytes((bom + text).encode("utf-8"))
        paths.append(path)
    return paths


# --- generic ------------------------------------------------------------------------------


def _write_generic(lines: pl.DataFrame, folder: Path, seed: int) -> list[Path]:
    """Our canonical feed: CSV, or Parquet / JSON Lines on other seeds."""
    frame = lines.select(
        channel_order_id=channel_order_id("generic"),
        placed_at=pl.col("placed_at").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        service_level=pl.col("service_level"),
        ship_name=pl.col("ship_name"),
        ship_address1=pl.col("ship_address1"),
        ship_city=pl.col("ship_city"),
        ship_region=pl.col("ship_region"),
        ship_postal_code=pl.col("ship_postal_code"),
        ship_country=pl.col("ship_country"),
        sku=pl.col("sku"),
        quantity=pl.col("quantity"),
        status=pl.col("status"),
        is_paid=pl.col("is_paid"),
        channel_line_id=pl.format(
            "GEN-{}-{}", pl.col("order_seq").cast(pl.String).str.zfill(8), pl.col("line_no")
        ),
    ).select(GENERIC_COLUMNS)
    kind = seed % 3
    if kind == 1:
        path = folder / "orders.parquet"
        frame.write_parquet(path)
    elif kind == 2:
        path = folder / "orders.jsonl"
        frame.write_ndjson(path)
    else:
        path = folder / "orders.csv"
        frame.write_csv(path)
    return [path]
