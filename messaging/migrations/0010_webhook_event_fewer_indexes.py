"""Webhook events keep only the indexes reads use: every webhook request writes a row.

The new unique constraint on fingerprint is added before the old unique column is altered away,
so a repeat is refused at every moment of the migration (the intake's ON CONFLICT needs it).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0009_content_cleared"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="webhookevent",
            constraint=models.UniqueConstraint(
                fields=("fingerprint",), name="webhookevent_fingerprint_unique"
            ),
        ),
        migrations.AddIndex(
            model_name="webhookevent",
            index=models.Index(fields=["umid"], name="webhookevent_umid"),
        ),
        migrations.AlterField(
            model_name="webhookevent",
            name="fingerprint",
            field=models.CharField(max_length=64),
        ),
        migrations.AlterField(
            model_name="webhookevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("receipt", "Delivery receipt"),
                    ("inbound", "Inbound message"),
                    ("template", "Template / business event"),
                    ("other", "Other"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="webhookevent",
            name="umid",
            field=models.CharField(blank=True, max_length=64),
        ),
    ]
