"""Tracking: carrier tracking events matched to confirmed shipments, and the parcels gone quiet."""
