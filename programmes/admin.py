from django.contrib import admin

from programmes.models import Programme, Support

admin.site.register(Programme)
admin.site.register(Support)
