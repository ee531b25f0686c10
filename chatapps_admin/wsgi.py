import os

from django.core.wsgi import get_wsgi_application

from chatapps_admin.startup import or_exit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatapps_admin.settings")

application = or_exit(get_wsgi_application)
