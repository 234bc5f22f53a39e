"""Sharing: share links, preview images and QR codes."""
