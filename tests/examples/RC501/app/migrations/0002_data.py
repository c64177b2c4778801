from django.db import migrations


def fill_slugs(apps, schema_editor):
    Project = apps.get_model("app", "Project")
    for project in Project.objects.all():
        project.slug = project.name.lower()
        project.save()


class Migration(migrations.Migration):
    dependencies = [("app", "0001_initial")]

    operations = [
        # ruleid: RC501
        migrations.RunPython(fill_slugs),
        # ok: RC501
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        # ruleid: RC501
        migrations.RunSQL("update app_project set archived = false"),
        # ok: RC501
        migrations.RunSQL("create index app_project_slug on app_project (slug)", reverse_sql="drop index app_project_slug"),
    ]
