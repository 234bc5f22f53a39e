"""Organisations that support the manifesto (issue 27): request, verification, support, the people who act for them."""
