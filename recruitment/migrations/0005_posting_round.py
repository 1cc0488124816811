"""A posting's round becomes a field of the posting, and its deadline the round's.

Before, a posting in a round kept a ``deadline`` of its own beside the round's
``closes_at``; pages showed the one and the server enforced the other. Now a posting
belongs to at most one round through ``Posting.round`` (the ``RoundPosting`` link table,
whose one-round-per-posting rule this replaces, goes), and a posting in a round has no
deadline of its own: the constraint ``posting_deadline_or_round`` holds exactly one of
the two. Going back gives each posting of a round the round's close as its deadline.
"""

import django.db.models.deletion
from django.db import migrations, models


def to_posting_round(apps, schema_editor):
    RoundPosting = apps.get_model("recruitment", "RoundPosting")
    Posting = apps.get_model("recruitment", "Posting")
    for round_id, posting_id in RoundPosting.objects.values_list("round_id", "posting_id"):
        Posting.objects.filter(pk=posting_id).update(round_id=round_id, deadline=None)


def to_round_posting(apps, schema_editor):
    RoundPosting = apps.get_model("recruitment", "RoundPosting")
    Posting = apps.get_model("recruitment", "Posting")
    for posting in Posting.objects.filter(round__isnull=False).select_related("round"):
        RoundPosting.objects.create(round_id=posting.round_id, posting_id=posting.pk)
        Posting.objects.filter(pk=posting.pk).update(deadline=posting.round.closes_at)


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0004_hiring"),
    ]

    operations = [
        migrations.AlterField(
            model_name="posting",
            name="deadline",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="application deadline"
            ),
        ),
        migrations.AddField(
            model_name="posting",
            name="round",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="recruitment.applicationround",
                verbose_name="application round",
                help_text="Set by the coordinator: the posting is applied for through the round.",
            ),
        ),
        migrations.RunPython(to_posting_round, to_round_posting),
        migrations.RemoveField(model_name="applicationround", name="postings"),
        migrations.DeleteModel(name="RoundPosting"),
        migrations.AlterField(
            model_name="posting",
            name="round",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="postings",
                to="recruitment.applicationround",
                verbose_name="application round",
                help_text="Set by the coordinator: the posting is applied for through the round.",
            ),
        ),
        migrations.AlterModelOptions(
            name="posting",
            options={
                "ordering": ["-published_at", "pk"],
                "verbose_name": "posting",
                "verbose_name_plural": "postings",
            },
        ),
        migrations.AddIndex(
            model_name="posting",
            index=models.Index(fields=["round", "status"], name="posting_round_status"),
        ),
        migrations.AddConstraint(
            model_name="posting",
            constraint=models.CheckConstraint(
                condition=models.Q(("deadline__isnull", False), ("round__isnull", True))
                | models.Q(("deadline__isnull", True), ("round__isnull", False)),
                name="posting_deadline_or_round",
                violation_error_message="A posting has its own deadline, or takes its round's: not both.",
            ),
        ),
    ]
