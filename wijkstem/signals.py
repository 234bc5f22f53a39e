"""Hooks through which capabilities take part in account-wide rules.

- ``account_deleting``: sent with the user just before the account is deleted, inside the same
  transaction. A capability that stores data about a user removes or anonymises it here
  (receivers must not commit). Keyword ``keep_experiences`` (bool): the person chose to keep
  their published experiences anonymised; receivers take ``**kwargs``.
- ``collecting_user_data``: sent with the user when they download their data; each receiver
  returns ``(section_name, json_serialisable_data)``.
- ``email_confirmed``: sent with the user when their e-mail address is confirmed for the first
  time, inside the confirming transaction (receivers must not commit). Used to complete what an
  unconfirmed person already tried to do, such as endorsing a pillar.
- ``account_changed``: sent with the user after something that others see about them changed
  (perspective, municipality, verification, block), before the commit (receivers must not
  commit). Endorsement counters follow it. Whoever blocks, unblocks or verifies sends it too.
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
email_confirmed = _signals.signal("email-confirmed")
account_changed = _signals.signal("account-changed")
