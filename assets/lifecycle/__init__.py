"""Lifecycle: where every order line stands, night by night, from what the other stages wrote."""
