from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("blog", "0003_auto")]

    operations = [
        # ruleid: RC504
        migrations.AddIndex(model_name="post", index=models.Index(fields=["published_at"], name="post_published_idx")),
        # ok: RC504
        AddIndexConcurrently(model_name="post", index=models.Index(fields=["author"], name="post_author_idx")),
    ]
