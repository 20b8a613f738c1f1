from django.urls import URLPattern, URLResolver

app_name = "supply_chain"

urlpatterns: list[URLPattern | URLResolver] = []
