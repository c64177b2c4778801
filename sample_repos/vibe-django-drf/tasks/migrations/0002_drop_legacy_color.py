from django.db import migrations


def copy_colors_to_notes(apps, schema_editor):
    Workspace = apps.get_model("tasks", "Workspace")
    for workspace in Workspace.objects.all():
        workspace.name = f"{workspace.name} ({workspace.legacy_color})"
        workspace.save()


class Migration(migrations.Migration):
    dependencies = [("tasks", "0001_initial")]

    operations = [
        # ruleid: RC501
        migrations.RunPython(copy_colors_to_notes),
        # ruleid: RC503
        migrations.RemoveField(model_name="workspace", name="legacy_color"),
    ]
