"""Everything printed (labels, receipts, certificates, handover forms): plain data in, PDF bytes out.

No request, no session and no database here: the feature that prints gathers the data first.
"""
