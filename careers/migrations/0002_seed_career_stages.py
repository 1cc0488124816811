"""Give every stage its page with the default texts (``seed_careers`` does the same).

The texts are frozen here as they were when this migration was written (a copy of
``careers.defaults`` of that day), so editing the live defaults never changes what a
fresh database is migrated to.
"""

from django.db import migrations

REGION_OFFERS_NB = (
    "Et helsefellesskap der sykehuset og kommunene rekrutterer sammen: ett sted for "
    "stillinger, én søknad og ett kontaktpunkt hos rekrutteringskoordinatoren.\n"
    "Lite blant kollegaer, men stort faglig – korte linjer mellom kommunene, "
    "prehospital tjeneste og sykehuset.\n"
    "Kort vei til Oslo, lavere boutgifter enn i storbyen, variert natur og fritidstilbud."
)
REGION_OFFERS_EN = (
    "A health community where the hospital and the municipalities recruit together: one "
    "place for posts, one application and one contact person, the recruitment coordinator.\n"
    "Small enough to know your colleagues, large enough for a broad clinical experience – "
    "short lines between the municipalities, the pre-hospital services and the hospital.\n"
    "Close to Oslo, lower housing costs than in the capital, varied nature and leisure."
)

DEFAULT_STAGES: list[dict[str, str | int]] = [
    {
        "key": "summer_job",
        "order": 10,
        "title_nb": "Sommerjobb for medisinstudenter",
        "title_en": "Summer jobs for medical students",
        "summary_nb": "Sommervikariat på sykehuset eller i kommunen – et første møte med "
        "regionen som arbeidsplass.",
        "summary_en": "Summer locum work at the hospital or in a municipality – a first "
        "taste of the region as a place to work.",
        "what_nb": "Sommervikarer jobber i ferieavviklingen på sykehusets avdelinger, på "
        "legevakt, sykehjem og legekontor i kommunene. Du får en fast veileder, en fadder "
        "og en plan for de første dagene, slik at du blir trygg i jobben.",
        "what_en": "Summer locums work during the holiday season in the hospital's "
        "departments and in the municipalities' out-of-hours services, nursing homes and "
        "GP surgeries. You get a named supervisor, a buddy and a plan for the first days so "
        "that you feel safe at work.",
        "who_nb": "Medisinstudenter, også de som studerer i utlandet. Hvilke oppgaver du "
        "kan ha avhenger av hvor langt du har kommet i studiet og om du har lisens.",
        "who_en": "Medical students, including those studying abroad. What you may do "
        "depends on how far you are in your studies and whether you hold a licence.",
        "rounds_nb": "Sommerjobbene lyses ut på vinteren, vanligvis med frist i "
        "januar–februar. Følg med på stillingene nedenfor og på informasjonskveldene.",
        "rounds_en": "Summer jobs are advertised in winter, usually with deadlines in "
        "January–February. Watch the posts below and come to an information evening.",
        "offers_nb": REGION_OFFERS_NB,
        "offers_en": REGION_OFFERS_EN,
    },
    {
        "key": "observership",
        "order": 20,
        "title_nb": "Hospitering",
        "title_en": "Observership",
        "summary_nb": "Bli kjent med et fagmiljø – på sykehuset eller i kommunen – før du "
        "bestemmer deg.",
        "summary_en": "Get to know a department – at the hospital or in a municipality – "
        "before you decide.",
        "what_nb": "En kort periode der du følger leger i arbeidet. Hospitering i "
        "kommunehelsetjenesten gir LIS1 og ALIS innsikt i andre deler av helsetjenesten og i "
        "alternative karriereveier.",
        "what_en": "A short period following doctors at work. Observerships in the "
        "municipal health service give LIS1 and ALIS doctors insight into other parts of the "
        "health service and into other career paths.",
        "who_nb": "Medisinstudenter, LIS1, ALIS og leger som vurderer å bytte fagfelt eller "
        "arbeidssted.",
        "who_en": "Medical students, LIS1 and ALIS doctors, and doctors considering another "
        "field or workplace.",
        "rounds_nb": "Løpende – ta kontakt med arbeidsgiveren i stillingsannonsen.",
        "rounds_en": "Throughout the year – contact the employer named in the posting.",
        "offers_nb": REGION_OFFERS_NB,
        "offers_en": REGION_OFFERS_EN,
    },
    {
        "key": "lis0",
        "order": 30,
        "title_nb": "Student med lisens (LIS0)",
        "title_en": "Student with a limited licence (LIS0)",
        "summary_nb": "Vikariater for medisinstudenter med begrenset lisens.",
        "summary_en": "Locum posts for medical students with a limited licence.",
        "what_nb": "Som student med lisens arbeider du som lege under veiledning, på "
        "sykehuset eller i kommunen. Fadderordningen gjelder også for LIS0.",
        "what_en": "As a student with a limited licence you work as a doctor under "
        "supervision, at the hospital or in a municipality. The buddy scheme also covers "
        "LIS0.",
        "who_nb": "Medisinstudenter som har fått begrenset lisens fra Helsedirektoratet.",
        "who_en": "Medical students granted a limited licence by the Norwegian Directorate "
        "of Health.",
        "rounds_nb": "Vikariatene lyses ut fortløpende, flest før sommeren og jul.",
        "rounds_en": "Locum posts are advertised as they arise, most of them before summer "
        "and Christmas.",
        "offers_nb": REGION_OFFERS_NB,
        "offers_en": REGION_OFFERS_EN,
    },
    {
        "key": "lis1",
        "order": 40,
        "title_nb": "LIS1",
        "title_en": "LIS1",
        "summary_nb": "Første del av spesialistutdanningen: 12 måneder på sykehus og 6 "
        "måneder i kommunen.",
        "summary_en": "The first part of specialist training: 12 months in hospital and "
        "6 months in municipal primary care.",
        "what_nb": "LIS1 (tidligere turnus) er en 18 måneders stilling med 12 måneder på "
        "sykehuset og 6 måneder i en kommune. Sykehuset og kommunene ansetter sammen, og du "
        "får vite tidlig hvilken kommune du skal til. Noen LIS1-stillinger er koblet til en "
        "senere ALIS-stilling i en kommune – et forutsigbart løp mot spesialist i "
        "allmennmedisin.",
        "what_en": "LIS1 (formerly *turnus*) is an 18-month post: 12 months at the hospital "
        "and 6 months in a municipality. The hospital and the municipalities hire together, "
        "and you learn early which municipality you will work in. Some LIS1 posts are coupled "
        "to a later ALIS post in a municipality – a predictable path to becoming a specialist "
        "in general practice.",
        "who_nb": "Leger med norsk autorisasjon som ikke har gjennomført del 1 av "
        "spesialistutdanningen.",
        "who_en": "Doctors with Norwegian authorisation who have not completed part 1 of "
        "specialist training.",
        "rounds_nb": "Alle LIS1-stillinger lyses ut samlet to ganger i året, vår og høst. "
        "Tilbud sendes i felles runder med felles svarfrist. Vi holder informasjonskvelder "
        "før hver søknadsfrist.",
        "rounds_en": "All LIS1 posts are advertised together twice a year, in spring and "
        "autumn. Offers go out in common waves with a common response deadline. We hold "
        "information evenings before each application deadline.",
        "offers_nb": REGION_OFFERS_NB + "\nFelles karrieredag for LIS1 med både sykehuset "
        "og kommunene, og en fadder fra første dag.",
        "offers_en": REGION_OFFERS_EN + "\nA joint career day for LIS1 with both the "
        "hospital and the municipalities, and a buddy from the first day.",
    },
    {
        "key": "lis2_3",
        "order": 50,
        "title_nb": "LIS2/LIS3 – spesialisering på sykehus",
        "title_en": "LIS2/LIS3 – specialist training in hospital",
        "summary_nb": "Videre spesialistutdanning i sykehusets spesialiteter.",
        "summary_en": "Further specialist training in the hospital's specialties.",
        "what_nb": "LIS2 og LIS3 er del 2 og 3 av spesialistutdanningen. Du arbeider mot "
        "læringsmålene i din spesialitet med strukturert veiledning og supervisjon. Sykehuset "
        "har egen fadderordning for nye LIS2/3.",
        "what_en": "LIS2 and LIS3 are parts 2 and 3 of specialist training. You work towards "
        "the learning objectives of your specialty with structured supervision. The hospital "
        "has a buddy scheme for new LIS2/3 doctors.",
        "who_nb": "Leger som har fullført LIS1 (del 1).",
        "who_en": "Doctors who have completed LIS1 (part 1).",
        "rounds_nb": "Stillingene lyses ut fortløpende gjennom året.",
        "rounds_en": "Posts are advertised throughout the year.",
        "offers_nb": REGION_OFFERS_NB,
        "offers_en": REGION_OFFERS_EN,
    },
    {
        "key": "alis",
        "order": 60,
        "title_nb": "ALIS – spesialisering i allmennmedisin",
        "title_en": "ALIS – specialist training in general practice",
        "summary_nb": "Allmennlege i spesialisering, ansatt i kommunen.",
        "summary_en": "A GP in specialist training, employed by a municipality.",
        "what_nb": "Som ALIS arbeider du som fastlege eller i annen allmennmedisinsk "
        "tjeneste i kommunen og følger en individuell utdanningsplan med veiledning, "
        "supervisjon og sideutdanning. Flere kommuner tilbyr fastlønn i utdanningsløpet.",
        "what_en": "As an ALIS doctor you work as a GP or in other general-practice services "
        "in a municipality and follow an individual training plan with supervision, "
        "mentoring and training outside general practice. Several municipalities offer a "
        "fixed salary during training.",
        "who_nb": "Leger som har fullført LIS1 og vil bli spesialist i allmennmedisin.",
        "who_en": "Doctors who have completed LIS1 and want to become specialists in general "
        "practice.",
        "rounds_nb": "Kommunene lyser ut ALIS-stillinger fortløpende. Koblede LIS1-stillinger "
        "gir mulighet til å avtale ALIS-stilling allerede i LIS1.",
        "rounds_en": "Municipalities advertise ALIS posts throughout the year. Coupled LIS1 "
        "posts let you agree an ALIS post already during LIS1.",
        "offers_nb": REGION_OFFERS_NB,
        "offers_en": REGION_OFFERS_EN,
    },
    {
        "key": "consultant",
        "order": 70,
        "title_nb": "Overlege",
        "title_en": "Consultant",
        "summary_nb": "Faste stillinger for spesialister på sykehuset.",
        "summary_en": "Permanent posts for specialists at the hospital.",
        "what_nb": "Som overlege er du spesialist med ansvar for pasientbehandling, "
        "veiledning og supervisjon av leger i spesialisering. Det finnes ordninger for "
        "miljøskifte, for eksempel en periode i kommunens KAD eller sykehjem.",
        "what_en": "As a consultant you are a specialist responsible for patient care and for "
        "supervising doctors in training. There are schemes for a change of scene, such as a "
        "period in the municipality's acute inpatient unit (KAD) or a nursing home.",
        "who_nb": "Leger med spesialistgodkjenning i faget.",
        "who_en": "Doctors with specialist approval in the field.",
        "rounds_nb": "Stillingene lyses ut fortløpende gjennom året.",
        "rounds_en": "Posts are advertised throughout the year.",
        "offers_nb": REGION_OFFERS_NB,
        "offers_en": REGION_OFFERS_EN,
    },
]


def seed(apps, schema_editor):
    CareerStage = apps.get_model("careers", "CareerStage")
    for values in DEFAULT_STAGES:
        CareerStage.objects.get_or_create(
            key=values["key"], defaults={k: v for k, v in values.items() if k != "key"}
        )


class Migration(migrations.Migration):
    dependencies = [("careers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
