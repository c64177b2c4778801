from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import CreateView, UpdateView
from rest_framework import generics, permissions, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from .models import Account, Invoice
from .serializers import AccountSerializer, InvoiceSerializer, ReceiptSerializer, SafeAccountSerializer


class AccountViewSet(viewsets.ModelViewSet):
    permission_classes = [permissions.IsAuthenticated]
    # ruleid: RC203
    serializer_class = AccountSerializer

    def get_queryset(self):
        return Account.objects.filter(user=self.request.user)


class SafeAccountViewSet(viewsets.ModelViewSet):
    permission_classes = [permissions.IsAuthenticated]
    # ok: RC203
    serializer_class = SafeAccountSerializer

    def get_queryset(self):
        return Account.objects.filter(user=self.request.user)

    def perform_create(self, serializer):
        serializer.save(user=self.request.user)


class InvoiceList(generics.ListCreateAPIView):
    permission_classes = [permissions.IsAuthenticated]
    # ok: RC203
    serializer_class = InvoiceSerializer

    def get_queryset(self):
        return Invoice.objects.filter(owner=self.request.user)


class ReceiptCreate(generics.CreateAPIView):
    permission_classes = [permissions.IsAuthenticated]
    # ok: RC203
    serializer_class = ReceiptSerializer

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def open_account(request):
    # ruleid: RC203
    serializer = AccountSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    serializer.save()
    return Response(serializer.data, status=201)


class InvoiceCreateView(LoginRequiredMixin, CreateView):
    model = Invoice
    # ruleid: RC203
    fields = "__all__"


class InvoiceEditView(LoginRequiredMixin, UpdateView):
    model = Invoice
    # ok: RC203
    fields = ["memo"]

    def get_queryset(self):
        return Invoice.objects.filter(owner=self.request.user)
