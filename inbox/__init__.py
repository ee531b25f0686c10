"""The support inbox: one conversation per contact, read and answered inside the service window."""
