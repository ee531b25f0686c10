"""A local stand-in for the 8x8 Chat Apps API, mounted at /sandbox/ while SANDBOX_ENABLED is on.

- API (bearer CHATAPPS_API_KEY, same paths as 8x8 under /sandbox/): single and batch send, message
  details, templates (list/create/delete, seeded from seed_templates.py), file upload/download.
- Every send is stored (SandboxMessage); `selectors.accepted_count()`, `duplicate_count()` and
  `messages_for(msisdn)` prove what was sent and how often.
- Receipts (v9) and customer replies (v3) are posted to PUBLIC_BASE_URL/webhooks/8x8/ by Celery
  tasks; `services.sandbox_webhooks_deliver_now(message)` runs a timetable without a worker.
- Faults (429, 5xx, slow, dropped connection, wrong region): SandboxConfig on the page, or
  `faults.sandbox_faults(...)` in tests.
"""
