from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("accounts", views.AccountViewSet, basename="account")
router.register("safe-accounts", views.SafeAccountViewSet, basename="safe-account")

urlpatterns = [
    path("api/", include(router.urls)),
    path("api/invoices/", views.InvoiceList.as_view()),
    path("api/receipts/", views.ReceiptCreate.as_view()),
    path("api/accounts/open/", views.open_account),
    path("invoices/new/", views.InvoiceCreateView.as_view()),
    path("invoices/<int:pk>/edit/", views.InvoiceEditView.as_view()),
]
