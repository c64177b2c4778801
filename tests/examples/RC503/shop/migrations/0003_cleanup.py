from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_auto")]

    operations = [
        # ruleid: RC503
        migrations.RemoveField(model_name="order", name="coupon_code"),
        # ruleid: RC503
        migrations.DeleteModel(name="Wishlist"),
        # ok: RC503
        migrations.AddField(model_name="order", name="note", field=models.TextField(null=True)),
    ]
