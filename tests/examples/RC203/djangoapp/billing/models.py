from django.contrib.auth.models import User
from django.db import models


class Account(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    plan = models.CharField(max_length=20, default="free")
    credits = models.IntegerField(default=0)


class Invoice(models.Model):
    owner = models.ForeignKey(User, on_delete=models.CASCADE)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    memo = models.CharField(max_length=200)


class Receipt(models.Model):
    owner = models.ForeignKey(User, on_delete=models.CASCADE)
    memo = models.CharField(max_length=200)
