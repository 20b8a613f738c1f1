from django.urls import URLPattern, URLResolver, path

from lantern.supply_chain.views import suppliers

app_name = "supply_chain"

urlpatterns: list[URLPattern | URLResolver] = [
    path("suppliers/", suppliers.supplier_list, name="supplier-list"),
    path("suppliers/review/", suppliers.review_queue, name="review-queue"),
    path("suppliers/resolve/", suppliers.resolve_start, name="resolve-start"),
    path("suppliers/names/<int:name_id>/", suppliers.name_decide, name="name-decide"),
    path("suppliers/changes/<int:change_id>/undo/", suppliers.change_undo, name="change-undo"),
    path("suppliers/<str:reference>/", suppliers.supplier_detail, name="supplier-detail"),
    path("suppliers/<str:reference>/merge/", suppliers.supplier_merge, name="supplier-merge"),
    path("suppliers/<str:reference>/split/", suppliers.supplier_split, name="supplier-split"),
]
