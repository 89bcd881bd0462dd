"""Devices: each with an asset tag and a history from pledge to person."""
