"""Experiences: writing, photos, writing help, moderation, listing, search and similar experiences."""
