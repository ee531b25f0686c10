import os

from django.core.wsgi import get_wsgi_application

from chatapps_admin.gc_tuning import long_lived_process_tune
from chatapps_admin.startup import or_exit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatapps_admin.settings")

application = or_exit(get_wsgi_application)
long_lived_process_tune()
