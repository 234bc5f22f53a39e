"""Accounts: registering, passwords, sign-in tokens, confirming addresses, mail, deleting all a person left."""
