"""Donations: a donor's pledge of devices, with pickup details."""
