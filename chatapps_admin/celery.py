import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatapps_admin.settings")

app = Celery("chatapps_admin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["chatapps_admin"])
