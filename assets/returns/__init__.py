"""Returns: the channels' return requests and the warehouse's receipts of returned parcels."""
