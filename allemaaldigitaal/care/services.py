"""The care services in one place for callers that import them from here; each lives in its own module."""
from .allocation import allocate_auto, allocate_tags, release_allocation
from .claims import approve_claim, change_claim, create_claim, decide_claim, reject_claim, withdraw_claim
from .handouts import register_handout
from .stock import stock_counts

__all__ = [
    "allocate_auto", "allocate_tags", "approve_claim", "change_claim", "create_claim", "decide_claim",
    "register_handout", "reject_claim", "release_allocation", "stock_counts", "withdraw_claim",
]
