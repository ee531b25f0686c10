"""Campaigns: one message to many recipients, built, checked and launched through the send engine.

A campaign is built as a draft (message, audience, schedule, rate), checked before launch (who is
excluded and why), then frozen into a messaging.SendJob whose workers send it in batches.
"Send to many" from the composer is a small campaign built the same way.
"""
