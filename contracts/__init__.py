"""The shared vocabulary and data contract of batch-oms.

Everything in the project may import this package; it imports nothing of the project. What two
stages share (channels, service levels, statuses, address fields, id rules, reference-file and
table schemas) is defined here once, so the stages hand each other tables, not imports.
"""
