"""The whole ship-to address reaches the parcel: from Shopify, eBay and generic files through the
order book and shipments to the packing slip and the carrier's manifest file, and an address
nobody can deliver to is held, not shipped."""

from __future__ import annotations

import csv
import io

import duckdb
import pypdf
import pytest

from contracts.channel_formats import ebay, generic, shopify
from tests.conftest import FIRST_DAY, Site, make_site
from tests.e2e.nights import run_night

SKU = "ADDR-MUG"
"""A SKU of the test's own, stocked in every warehouse, so the demo's demand cannot use it up."""
PLACED = FIRST_DAY.isoformat() + "T09:00:00Z"

SHOPIFY_ORDER = {
    "Name": "#ZZ1001",
    "Created at": FIRST_DAY.isoformat() + " 09:00:00 -0400",
    "Financial Status": "paid",
    "Paid at": FIRST_DAY.isoformat() + " 09:00:00 -0400",
    "Fulfillment Status": "unfulfilled",
    "Shipping Method": "Standard Shipping",
    "Lineitem quantity": "1",
    "Lineitem sku": SKU,
    "Shipping Name": "Dana Scully",
    "Shipping Street": "200 Rideau St, Unit 703",
    "Shipping Address1": "200 Rideau St",
    "Shipping Address2": "Unit 703",
    "Shipping Company": "Bureau Supplies",
    "Shipping City": "Boston",
    "Shipping Zip": "02134",
    "Shipping Province": "MA",
    "Shipping Country": "US",
    "Shipping Phone": "+1 617-555-0101",
}
EBAY_ORDERS = [
    {  # an order as eBay exports it, the flat on the second line
        "Sales Record Number": "9001",
        "Order Number": "ZZ-00001-00001",
        "Ship To Name": "Fox Mulder",
        "Ship To Phone": "+1 617-555-0102",
        "Ship To Address 1": "42 Hegal Pl",
        "Ship To Address 2": "Apt 3E",
        "Ship To City": "Boston",
        "Ship To State": "MA",
        "Ship To Zip": "02134",
        "Ship To Country": "United States",
        "Item Number": "255061060047",
        "Custom Label": SKU,
        "Quantity": "1",
        "Total Price": "$12.00",
        "Sale Date": FIRST_DAY.strftime("%b-%d-%y"),
        "Paid On Date": FIRST_DAY.strftime("%b-%d-%y"),
        "Shipping Service": "USPS Ground Advantage",
        "Transaction ID": "3001",
    },
    {  # eBay masks the name and street of some orders (with a $0.00 total)
        "Sales Record Number": "9002",
        "Order Number": "ZZ-00001-00002",
        "Ship To Name": "--",
        "Ship To Address 1": "--",
        "Ship To City": "Boston",
        "Ship To State": "MA",
        "Ship To Zip": "02134",
        "Ship To Country": "United States",
        "Item Number": "255061060048",
        "Custom Label": SKU,
        "Quantity": "1",
        "Total Price": "$0.00",
        "Sale Date": FIRST_DAY.strftime("%b-%d-%y"),
        "Paid On Date": FIRST_DAY.strftime("%b-%d-%y"),
        "Shipping Service": "USPS Ground Advantage",
        "Transaction ID": "3002",
    },
]
GENERIC_ORDERS = [
    {
        "channel_order_id": "ZZ-G1",
        "placed_at": PLACED,
        "service_level": "standard",
        "ship_name": "Walter Skinner",
        "ship_company": "FBI Field Office",
        "ship_address1": "1 Center Plaza",
        "ship_address2": "Suite 600",
        "ship_city": "Boston",
        "ship_region": "MA",
        "ship_postal_code": "02134",
        "ship_country": "US",
        "ship_phone": "+1 617-555-0103",
        "sku": SKU,
        "quantity": "1",
    },
    {
        "channel_order_id": "ZZ-G2",
        "placed_at": PLACED,
        "service_level": "standard",
        "ship_name": "Monica Reyes",
        "ship_address1": "10 Sauchiehall St",
        "ship_address2": "Flat 2/1",
        "ship_city": "Glasgow",
        "ship_region": "SCT",
        "ship_postal_code": "G1 1XQ",
        "ship_country": "GB",
        "sku": SKU,
        "quantity": "1",
    },
]


GENERIC_COLUMNS = (
    *generic.COLUMNS[: generic.COLUMNS.index("quantity") + 1],
    "ship_company",
    "ship_address2",
    "ship_phone",
)
"""The feed's required columns and the optional address ones."""


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _land(site: Site) -> None:
    """The test's three files and its SKU, stocked in every warehouse, beside the demo's night."""
    day = FIRST_DAY.isoformat()
    orders = site.landing / "orders"
    (orders / "shopify" / day / "zz-orders_export.csv").write_text(
        _csv(shopify.COLUMNS, [SHOPIFY_ORDER])
    )
    (orders / "ebay" / day / "zz-ebay-orders.csv").write_text(_csv(ebay.COLUMNS, EBAY_ORDERS))
    (orders / "generic" / day / "zz-orders.csv").write_text(_csv(GENERIC_COLUMNS, GENERIC_ORDERS))
    with (site.landing / "reference" / "skus.csv").open("a") as skus:
        skus.write(f'{SKU},"Address Test Mug",400\n')
    for stock in (site.landing / "inventory" / day).glob("stock-*.csv"):
        warehouse = stock.stem.removeprefix("stock-").upper()
        with stock.open("a") as rows:
            rows.write(f"{warehouse},{SKU},100\n")


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = make_site(tmp_path_factory.mktemp("address") / "site", days=1, end_date=FIRST_DAY)
    _land(site)
    run_night(site, FIRST_DAY)
    return site


def _slip_of(site: Site, order_id: str) -> list[str]:
    """The text lines of the packing slip page that names the order."""
    pages = [
        page.extract_text()
        for path in sorted(site.output.rglob("packing-slips.pdf"))
        for page in pypdf.PdfReader(path).pages
    ]
    found = [text for text in pages if f" {order_id} " in text]
    assert len(found) == 1, f"{len(found)} slips name {order_id}"
    return [line.strip() for line in found[0].splitlines()]


def _manifest_rows(site: Site, order_id: str) -> list[dict[str, str]]:
    """The manifest CSV rows (read with Python's csv module) of the order's shipment."""
    with duckdb.connect(str(site.warehouse_path), read_only=True) as con:
        shipments = {
            row[0]
            for row in con.sql(
                "select shipment_id from oms.shipments where channel_order_id = $id",
                params={"id": order_id},
            ).fetchall()
        }
    return [
        row
        for path in sorted(site.output.rglob("manifest-*.csv"))
        for row in csv.DictReader(io.StringIO(path.read_text()))
        if row["shipment_id"] in shipments
    ]


@pytest.mark.parametrize(
    ("order_id", "address1", "address2"),
    [
        ("#ZZ1001", "200 Rideau St", "Unit 703"),
        ("ZZ-00001-00001", "42 Hegal Pl", "Apt 3E"),
        ("ZZ-G1", "1 Center Plaza", "Suite 600"),
    ],
    ids=["shopify", "ebay", "generic"],
)
def test_address_2_reaches_the_packing_slip_and_the_manifest_file(
    night: Site, order_id: str, address1: str, address2: str
) -> None:
    slip = _slip_of(night, order_id)
    assert slip.index(address2) == slip.index(address1) + 1
    assert "BOSTON, MA 02134" in slip

    rows = _manifest_rows(night, order_id)
    assert rows, f"{order_id} is on no manifest"
    assert {(r["ship_address1"], r["ship_address2"], r["ship_city"]) for r in rows} == {
        (address1, address2, "Boston")
    }


def test_company_and_phone_reach_the_manifest_file(night: Site) -> None:
    rows = _manifest_rows(night, "ZZ-G1")
    assert {(r["ship_company"], r["ship_phone"]) for r in rows} == {
        ("FBI Field Office", "+1 617-555-0103")
    }
    assert "FBI Field Office" in _slip_of(night, "ZZ-G1")


def test_a_uk_address_prints_town_and_postcode_on_lines_of_their_own(night: Site) -> None:
    slip = _slip_of(night, "ZZ-G2")
    start = slip.index("Monica Reyes")
    assert slip[start : start + 6] == [
        "Monica Reyes",
        "10 Sauchiehall St",
        "Flat 2/1",
        "GLASGOW",
        "G1 1XQ",
        "UNITED KINGDOM",
    ]


def test_a_masked_ebay_address_is_held_with_its_reason_not_shipped(night: Site) -> None:
    with duckdb.connect(str(night.warehouse_path), read_only=True) as con:
        held = con.sql(
            "select shipments.status, shipments.packages, shipment_exceptions.reason "
            "from oms.shipments left join oms.shipment_exceptions using (shipment_id) "
            "where shipments.channel_order_id = 'ZZ-00001-00002'"
        ).fetchall()
        picked = con.sql(
            "select count(*) from oms.pick_list_lines "
            "where shipment_id in (select shipment_id from oms.shipments "
            "where channel_order_id = 'ZZ-00001-00002')"
        ).fetchall()
    assert held == [
        (
            "held",
            0,
            "the ship-to address cannot be delivered (the recipient name is '--', the street "
            "address is '--'): correct it on the channel, or cancel the order there if it is not "
            "to be shipped",
        )
    ]
    assert picked == [(0,)]
    assert _manifest_rows(night, "ZZ-00001-00002") == []
    slips = " ".join(
        page.extract_text()
        for path in night.output.rglob("packing-slips.pdf")
        for page in pypdf.PdfReader(path).pages
    )
    assert "ZZ-00001-00002" not in slips
