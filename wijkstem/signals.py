"""Hooks through which capabilities take part in account-wide rules.

- ``account_deleting``: sent with the user just before the account is deleted, inside the same
  transaction. A capability that stores data about a user removes or anonymises it here
  (receivers must not commit).
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
email_confirmed = _signals.signal("email-confirmed")
account_changed = _signals.signal("account-changed")
