"""Ship the default survey templates (LIS1, LIS2/3, ALIS, exit, stay) in both languages.

The templates are frozen here as they were when this migration was written (a copy of
``feedback.seed_data`` of that day, the seeding function working on the historical
models), so editing the live defaults never changes what a fresh database is migrated to.
"""

from django.db import migrations

AGREE = {
    "low_label_nb": "Helt uenig",
    "low_label_en": "Strongly disagree",
    "high_label_nb": "Helt enig",
    "high_label_en": "Strongly agree",
}
IMPORTANCE = {
    "low_label_nb": "Ikke viktig",
    "low_label_en": "Not important",
    "high_label_nb": "Svært viktig",
    "high_label_en": "Very important",
}


def likert(key: str, theme: str, nb: str, en: str, ends: dict = AGREE) -> dict:
    return {"key": key, "theme": theme, "kind": "likert", "text_nb": nb, "text_en": en, **ends}


def choice(key: str, theme: str, nb: str, en: str, options, *, multiple: bool = False) -> dict:
    return {
        "key": key,
        "theme": theme,
        "kind": "multiple" if multiple else "single",
        "text_nb": nb,
        "text_en": en,
        "choices": [{"key": k, "text_nb": o_nb, "text_en": o_en} for k, o_nb, o_en in options],
    }


def text(key: str, theme: str, nb: str, en: str) -> dict:
    return {"key": key, "theme": theme, "kind": "text", "text_nb": nb, "text_en": en}


INTRO_NB = (
    "Svarene dine er anonyme. De lagres uten navn, e-post eller tidspunkt, og resultater "
    "vises bare for grupper der nok har svart. Skriv ikke navn eller andre detaljer som kan "
    "avsløre hvem du er i fritekstfeltene."
)
INTRO_EN = (
    "Your answers are anonymous. They are stored without your name, e-mail or the time you "
    "answered, and results are shown only for groups where enough people have answered. "
    "Please do not write names or other details that could identify you in the text fields."
)

STAY_REGION = choice(
    "career_stay_region",
    "career_plans",
    "Kan du tenke deg å fortsette å jobbe i regionen?",
    "Would you consider continuing to work in the region?",
    [
        ("yes", "Ja", "Yes"),
        ("maybe", "Kanskje", "Maybe"),
        ("no", "Nei", "No"),
        ("unsure", "Vet ikke", "Don't know"),
    ],
)

WHAT_WOULD_HELP = choice(
    "career_what_helps",
    "career_plans",
    "Hva ville gjort det mer aktuelt for deg å bli i regionen? (velg alle som passer)",
    "What would make it more attractive for you to stay in the region? (choose all that apply)",
    [
        ("path", "Forutsigbar vei videre i spesialiseringen", "A predictable path onwards"),
        ("supervision", "God veiledning og supervisjon", "Good supervision"),
        ("permanent", "Fast stilling", "A permanent post"),
        (
            "workload",
            "Håndterbar arbeidsmengde og vaktbelastning",
            "Manageable workload and on-call",
        ),
        ("housing", "Hjelp med bolig", "Help with housing"),
        ("partner", "Jobb til partner", "A job for my partner"),
        ("kindergarten", "Barnehageplass", "A kindergarten place"),
        ("network", "Faglig nettverk og kolleger", "A professional network and colleagues"),
    ],
    multiple=True,
)

GOOD = text("text_good", "general", "Hva har fungert godt?", "What has worked well?")
IMPROVE = text("text_improve", "general", "Hva bør bli bedre?", "What should be improved?")

TEMPLATES = [
    {
        "slug": "lis1-rotation",
        "kind": "lis1",
        "name_nb": "LIS1 – evaluering av tjenestested",
        "name_en": "LIS1 – rotation evaluation",
        "intro_nb": INTRO_NB,
        "intro_en": INTRO_EN,
        "questions": [
            likert(
                "supervision_regular",
                "supervision",
                "Jeg har hatt faste veiledningssamtaler med veilederen min.",
                "I have had regular supervision meetings with my supervisor.",
            ),
            likert(
                "supervision_useful",
                "supervision",
                "Veiledningen har vært nyttig for min faglige utvikling.",
                "The supervision has been useful for my professional development.",
            ),
            likert(
                "supervision_daily",
                "supervision",
                "Jeg har fått god supervisjon i det daglige kliniske arbeidet.",
                "I have been well supervised in my everyday clinical work.",
            ),
            likert(
                "access_senior",
                "access",
                "Det har vært lett å få tak i en mer erfaren lege når jeg trengte det, "
                "også på vakt.",
                "It has been easy to reach a more experienced doctor when I needed one, "
                "also on call.",
            ),
            likert(
                "access_leader",
                "access",
                "Nærmeste leder har vært tilgjengelig og fulgt meg opp.",
                "My line manager has been available and has followed me up.",
            ),
            likert(
                "safety_work",
                "safety",
                "Jeg har følt meg trygg i arbeidssituasjonen.",
                "I have felt safe in my work.",
            ),
            likert(
                "safety_speak_up",
                "safety",
                "Jeg kan si fra om feil, uønskede hendelser og bekymringer uten å frykte "
                "negative følger.",
                "I can report errors, adverse events and concerns without fear of "
                "negative consequences.",
            ),
            likert(
                "safety_tasks",
                "safety",
                "Jeg har ikke fått oppgaver jeg ikke var rustet for, uten at noen kunne "
                "støtte meg.",
                "I have not been given tasks I was not ready for without someone to support me.",
            ),
            likert(
                "goals_achieved",
                "learning_goals",
                "Jeg har nådd læringsmålene som var planlagt for denne perioden.",
                "I have achieved the learning goals planned for this period.",
            ),
            likert(
                "goals_teaching",
                "learning_goals",
                "Det har vært satt av tid til undervisning og læringsaktiviteter.",
                "Time has been set aside for teaching and learning activities.",
            ),
            likert(
                "workload_manageable",
                "workload",
                "Arbeidsmengden har vært håndterbar innenfor arbeidstiden.",
                "The workload has been manageable within working hours.",
            ),
            likert(
                "environment_welcome",
                "environment",
                "Jeg ble godt tatt imot og fikk god opplæring de første ukene.",
                "I was well received and given a good introduction in the first weeks.",
            ),
            likert(
                "environment_recommend",
                "environment",
                "Jeg vil anbefale dette tjenestestedet til andre LIS1.",
                "I would recommend this place to other LIS1 doctors.",
            ),
            choice(
                "career_direction",
                "career_plans",
                "Hvilken retning tenker du å gå etter LIS1?",
                "Which direction are you thinking of after LIS1?",
                [
                    ("hospital", "Sykehusspesialitet", "A hospital specialty"),
                    ("general_practice", "Allmennmedisin (fastlege/ALIS)", "General practice"),
                    ("other", "Annet (forskning, samfunnsmedisin o.l.)", "Other"),
                    ("undecided", "Vet ikke ennå", "Not decided yet"),
                ],
            ),
            STAY_REGION,
            WHAT_WOULD_HELP,
            GOOD,
            IMPROVE,
        ],
    },
    {
        "slug": "lis2-3",
        "kind": "lis2_3",
        "name_nb": "LIS2/LIS3 – evaluering av utdanningen",
        "name_en": "LIS2/LIS3 – training evaluation",
        "intro_nb": INTRO_NB,
        "intro_en": INTRO_EN,
        "questions": [
            likert(
                "supervision_regular",
                "supervision",
                "Jeg har jevnlig veiledning etter planen.",
                "I have regular supervision according to plan.",
            ),
            likert(
                "supervision_useful",
                "supervision",
                "Veiledningen hjelper meg videre i spesialiseringen.",
                "The supervision helps me progress in my specialisation.",
            ),
            likert(
                "access_senior",
                "access",
                "Jeg får supervisjon av en spesialist når jeg trenger det.",
                "I am supervised by a specialist when I need it.",
            ),
            likert(
                "access_leader",
                "access",
                "Leder følger opp utdanningsplanen min.",
                "My leader follows up my training plan.",
            ),
            likert(
                "safety_work",
                "safety",
                "Jeg føler meg trygg i arbeidssituasjonen, også på vakt.",
                "I feel safe in my work, also on call.",
            ),
            likert(
                "safety_speak_up",
                "safety",
                "Jeg kan si fra om bekymringer uten å frykte negative følger.",
                "I can raise concerns without fear of negative consequences.",
            ),
            likert(
                "goals_progress",
                "learning_goals",
                "Jeg når læringsmålene mine i planlagt tid.",
                "I am reaching my learning goals in the planned time.",
            ),
            likert(
                "goals_procedures",
                "learning_goals",
                "Jeg får nok erfaring med prosedyrer og pasientgrupper spesialiteten krever.",
                "I get enough experience with the procedures and patients my specialty requires.",
            ),
            likert(
                "goals_courses",
                "learning_goals",
                "Jeg får gå på obligatoriske kurs i tide.",
                "I can attend mandatory courses in time.",
            ),
            likert(
                "workload_manageable",
                "workload",
                "Arbeidsmengde og vaktbelastning er forsvarlig.",
                "Workload and on-call duties are reasonable.",
            ),
            likert(
                "environment_culture",
                "environment",
                "Fagmiljøet er godt, og jeg blir inkludert av kollegene.",
                "The professional environment is good and my colleagues include me.",
            ),
            STAY_REGION,
            WHAT_WOULD_HELP,
            GOOD,
            IMPROVE,
        ],
    },
    {
        "slug": "alis",
        "kind": "alis",
        "name_nb": "ALIS – evaluering av utdanningen i allmennmedisin",
        "name_en": "ALIS – evaluation of training in general practice",
        "intro_nb": INTRO_NB,
        "intro_en": INTRO_EN,
        "questions": [
            likert(
                "supervision_individual",
                "supervision",
                "Jeg får individuell veiledning av en spesialist i allmennmedisin som avtalt.",
                "I get individual supervision from a GP specialist as agreed.",
            ),
            likert(
                "supervision_group",
                "supervision",
                "Gruppeveiledningen er nyttig for meg.",
                "Group supervision is useful to me.",
            ),
            likert(
                "access_senior",
                "access",
                "Jeg har en erfaren kollega å spørre i det daglige og på legevakt.",
                "I have an experienced colleague to ask day to day and at the out-of-hours "
                "service.",
            ),
            likert(
                "access_leader",
                "access",
                "Kommunen følger opp utdanningsplanen min.",
                "The municipality follows up my training plan.",
            ),
            likert(
                "safety_on_call",
                "safety",
                "Jeg føler meg trygg på legevakt.",
                "I feel safe at the out-of-hours service (legevakt).",
            ),
            likert(
                "goals_progress",
                "learning_goals",
                "Jeg når læringsmålene mine i planlagt tid.",
                "I am reaching my learning goals in the planned time.",
            ),
            likert(
                "goals_time",
                "learning_goals",
                "Jeg får fri til kurs og utdanning slik ALIS-avtalen sier.",
                "I get time off for courses and training as the ALIS agreement says.",
            ),
            likert(
                "workload_list",
                "workload",
                "Listelengden og arbeidsmengden er til å leve med.",
                "My list size and workload are sustainable.",
            ),
            likert(
                "environment_office",
                "environment",
                "Jeg trives på legekontoret og i kommunen.",
                "I enjoy my practice and the municipality.",
            ),
            choice(
                "career_gp_here",
                "career_plans",
                "Ser du for deg å fortsette som fastlege i denne kommunen etter spesialiseringen?",
                "Do you see yourself staying on as a GP in this municipality after specialising?",
                [
                    ("yes", "Ja", "Yes"),
                    ("maybe", "Kanskje", "Maybe"),
                    ("no", "Nei", "No"),
                ],
            ),
            WHAT_WOULD_HELP,
            GOOD,
            IMPROVE,
        ],
    },
    {
        "slug": "exit",
        "kind": "exit",
        "name_nb": "Sluttundersøkelse – hvorfor slutter du?",
        "name_en": "Exit survey – why are you leaving?",
        "intro_nb": INTRO_NB
        + " Svarene holdes tilbake til minst fem har svart, slik at ingen kan kjenne igjen ditt.",
        "intro_en": INTRO_EN
        + " Answers are held back until at least five have answered, so no one can tell "
        "which is yours.",
        "questions": [
            choice(
                "exit_reasons",
                "general",
                "Hva er de viktigste grunnene til at du slutter? (velg alle som passer)",
                "What are the main reasons you are leaving? (choose all that apply)",
                [
                    ("workload", "Arbeidsmengden", "The workload"),
                    ("on_call", "Vaktbelastningen", "On-call duties"),
                    (
                        "supervision",
                        "Mangel på veiledning eller faglig støtte",
                        "Lack of supervision or support",
                    ),
                    ("leadership", "Ledelsen", "Leadership"),
                    ("environment", "Arbeidsmiljøet", "The working environment"),
                    ("pay", "Lønn og arbeidsvilkår", "Pay and conditions"),
                    (
                        "career",
                        "Bedre karrieremuligheter et annet sted",
                        "Better career options elsewhere",
                    ),
                    ("family", "Familie eller partner", "Family or partner"),
                    ("housing", "Bolig eller reisevei", "Housing or commuting"),
                    ("other", "Annet", "Other"),
                ],
                multiple=True,
            ),
            likert(
                "supervision_quality",
                "supervision",
                "Jeg fikk den veiledningen og støtten jeg trengte.",
                "I got the supervision and support I needed.",
            ),
            likert(
                "access_leader",
                "access",
                "Leder var tilgjengelig og tok meg på alvor.",
                "My leader was available and took me seriously.",
            ),
            likert(
                "safety_work",
                "safety",
                "Jeg følte meg trygg i arbeidssituasjonen.",
                "I felt safe in my work.",
            ),
            likert(
                "workload_manageable",
                "workload",
                "Arbeidsmengden var håndterbar.",
                "The workload was manageable.",
            ),
            likert(
                "environment_culture",
                "environment",
                "Jeg trivdes med kollegene og i fagmiljøet.",
                "I enjoyed my colleagues and the professional environment.",
            ),
            choice(
                "career_return",
                "career_plans",
                "Kan du tenke deg å komme tilbake senere?",
                "Would you consider coming back later?",
                [
                    ("yes", "Ja", "Yes"),
                    ("maybe", "Kanskje", "Maybe"),
                    ("no", "Nei", "No"),
                ],
            ),
            text(
                "text_would_have_stayed",
                "general",
                "Hva kunne fått deg til å bli?",
                "What could have made you stay?",
            ),
        ],
    },
    {
        "slug": "stay",
        "kind": "stay",
        "name_nb": "Bliundersøkelse – hvorfor blir du?",
        "name_en": "Stay survey – why do you stay?",
        "intro_nb": INTRO_NB,
        "intro_en": INTRO_EN,
        "questions": [
            likert(
                "stay_colleagues",
                "environment",
                "Hvor viktig er kollegene og fagmiljøet for at du blir?",
                "How important are your colleagues and the professional environment for "
                "your staying?",
                IMPORTANCE,
            ),
            likert(
                "stay_supervision",
                "supervision",
                "Hvor viktig er veiledning og faglig utvikling for at du blir?",
                "How important are supervision and professional development for your staying?",
                IMPORTANCE,
            ),
            likert(
                "stay_leader",
                "access",
                "Hvor viktig er en tilgjengelig leder for at du blir?",
                "How important is an available leader for your staying?",
                IMPORTANCE,
            ),
            likert(
                "stay_flexibility",
                "workload",
                "Hvor viktig er fleksibel arbeidstid og en håndterbar arbeidsmengde?",
                "How important are flexible hours and a manageable workload?",
                IMPORTANCE,
            ),
            likert(
                "stay_community",
                "environment",
                "Hvor viktig er lokalsamfunnet (bolig, skole, fritid, familie)?",
                "How important is the local community (housing, schools, leisure, family)?",
                IMPORTANCE,
            ),
            likert(
                "safety_work",
                "safety",
                "Jeg føler meg trygg i arbeidssituasjonen.",
                "I feel safe in my work.",
            ),
            choice(
                "career_years",
                "career_plans",
                "Hvor lenge regner du med å bli i stillingen?",
                "How long do you expect to stay in your post?",
                [
                    ("lt2", "Under 2 år", "Less than 2 years"),
                    ("2to5", "2–5 år", "2–5 years"),
                    ("gt5", "Mer enn 5 år", "More than 5 years"),
                    ("unsure", "Vet ikke", "Don't know"),
                ],
            ),
            text(
                "text_why_stay",
                "general",
                "Hva er den viktigste grunnen til at du blir?",
                "What is the main reason you stay?",
            ),
            text(
                "text_could_lose",
                "general",
                "Hva kunne fått deg til å slutte?",
                "What could make you leave?",
            ),
        ],
    },
]


def seed_default_templates(SurveyTemplate, SurveyVersion, Question, Choice) -> list[str]:
    """Create the default templates that do not exist yet; returns the slugs created.

    Takes the model classes so a data migration can pass its historical models. A template
    that exists (perhaps edited by the coordinator since) is left alone.
    """
    created = []
    for data in TEMPLATES:
        if SurveyTemplate.objects.filter(slug=data["slug"]).exists():
            continue
        template = SurveyTemplate.objects.create(
            slug=data["slug"], kind=data["kind"], name_nb=data["name_nb"], name_en=data["name_en"]
        )
        version = SurveyVersion.objects.create(
            template=template, number=1, intro_nb=data["intro_nb"], intro_en=data["intro_en"]
        )
        for position, question in enumerate(data["questions"], start=1):
            fields = {key: value for key, value in question.items() if key != "choices"}
            saved = Question.objects.create(version=version, position=position, **fields)
            for option_position, option in enumerate(question.get("choices", []), start=1):
                Choice.objects.create(question=saved, position=option_position, **option)
        created.append(data["slug"])
    return created


def seed(apps, schema_editor):
    seed_default_templates(
        apps.get_model("feedback", "SurveyTemplate"),
        apps.get_model("feedback", "SurveyVersion"),
        apps.get_model("feedback", "Question"),
        apps.get_model("feedback", "Choice"),
    )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
