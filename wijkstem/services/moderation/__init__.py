"""Moderation: the shared queue, what is hidden from whom, user administration and the audit trail."""
