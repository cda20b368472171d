from django.contrib import admin

from places.models import Place, Structure

admin.site.register(Place)
admin.site.register(Structure)
