from io import StringIO

from django.core.management import call_command

from careers.models import CareerStage


def test_seed_careers_creates_missing_stages_and_is_idempotent(db):
    CareerStage.objects.all().delete()
    out = StringIO()
    call_command("seed_careers", stdout=out)
    assert "7" in out.getvalue()
    call_command("seed_careers", stdout=StringIO())
    assert CareerStage.objects.count() == 7
    keys = list(CareerStage.objects.values_list("key", flat=True))
    assert keys == ["summer_job", "observership", "lis0", "lis1", "lis2_3", "alis", "consultant"]
    assert all(stage.title_en and stage.what_en for stage in CareerStage.objects.all())


def test_the_migration_seeds_the_stages(db):
    assert CareerStage.objects.count() == 7
