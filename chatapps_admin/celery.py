import os

from celery import Celery
from celery.signals import worker_process_init

from chatapps_admin.gc_tuning import long_lived_process_tune

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatapps_admin.settings")

app = Celery("chatapps_admin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["chatapps_admin"])


@worker_process_init.connect
def _tune_gc(**_: object) -> None:
    """Each pool process, once forked and set up (see chatapps_admin.gc_tuning)."""
    long_lived_process_tune()
