"""Hooks through which capabilities take part in account-wide rules.

- ``account_deleting``: sent with the user just before the account is deleted, inside the same
  transaction. A capability that stores data about a user removes or anonymises it here
  (receivers must not commit). Keyword ``keep_experiences`` (bool): the person chose to keep
  their published experiences anonymised; receivers take ``**kwargs``.
- ``collecting_user_data``: sent with the user when they download their data; each receiver
  returns ``(section_name, json_serialisable_data)``.
"""

from blinker import Namespace

_signals = Namespace()

account_deleting = _signals.signal("account-deleting")
collecting_user_data = _signals.signal("collecting-user-data")

# Moderation: a moderator blocked or unblocked a person. ``user_blocked`` carries
# ``hide_content: bool`` (the moderator's choice); capabilities hide or restore that person's
# content in the same transaction (receivers must not commit).
user_blocked = _signals.signal("user-blocked")
user_unblocked = _signals.signal("user-unblocked")
