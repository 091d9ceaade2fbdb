"""User accounts, roles, sign-in and the users command."""
