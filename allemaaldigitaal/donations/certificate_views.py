"""Routes of the donations feature (see blueprint.py)."""
