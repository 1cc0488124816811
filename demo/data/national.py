"""The vocabulary of the national data set (``demo/scale.py``): regions, town names, units,
posting and survey texts (people's names are in ``people.py``). Drawn from with a fixed seed."""

from recruitment.models import PostingKind, Specialty

REGIONS = (
    "Finnmark",
    "Troms",
    "Nordland",
    "Helgeland",
    "Nord-Trøndelag",
    "Sør-Trøndelag",
    "Nordmøre og Romsdal",
    "Sunnmøre",
    "Førde",
    "Bergen",
    "Fonna",
    "Stavanger",
    "Agder",
    "Telemark",
    "Vestfold",
    "Innlandet",
    "Buskerud",
    "Akershus",
    "Oslo",
    "Hallingdal",
)
TOWN_HEADS = (
    "Fjord",
    "Berg",
    "Dal",
    "Strand",
    "Vik",
    "Nes",
    "Haug",
    "Li",
    "Elve",
    "Sand",
    "Skog",
    "Holm",
    "Lund",
    "Ås",
    "Bø",
    "Rød",
    "Mo",
    "Sol",
    "Stor",
    "Vest",
    "Øst",
    "Nord",
    "Sør",
    "Kvern",
    "Eid",
    "Furu",
    "Bjørke",
    "Hval",
    "Lakse",
    "Ørn",
)
TOWN_TAILS = (
    "vik",
    "dal",
    "nes",
    "berg",
    "stad",
    "øy",
    "fjord",
    "sund",
    "haug",
    "mark",
    "land",
    "våg",
    "rud",
    "sjø",
    "bakken",
    "moen",
)
HOSPITAL_UNITS = (
    "Medisinsk klinikk",
    "Kirurgisk klinikk",
    "Akuttmottak",
    "Ortopedisk avdeling",
    "Anestesiavdelingen",
    "Barne- og ungdomsklinikken",
    "Kvinneklinikken",
    "Psykiatrisk klinikk",
    "Bildediagnostisk avdeling",
    "Nevrologisk avdeling",
    "Hjerteavdelingen",
    "Kreftavdelingen",
    "Geriatrisk avdeling",
    "Rusbehandling",
)
MUNICIPAL_UNITS = (
    "Legevakt",
    "Legekontoret",
    "Sykehjemmet",
    "Kommuneoverlegen",
    "Helsestasjon og skolehelsetjeneste",
    "Helsehuset / KAD",
)
HOSPITAL_SPECIALTIES = [s for s in Specialty.values if s and s != Specialty.GENERAL_PRACTICE]
KIND_TITLES = {
    PostingKind.SUMMER_JOB: ("Sommervikar for medisinstudenter", "Sommerjobb som student"),
    PostingKind.OBSERVERSHIP: ("Hospitering", "Hospitering for studenter og nyutdannede"),
    PostingKind.LIS0: ("Student med lisens (LIS0)", "Vikar for studenter med lisens"),
    PostingKind.LIS1: ("LIS1", "Lege i spesialisering del 1 (LIS1)"),
    PostingKind.LIS2_3: ("LIS2/3 i {spec}", "Lege i spesialisering i {spec}"),
    PostingKind.ALIS: ("ALIS allmennmedisin", "Allmennlege i spesialisering (ALIS)"),
    PostingKind.CONSULTANT: ("Overlege i {spec}", "Overlege – {spec}"),
    PostingKind.COMBINED: ("Kombinasjonsstilling sykehus og kommune", "Kombinert stilling"),
    PostingKind.OTHER: ("Fastlege med fast liste", "Legevaktslege", "Sykehjemslege"),
}
SUMMARIES = (
    "Et godt fagmiljø med tett veiledning og en forutsigbar vei videre i {town}.",
    "Vi søker leger som vil lære mye, ta ansvar og trives i et raust kollegium.",
    "Strukturert opplæring, faste supervisjonsmøter og gode vaktordninger.",
    "Bli en del av helsefellesskapet i {region}, med kort vei mellom sykehus og kommune.",
    "Spennende og variert arbeid med stor pasientkontakt og en fadder de første ukene.",
)
INTROS = (
    "{employer} søker leger til {unit}. Du blir en del av et engasjert fagmiljø med god "
    "veiledning og tydelige læringsmål, og vi legger til rette for at du kan bli i regionen.",
    "Vil du jobbe der behovet er størst? {unit} ved {employer} har ledige stillinger, og vi "
    "tar imot både nyutdannede og erfarne leger med interesse for {spec}.",
    "I {town} får du bredde i pasientgrunnlaget, korte beslutningsveier og kolleger som "
    "stiller opp. Vi tilbyr en trygg start med introduksjonsprogram og fadder.",
    "{employer} er en del av helsefellesskapet i {region}, der sykehuset og kommunene "
    "rekrutterer sammen og gir deg en sammenhengende vei gjennom spesialiseringen.",
)
BODIES = (
    "Du får oppnevnt veileder og deltar i felles internundervisning hver uke. Vaktordningen "
    "har gode hvileordninger, og du går ikke alene i vakt de første ukene. Simuleringstrening "
    "i akutte tilstander holdes sammen med sykepleiere.",
    "Arbeidet er organisert med rotasjon mellom sengepost, poliklinikk og akuttmottak. Vi "
    "legger vekt på læringsaktiviteter og supervisjon, og du får tid til kurs og "
    "kompetansemodulene i spesialistutdanningen.",
    "Legekontoret har moderne lokaler, et godt samarbeid med legevakt og sykehjem, og en "
    "veiledningsgruppe for ALIS og fastleger i regionen. Kommunen tilbyr fastlønn i "
    "utdanningsløpet og dekker kurs.",
    "Vi har et stabilt og inkluderende kollegium, faglige møter hver morgen og tett kontakt "
    "med sykehuset. Pasientene har sammensatte behov, og du får erfaring med både akutt og "
    "planlagt arbeid.",
    "Stillingen kan kombineres med forskning, og vi samarbeider med universitetet om "
    "undervisning av medisinstudenter. Du deltar i kvalitetsarbeid og i utviklingen av "
    "pasientforløp på tvers av nivåene.",
)
NOTE_PUBLIC_LIST = (
    "Opplysninger om søkeren kan bli gjort offentlige selv om søkeren har bedt om ikke å bli "
    "ført opp på offentlig søkerliste (offentleglova § 25)."
)
QUALIFICATIONS = (
    "Norsk autorisasjon som lege.\nGode norskkunnskaper, muntlig og skriftlig (minst B2).\n"
    "Vi legger vekt på samarbeidsevner og personlig egnethet.",
    "Fullført medisinstudium og autorisasjon eller lisens før tiltredelse.\nErfaring fra "
    "legevakt er en fordel.\nFørerkort klasse B.",
    "Medisinstudent med fullført 4. studieår, eller lege med autorisasjon.\nInteresse for "
    "faget og ønske om å bli i regionen.",
)
HOUSING = (
    "Kommunen har utleieboliger for nyansatte leger og hjelper deg å finne bolig.",
    "Sykehuset disponerer leiligheter i gangavstand til jobben det første året.",
    "Boligmarkedet er rimelig, og vi kan hjelpe med midlertidig bolig ved oppstart.",
)
KINDERGARTEN = (
    "Barnehageplass garanteres for barn av nyansatte leger, også utenom hovedopptaket.",
    "Full barnehagedekning, med barnehager nær arbeidsstedet.",
)
COMMUTING = (
    "Det går buss og tog til sentrum hver halvtime; mange sykler eller går til jobb.",
    "Om lag 30 minutter med bil til sykehuset, og fleksibel arbeidstid gjør pendling enkelt.",
)
REGION_OFFERS = (
    "Fjell, fjord og skjærgård, et aktivt kulturliv og gode idrettslag for store og små.",
    "Korte avstander, et trygt oppvekstmiljø og natur rett utenfor døra hele året.",
)
MOTIVATIONS = (
    "Jeg ønsker å jobbe i regionen fordi jeg har familie her og vil bli værende etter LIS1.",
    "Jeg er særlig interessert i akuttmedisin og ønsker bred klinisk erfaring det første året.",
    "Jeg har hatt sommerjobb ved sykehuset og trivdes godt i fagmiljøet.",
    "Allmennmedisin er det jeg vil drive med, og koblede stillinger passer meg godt.",
)
NOTES = (
    "Gode referanser, innkalles til intervju.",
    "Lokal tilknytning, sterk søknad.",
    "Mangler norskkurs på B2-nivå – følg opp.",
    "Aktuell for reserveliste.",
)
FREE_TEXTS = (
    "Veiledningen var god, men vaktbelastningen var høy i perioder.",
    "Trivdes godt med kollegene og fikk mye ansvar med god støtte.",
    "Ønsker mer tid til læringsaktiviteter og kurs.",
    "Fadderordningen gjorde det lett å komme i gang.",
    "Uklart hvem som var veileder de første ukene.",
)
CLINICAL_EXPERIENCE = "Sommervikar og LIS0-vakter ved sykehuset."
EVENT_TITLE = "{kind} i {town}"
EVENT_DESCRIPTION = "Møt leger og ledere fra {organisation}, hør om stillingene og still spørsmål."
EVENT_PLACE = "Auditoriet, {town}"
OFFER_TERMS = "LIS1-tjeneste i 12 måneder, lønn etter avtale."
OFFER_WITHDRAWN_REASON = "Stillingen ble trukket."
