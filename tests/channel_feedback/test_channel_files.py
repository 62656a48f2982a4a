"""Each channel's file read back by a reader built from the channel's own header (the evidence
files), never from the writer's column lists: its header byte for byte, its rows the confirmed
packages they were made from, carriers in the channel's words."""

import csv
import json
import re
from pathlib import Path

import polars as pl

from assets.channel_feedback.files import channel_files
from tests.channel_feedback.builders import NEXT_NIGHT, confirm, order, ship, tell, warehouse

EVIDENCE = Path(__file__).parent / "evidence"


def evidence_header(name: str) -> tuple[bytes, str, list[str]]:
    """The header line as the channel writes it, its delimiter and its column names."""
    line = (EVIDENCE / name).read_bytes().splitlines(keepends=True)[0]
    delimiter = "\t" if name.endswith(".tsv") else ","
    return line, delimiter, next(csv.reader([line.decode("utf-8")], delimiter=delimiter))


def read_back(path: Path, evidence: str) -> list[dict[str, str]]:
    """The file's rows by the evidence's column names; its header must be the evidence's."""
    line, delimiter, columns = evidence_header(evidence)
    assert path.read_bytes().splitlines(keepends=True)[0] == line
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file, delimiter=delimiter))[1:]
    return [dict(zip(columns, row, strict=True)) for row in rows]


def written(tmp_path: Path, ledger: pl.DataFrame) -> dict[str, int]:
    """The night's files written under `tmp_path/<channel>/`, and the rows of each."""
    files = channel_files(ledger)
    for spec, (content, _) in files.items():
        (tmp_path / spec.channel).mkdir(exist_ok=True)
        (tmp_path / spec.channel / spec.name).write_bytes(content)
    return {spec.path: rows for spec, (_, rows) in files.items()}


def night_of_every_channel() -> pl.DataFrame:
    """One night's ledger: every channel, split lines, a carrier no channel lists."""
    con = warehouse()
    order(con, "111-1", [("MUG", 3, "OI-1"), ("LAMP", 1, "OI-2")])
    ship(
        con,
        "111-1",
        "A1",
        [(1, "MUG", 3), (2, "LAMP", 1)],
        [[("MUG", 2)], [("MUG", 1), ("LAMP", 1)]],
    )
    order(con, "111-2", [("MUG", 1, "OI-3")])
    ship(con, "111-2", "A2", [(1, "MUG", 1)], [[("MUG", 1)]], carrier="Yamato Cargo")
    order(con, "12-345", [("MUG", 2, "TX-9")], channel="ebay")
    ship(con, "12-345", "E1", [(1, "MUG", 2)], [[("MUG", 2)]], channel="ebay", carrier="FedEx")
    order(con, "#1001", [("MUG", 1, None), ("LAMP", 1, None)], channel="shopify")
    ship(
        con, "#1001", "H1", [(1, "MUG", 1)], [[("MUG", 1)]], channel="shopify", carrier="Royal Mail"
    )
    ship(
        con,
        "#1001",
        "H2",
        [(2, "LAMP", 1)],
        [[("LAMP", 1)]],
        channel="shopify",
        carrier="Acme Couriers",
    )
    order(con, "7001", [("MUG", 2, None)], channel="woocommerce")
    ship(con, "7001", "W1", [(1, "MUG", 2)], [[("MUG", 1)], [("MUG", 1)]], channel="woocommerce")
    order(con, "7002", [("MUG", 1, None), ("LAMP", 1, None)], channel="woocommerce")
    ship(con, "7002", "W2", [(1, "MUG", 1)], [[("MUG", 1)]], channel="woocommerce", carrier="DHL")
    order(con, "=HYPERLINK(1)", [("MUG", 1, "L1")], channel="generic")
    ship(con, "=HYPERLINK(1)", "G1", [(1, "MUG", 1)], [[("MUG", 1)]], channel="generic")
    for shipment in ("A1", "A2", "E1", "H1", "H2", "W1", "W2", "G1"):
        confirm(con, shipment, f"TRK-{shipment}")
    return tell(con, NEXT_NIGHT)


def test_amazon_gets_one_row_per_order_item_and_package_with_other_for_an_unlisted_carrier(
    tmp_path,
):
    written(tmp_path, night_of_every_channel())
    rows = read_back(
        tmp_path / "amazon/shipping-confirmation.txt", "amazon_shipping_confirmation.header.tsv"
    )

    def row(order_id, item, quantity, code, name, tracking):
        return {
            "order-id": order_id,
            "order-item-id": item,
            "quantity": quantity,
            "ship-date": "2026-11-20",
            "carrier-code": code,
            "carrier-name": name,
            "tracking-number": tracking,
            "ship-method": "Ground",
        }

    assert rows == [
        row("111-1", "OI-1", "2", "UPS", "", "TRK-A1"),
        row("111-1", "OI-1", "1", "UPS", "", "TRK-A1"),
        row("111-1", "OI-2", "1", "UPS", "", "TRK-A1"),
        row("111-2", "OI-3", "1", "Other", "Yamato Cargo", "TRK-A2"),
    ]


def test_ebay_gets_a_shipped_row_per_transaction_with_its_carrier_code(tmp_path):
    written(tmp_path, night_of_every_channel())
    rows = read_back(tmp_path / "ebay/add-tracking.csv", "ebay_seller_hub_add_tracking.header.csv")

    assert rows == [
        {
            "Shipping Status": "Shipped",
            "Order Number": "12-345",
            "Item Number": "",
            "Item Title": "",
            "Custom Label": "MUG",
            "Transaction ID": "TX-9",
            "Shipping Carrier Used": "FedEx",
            "Tracking Number": "TRK-E1",
        }
    ]


def test_shopify_gets_a_fulfillment_line_per_shipment_with_a_supported_company_or_the_name(
    tmp_path,
):
    written(tmp_path, night_of_every_channel())
    rows = read_back(
        tmp_path / "shopify/Orders-fulfillments.csv",
        "shopify_matrixify_orders_fulfillment.header.csv",
    )

    def row(company, tracking):
        return {
            "Name": "#1001",
            "Command": "UPDATE",
            "Line: Type": "Fulfillment Line",
            "Fulfillment: Status": "success",
            "Fulfillment: Tracking Company": company,
            "Fulfillment: Location": "",
            "Fulfillment: Tracking Number": tracking,
            "Fulfillment: Tracking URL": "",
            "Fulfillment: Send Receipt": "TRUE",
        }

    assert rows == [row("Royal Mail", "TRK-H1"), row("Acme Couriers", "TRK-H2")]


def test_shopify_fulfillment_inputs_use_only_fulfillment_input_fields_and_carry_the_lines(tmp_path):
    written(tmp_path, night_of_every_channel())
    fields = (EVIDENCE / "shopify_fulfillmentCreate.fields.txt").read_text(encoding="utf-8")
    input_fields = set(re.findall(r"^(\w+)", fields, re.MULTILINE))
    tracking_fields = set(
        re.findall(r"\w+", fields.split("FulfillmentTrackingInput {")[1].split("}")[0])
    )
    lines = (tmp_path / "shopify/fulfillmentCreate.jsonl").read_text(encoding="utf-8").splitlines()
    inputs = [json.loads(line) for line in lines]

    assert [(i["orderName"], i["shipmentId"]) for i in inputs] == [("#1001", "H1"), ("#1001", "H2")]
    assert all(set(i["fulfillment"]) <= input_fields for i in inputs)
    assert all(set(i["fulfillment"]["trackingInfo"]) <= tracking_fields for i in inputs)
    assert [i["fulfillment"]["trackingInfo"] for i in inputs] == [
        {"company": "Royal Mail", "number": "TRK-H1"},
        {"company": "Acme Couriers", "number": "TRK-H2"},
    ]
    assert [i["lineItemsBySku"] for i in inputs] == [
        [{"sku": "MUG", "quantity": 1}],
        [{"sku": "LAMP", "quantity": 1}],
    ]


def test_woocommerce_gets_a_row_per_tracking_number_completed_or_partially_shipped(tmp_path):
    written(tmp_path, night_of_every_channel())
    rows = read_back(
        tmp_path / "woocommerce/ast-tracking-import.csv",
        "woocommerce_ast_tracking_import.header.csv",
    )

    assert rows == [
        {
            "order_id": "7001",
            "tracking_provider": "UPS",
            "tracking_number": "TRK-W1",
            "date_shipped": "20-11-2026",
            "status_shipped": "1",
        },
        {
            "order_id": "7002",
            "tracking_provider": "DHL",
            "tracking_number": "TRK-W2",
            "date_shipped": "20-11-2026",
            "status_shipped": "2",
        },
    ]


def test_the_generic_file_keeps_every_package_line_and_writes_a_formula_as_text(tmp_path):
    written(tmp_path, night_of_every_channel())
    with (tmp_path / "generic/shipment-confirmations.csv").open(
        encoding="utf-8", newline=""
    ) as file:
        rows = list(csv.DictReader(file))

    assert rows == [
        {
            "channel_order_id": "'=HYPERLINK(1)",
            "channel_line_id": "L1",
            "line_no": "1",
            "sku": "MUG",
            "quantity": "1",
            "shipment_id": "G1",
            "package_id": "G1-1",
            "ship_date": "2026-11-20",
            "carrier": "UPS",
            "service": "Ground",
            "tracking_number": "TRK-G1",
            "order_complete": "true",
        }
    ]


def test_a_channel_with_nothing_to_tell_gets_no_file(tmp_path):
    ledger = night_of_every_channel().filter(pl.col("channel") == "ebay")

    assert written(tmp_path, ledger) == {"channels/ebay/add-tracking.csv": 1}
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*")] == [
        "ebay/add-tracking.csv"
    ]
