"""The demo region: Helsefellesskapet Østfold, Sykehuset Østfold HF and its hospitals,
the municipalities and their health services (the data ``seed_demo`` builds them from)."""

from dataclasses import dataclass

from django.utils.text import slugify

SEED = 2026
COMMUNITY_SLUG = "helsefellesskapet-ostfold"
TRUST_SLUG = "sykehuset-ostfold-hf"
HOSPITAL_DOMAIN = "sykehuset-ostfold.no"
HOSPITAL_PHONE = "+47 69 86"
CLOSED_COUNT = 8
DRAFT_COUNT = 5
HOSPITAL_WEBSITE = "https://www.sykehuset-ostfold.no"

COMMUNITY = {
    "name": "Helsefellesskapet Østfold",
    "website": HOSPITAL_WEBSITE,
    "about": "Samarbeidet mellom Sykehuset Østfold HF og kommunene i opptaksområdet. Å "
    "rekruttere og beholde leger er ett av helsefellesskapets fem prioriterte områder.",
}
TRUST = {
    "name": "Sykehuset Østfold HF",
    "website": HOSPITAL_WEBSITE,
    "about": "Spesialisthelsetjenester for om lag 330 000 innbyggere i Østfold og Vestby, med "
    "hovedsykehus på Kalnes og virksomhet i Moss, Fredrikstad og Halden.",
}
MUNICIPALITY_ABOUT = (
    "{name} er med i Helsefellesskapet Østfold og samarbeider med Sykehuset Østfold om LIS1, "
    "ALIS og koblede stillinger."
)


def norwegian_slug(text: str) -> str:
    """Slugify with Norwegian letters spelt out (Østfold → ostfold, not stfold)."""
    return slugify(ascii_norwegian(text))


def ascii_norwegian(text: str) -> str:
    return text.translate(str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O"}))


# --- Organisations ---------------------------------------------------------------------------

LARGE_MUNICIPALITY_UNITS = (
    "Legevakt",
    "Fastlegekontor sentrum",
    "Helsehuset / KAD",
    "Sykehjemsetaten",
    "Kommuneoverlegen",
    "Helsestasjon og skolehelsetjeneste",
)
MEDIUM_MUNICIPALITY_UNITS = (
    "Legevakt",
    "Fastlegekontor sentrum",
    "Sykehjemsetaten",
    "Kommuneoverlegen",
)
SMALL_MUNICIPALITY_UNITS = (
    "Legekontoret",
    "Sykehjemmet",
    "Kommuneoverlegen",
    "Helsestasjon og skolehelsetjeneste",
)


@dataclass(frozen=True)
class Place:
    """A municipality of the health community, with what newcomers ask about it."""

    key: str
    name: str
    centre: str
    domain: str
    phone: str
    units: tuple[str, ...]
    housing: str
    kindergarten: str
    commuting: str
    offers: str

    @property
    def slug(self) -> str:
        return f"{norwegian_slug(self.name)}-kommune"

    @property
    def org_name(self) -> str:
        return f"{self.name} kommune"


PLACES = (
    Place(
        "fredrikstad",
        "Fredrikstad",
        "Fredrikstad",
        "fredrikstad.kommune.no",
        "+47 69 30",
        (*LARGE_MUNICIPALITY_UNITS, "Fastlegekontor Gressvik"),
        "Fredrikstad har et variert boligmarked, fra leiligheter langs Glomma i sentrum til "
        "eneboliger på Kråkerøy og i Onsøy. En toroms leilighet leies typisk for 11 000–13 000 "
        "kr i måneden.",
        "Fredrikstad har full barnehagedekning, og nyansatte leger får hjelp til å finne plass "
        "også utenom hovedopptaket 1. mars.",
        "Tog til Oslo S tar om lag 1 time og 10 minutter, og ekspressbussen til Kalnes går hvert "
        "kvarter. Fergene over Glomma er gratis, og sentrum er lett å sykle i.",
        "Gamlebyen, skjærgården og et levende kulturliv langs elva, med konserter og festivaler "
        "hele sommeren.",
    ),
    Place(
        "sarpsborg",
        "Sarpsborg",
        "Sarpsborg",
        "sarpsborg.kommune.no",
        "+47 69 10",
        LARGE_MUNICIPALITY_UNITS,
        "Sarpsborg har rimelige boliger og nye boligfelt på Tindlund og i Tune, ti minutter fra "
        "Kalnes.",
        "Sarpsborg kommune gir barnehageplass til alle som søker innen fristen, og flere "
        "barnehager ligger langs veien til Kalnes.",
        "Kalnes ligger 10 minutter fra Sarpsborg sentrum og 20 minutter fra Fredrikstad. Det går "
        "buss fra begge byene, og tog til Oslo fra Sarpsborg stasjon (ca. 1 t 20 min).",
        "Sarpsfossen, Tunevannet og Borregaardparken, et stort idrettstilbud og kort vei til "
        "sjøen.",
    ),
    Place(
        "halden",
        "Halden",
        "Halden",
        "halden.kommune.no",
        "+47 69 17",
        LARGE_MUNICIPALITY_UNITS,
        "Halden har noen av regionens rimeligste boliger, med gamle trehus i Banken og nye "
        "leiligheter langs Tista.",
        "Barnehagedekningen i Halden er god, og kommunen tilbyr plass nær arbeidsstedet der det "
        "er mulig.",
        "E6 til Sarpsborg tar om lag 25 minutter og toget til Oslo 1 t 45 min. Svenskegrensen er "
        "ti minutter unna.",
        "Fredriksten festning, Haldenvassdraget og Iddefjorden, en høgskole og et aktivt "
        "kulturliv.",
    ),
    Place(
        "moss",
        "Moss",
        "Moss",
        "moss.kommune.no",
        "+47 69 24",
        LARGE_MUNICIPALITY_UNITS,
        "Moss og Jeløy har et attraktivt boligmarked med nye leiligheter ved Kanalen og "
        "eneboliger med sjøutsikt.",
        "Moss kommune har full barnehagedekning og søskenprioritet ved opptak.",
        "Tog til Oslo S på om lag 40 minutter, ferge Moss–Horten hver halvtime og E6 til Kalnes "
        "på 25 minutter.",
        "Jeløy med badestrender og turstier, Galleri F15 og et bysentrum ved sjøen.",
    ),
    Place(
        "indre_ostfold",
        "Indre Østfold",
        "Askim",
        "io.kommune.no",
        "+47 69 68",
        (
            "Legevakt",
            "Fastlegekontor Askim",
            "Fastlegekontor Mysen",
            "Helsehuset / KAD",
            "Sykehjemsetaten",
            "Kommuneoverlegen",
        ),
        "Indre Østfold har god tilgang på eneboliger og tomter i Askim, Mysen og Spydeberg, til "
        "priser langt under Oslo-nivå.",
        "Kommunen har barnehager i alle tettstedene og garanterer plass for barn av nyansatte "
        "leger.",
        "Østre linje gir tog til Oslo fra Askim (ca. 50 min) og Mysen. E18 går gjennom kommunen, "
        "og Kalnes nås på 35–45 minutter.",
        "Øyeren, Glomma og et åpent kulturlandskap, gode idrettslag og et aktivt foreningsliv.",
    ),
    Place(
        "rade",
        "Råde",
        "Karlshus",
        "rade.kommune.no",
        "+47 69 29",
        SMALL_MUNICIPALITY_UNITS,
        "Råde har rolige boligområder rundt Karlshus og langs kysten, midt mellom Moss og "
        "Fredrikstad.",
        "Små og trygge barnehager; plass tilbys som regel innen tre måneder.",
        "Med E6 er du på Kalnes på 20 minutter og i Moss på 15. Råde stasjon har tog mot Oslo.",
        "Kystlinje med Tasken og Oksenøya, golfbane og korte avstander til alt.",
    ),
    Place(
        "rakkestad",
        "Rakkestad",
        "Rakkestad",
        "rakkestad.kommune.no",
        "+47 69 22",
        SMALL_MUNICIPALITY_UNITS,
        "Rakkestad har rimelige eneboliger og tomter nær sentrum, og kommunen kan hjelpe med "
        "midlertidig bolig.",
        "Barnehageplass garanteres for nyansatte leger, også utenom hovedopptaket.",
        "Tog på Østre linje, og om lag 30 minutter med bil til Kalnes og Sarpsborg.",
        "Landlige omgivelser, flyplass for småfly og et nært lokalsamfunn med aktive lag og "
        "foreninger.",
    ),
    Place(
        "marker",
        "Marker",
        "Ørje",
        "marker.kommune.no",
        "+47 69 81",
        SMALL_MUNICIPALITY_UNITS,
        "Kommunen har egne utleieboliger i Ørje for nyansatte, og eneboliger kan kjøpes rimelig.",
        "Barnehagene i Ørje og Rødenes har ledig kapasitet gjennom året.",
        "E18 gir om lag 1 t 15 min til Oslo og 50 minutter til Kalnes; Sverige ligger rett over "
        "grensen.",
        "Haldenkanalen med slusene i Ørje, fiskevann og skog rett utenfor døra.",
    ),
    Place(
        "aremark",
        "Aremark",
        "Fosby",
        "aremark.kommune.no",
        "+47 69 19",
        SMALL_MUNICIPALITY_UNITS,
        "Aremark kommune stiller bolig til disposisjon for nyansatte leger det første året.",
        "Kommunens barnehage har plass til alle barn som søker, hele året.",
        "Om lag 35 minutter til Halden og 50 minutter til Kalnes; fleksibel arbeidstid gjør "
        "pendling enkelt.",
        "Østfolds minste kommune med rundt 1 300 innbyggere, Stora Le og store skoger – for deg "
        "som vil ha natur og ro.",
    ),
    Place(
        "skiptvet",
        "Skiptvet",
        "Skiptvet",
        "skiptvet.kommune.no",
        "+47 69 80",
        SMALL_MUNICIPALITY_UNITS,
        "Skiptvet har nye boligfelt nær sentrum og selger tomter direkte fra kommunen.",
        "Full barnehagedekning og korte avstander mellom barnehage, skole og legekontor.",
        "Om lag 20 minutter til Kalnes og Sarpsborg, og 25 minutter til Askim.",
        "Glomma, turløyper og et trygt oppvekstmiljø i en liten kommune.",
    ),
    Place(
        "valer",
        "Våler",
        "Kirkebygden",
        "valer-of.kommune.no",
        "+47 69 28",
        SMALL_MUNICIPALITY_UNITS,
        "Kirkebygden og Svinndal har boligfelt med eneboliger og rekkehus.",
        "Barnehageplass tilbys fortløpende gjennom året.",
        "15 minutter til Moss og om lag 30 minutter til Kalnes; tog fra Moss og Råde.",
        "Vansjø og Mosseskogen gir padling, bading og turer hele året.",
    ),
    Place(
        "hvaler",
        "Hvaler",
        "Skjærhalden",
        "hvaler.kommune.no",
        "+47 69 37",
        SMALL_MUNICIPALITY_UNITS,
        "Kommunen formidler helårsboliger og har en leilighet på Skjærhalden til leie for "
        "nyansatte leger.",
        "Barnehageplass er garantert, og barnehagene ligger nær legekontoret på Skjærhalden.",
        "Hvalertunnelen gir om lag 30 minutter til Fredrikstad sentrum; om sommeren går det også "
        "båtrute.",
        "Ytre Hvaler nasjonalpark, øyliv og en av landets mest solrike skjærgårder.",
    ),
    Place(
        "vestby",
        "Vestby",
        "Vestby",
        "vestby.kommune.no",
        "+47 64 98",
        MEDIUM_MUNICIPALITY_UNITS,
        "Vestby og Son har attraktive boligområder nær fjorden, med både leiligheter og "
        "eneboliger.",
        "Vestby kommune har full barnehagedekning og flere nye barnehager.",
        "Tog til Oslo S tar om lag 35 minutter; Moss og Kalnes nås med bil på 15 og 35 minutter.",
        "Son med kunstnerliv og sommerhavn, Hvitsten og Oslofjorden rett utenfor.",
    ),
    Place(
        "aurskog_holand",
        "Aurskog-Høland",
        "Bjørkelangen",
        "ahk.no",
        "+47 63 85",
        MEDIUM_MUNICIPALITY_UNITS,
        "Rimelige eneboliger i Bjørkelangen og Rømskog, og kommunen har utleieboliger for "
        "nyansatte.",
        "Barnehagetilbud i alle bygdene; kommunen prioriterer barn av nyansatte i helsetjenesten.",
        "Om lag 1 time til Oslo og 45 minutter til Ørje og Askim; vaktordningene er fleksible.",
        "Store skoger, fiskevann og Rømskog som porten mot Sverige.",
    ),
    Place(
        "as",
        "Ås",
        "Ås",
        "as.kommune.no",
        "+47 64 96",
        MEDIUM_MUNICIPALITY_UNITS,
        "Ås er en universitetsby med god tilgang på leiligheter og hybler.",
        "Full barnehagedekning, blant annet universitetsbarnehager med lang erfaring.",
        "Tog til Oslo S på om lag 20 minutter; E6 og E18 i nærheten.",
        "NMBU, grønne omgivelser og et ungt og internasjonalt miljø.",
    ),
    Place(
        "nordre_follo",
        "Nordre Follo",
        "Ski",
        "nordrefollo.kommune.no",
        "+47 66 81",
        (*MEDIUM_MUNICIPALITY_UNITS[:1], "Fastlegekontor Ski", *MEDIUM_MUNICIPALITY_UNITS[2:]),
        "Ski og Kolbotn har et stort boligtilbud, fra nye leiligheter ved Ski stasjon til "
        "eneboliger i Langhus.",
        "Kommunen har barnehageplass til alle og tilbyr plass nær bostedet.",
        "Follobanen tar deg fra Ski til Oslo S på 11 minutter, og det går buss mot Vestby og Moss.",
        "Kort vei til Oslo, Østmarka og Gjersjøen, og et aktivt idrettsliv.",
    ),
)
PLACE_BY_KEY = {place.key: place for place in PLACES}


@dataclass(frozen=True)
class Hospital:
    key: str
    name: str
    slug: str
    place: str
    location: str
    units: tuple[str, ...]
    about: str


HOSPITALS = (
    Hospital(
        "kalnes",
        "Sykehuset Østfold Kalnes",
        "sykehuset-ostfold-kalnes",
        "sarpsborg",
        "Kalnes, Sarpsborg",
        (
            "Medisinsk klinikk",
            "Kirurgisk klinikk",
            "Akuttmottak",
            "Klinikk for psykisk helsevern og rusbehandling",
            "Barne- og ungdomsklinikken",
            "Kvinneklinikken",
            "Ortopedisk avdeling",
            "Anestesiavdelingen",
        ),
        "Hovedsykehuset i Østfold, åpnet i 2015, med akuttmottak, sengeposter og de fleste "
        "spesialiteter samlet under ett tak.",
    ),
    Hospital(
        "moss_sh",
        "Sykehuset Østfold Moss",
        "sykehuset-ostfold-moss",
        "moss",
        "Moss",
        (
            "Medisinsk poliklinikk og dagbehandling",
            "Dagkirurgisk enhet",
            "Bildediagnostisk avdeling",
            "Avdeling for fysikalsk medisin og rehabilitering",
            "Distriktspsykiatrisk senter Moss",
        ),
        "Poliklinikk, dagkirurgi, bildediagnostikk, rehabilitering og DPS for den nordlige "
        "delen av opptaksområdet.",
    ),
    Hospital(
        "fredrikstad_dps",
        "Sykehuset Østfold Fredrikstad (Distriktspsykiatrisk senter)",
        "sykehuset-ostfold-fredrikstad",
        "fredrikstad",
        "Fredrikstad",
        (
            "Distriktspsykiatrisk senter Fredrikstad",
            "Barne- og ungdomspsykiatrisk poliklinikk (BUP)",
            "Avdeling for rusbehandling og avhengighet",
            "Alderspsykiatrisk poliklinikk",
            "Habiliteringstjenesten",
        ),
        "Psykisk helsevern for voksne, barn og unge, rusbehandling og habilitering i Fredrikstad.",
    ),
    Hospital(
        "halden_sh",
        "Sykehuset Østfold Halden",
        "sykehuset-ostfold-halden",
        "halden",
        "Halden",
        (
            "Distriktspsykiatrisk senter Halden",
            "Medisinsk poliklinikk Halden",
            "Poliklinikk for rehabilitering",
            "Barne- og ungdomspsykiatrisk poliklinikk Halden",
        ),
        "DPS, poliklinikker og rehabilitering for Halden og Aremark.",
    ),
)
HOSPITAL_BY_KEY = {hospital.key: hospital for hospital in HOSPITALS}
