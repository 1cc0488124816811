"""The portal's own reasons for changing a choice or an offer become codes.

Before, the portal wrote English (or, when the request was in Bokmål, Norwegian) prose
about "the candidate" into ``OfferEvent.note`` and ``Offer.reason``, and every reader saw
it as written: the candidate read about herself in the third person, a Bokmål reader read
English. Now ``reason_code`` (``StatusReason``) holds the reason and recruitment/wording.py
words it for the reader. The sentences the portal used to write, in both languages, are
mapped to their codes and removed from the prose fields; what a person typed stays. The
note "Wave 3" on a prepared offer goes too: the history shows the offer's wave. Going back
writes the English sentences again.
"""

import re

from django.db import migrations, models

# The sentences the portal wrote (recruitment/hiring/services.py before this migration),
# in English and as the Bokmål catalogue translated them.
KNOWN = {
    "accepted_other_post": [
        "The candidate accepted another post.",
        "Kandidaten takket ja til en annen stilling.",
    ],
    "accepted_higher_choice": [
        "The candidate accepted a higher choice.",
        "Kandidaten takket ja til et høyere valg.",
    ],
    "upgraded": [
        "Accepted automatically: the candidate accepted a lower choice with upgrade.",
        "Akseptert automatisk: kandidaten takket ja til et lavere valg med oppgradering.",
    ],
    "application_withdrawn": [
        "The candidate withdrew the application.",
        "Kandidaten trakk søknaden.",
    ],
    "changed_before_wave": [
        "The candidate's application changed before the wave.",
        "Kandidatens søknad ble endret før tilbudsrunden.",
    ],
    "not_answered": [
        "Not answered by the deadline.",
        "Ikke besvart innen fristen.",
    ],
}
WAVE_NOTE = re.compile(r"^(Wave|Tilbudsrunde) \d+$")


def to_codes(apps, schema_editor):
    Offer = apps.get_model("recruitment", "Offer")
    OfferEvent = apps.get_model("recruitment", "OfferEvent")
    for code, sentences in KNOWN.items():
        Offer.objects.filter(reason__in=sentences).update(reason="", reason_code=code)
        OfferEvent.objects.filter(note__in=sentences).update(note="", reason_code=code)
    prepared = OfferEvent.objects.filter(status="prepared").exclude(note="")
    for pk, note in prepared.values_list("pk", "note"):
        if WAVE_NOTE.match(note):
            OfferEvent.objects.filter(pk=pk).update(note="")


def to_sentences(apps, schema_editor):
    Offer = apps.get_model("recruitment", "Offer")
    OfferEvent = apps.get_model("recruitment", "OfferEvent")
    for code, (english, _bokmal) in KNOWN.items():
        Offer.objects.filter(reason_code=code, reason="").update(reason=english)
        OfferEvent.objects.filter(reason_code=code, note="").update(note=english)


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0005_posting_round"),
    ]

    operations = [
        migrations.AddField(
            model_name="choiceevent",
            name="reason_code",
            field=models.CharField(
                blank=True,
                choices=[
                    ("accepted_other_post", "Accepted another post"),
                    ("accepted_higher_choice", "Accepted a higher-ranked post"),
                    ("upgraded", "Accepted automatically (upgrade)"),
                    ("application_withdrawn", "Application withdrawn by the applicant"),
                    ("changed_before_wave", "Application changed before the wave"),
                    ("not_answered", "Not answered by the deadline"),
                    ("offer_withdrawn", "Offer withdrawn by the employer"),
                    ("acceptance_cancelled", "Acceptance cancelled by the employer"),
                    ("removed_from_reserve", "Taken off the reserve list"),
                ],
                db_default="",
                default="",
                max_length=32,
                verbose_name="reason",
            ),
        ),
        migrations.AddField(
            model_name="offer",
            name="reason_code",
            field=models.CharField(
                blank=True,
                choices=[
                    ("accepted_other_post", "Accepted another post"),
                    ("accepted_higher_choice", "Accepted a higher-ranked post"),
                    ("upgraded", "Accepted automatically (upgrade)"),
                    ("application_withdrawn", "Application withdrawn by the applicant"),
                    ("changed_before_wave", "Application changed before the wave"),
                    ("not_answered", "Not answered by the deadline"),
                    ("offer_withdrawn", "Offer withdrawn by the employer"),
                    ("acceptance_cancelled", "Acceptance cancelled by the employer"),
                    ("removed_from_reserve", "Taken off the reserve list"),
                ],
                db_default="",
                default="",
                max_length=32,
                verbose_name="reason",
            ),
        ),
        migrations.AddField(
            model_name="offerevent",
            name="reason_code",
            field=models.CharField(
                blank=True,
                choices=[
                    ("accepted_other_post", "Accepted another post"),
                    ("accepted_higher_choice", "Accepted a higher-ranked post"),
                    ("upgraded", "Accepted automatically (upgrade)"),
                    ("application_withdrawn", "Application withdrawn by the applicant"),
                    ("changed_before_wave", "Application changed before the wave"),
                    ("not_answered", "Not answered by the deadline"),
                    ("offer_withdrawn", "Offer withdrawn by the employer"),
                    ("acceptance_cancelled", "Acceptance cancelled by the employer"),
                    ("removed_from_reserve", "Taken off the reserve list"),
                ],
                db_default="",
                default="",
                max_length=32,
                verbose_name="reason",
            ),
        ),
        migrations.AddConstraint(
            model_name="choiceevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "reason_code__in",
                        [
                            "",
                            "accepted_other_post",
                            "accepted_higher_choice",
                            "upgraded",
                            "application_withdrawn",
                            "changed_before_wave",
                            "not_answered",
                            "offer_withdrawn",
                            "acceptance_cancelled",
                            "removed_from_reserve",
                        ],
                    )
                ),
                name="choice_event_reason_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="offer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "reason_code__in",
                        [
                            "",
                            "accepted_other_post",
                            "accepted_higher_choice",
                            "upgraded",
                            "application_withdrawn",
                            "changed_before_wave",
                            "not_answered",
                            "offer_withdrawn",
                            "acceptance_cancelled",
                            "removed_from_reserve",
                        ],
                    )
                ),
                name="offer_reason_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="offerevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "reason_code__in",
                        [
                            "",
                            "accepted_other_post",
                            "accepted_higher_choice",
                            "upgraded",
                            "application_withdrawn",
                            "changed_before_wave",
                            "not_answered",
                            "offer_withdrawn",
                            "acceptance_cancelled",
                            "removed_from_reserve",
                        ],
                    )
                ),
                name="offer_event_reason_valid",
            ),
        ),
        migrations.RunPython(to_codes, to_sentences),
    ]
