from celery import shared_task


@shared_task(ignore_result=False)
def ping(text: str) -> str:
    """Answers with what it was given: proves a worker and the broker are alive end to end."""
    return f"pong: {text}"
