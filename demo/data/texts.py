"""Posting texts: specialty names, unit descriptions, the texts of each posting kind,
housing notes and the names contact people are made of."""

from dataclasses import dataclass

from recruitment.models import Specialty

SPECIALTY_NB = {
    Specialty.GENERAL_PRACTICE: "allmennmedisin",
    Specialty.INTERNAL_MEDICINE: "indremedisin",
    Specialty.SURGERY: "generell kirurgi",
    Specialty.ORTHOPAEDICS: "ortopedisk kirurgi",
    Specialty.ANAESTHESIOLOGY: "anestesiologi",
    Specialty.PSYCHIATRY: "psykiatri",
    Specialty.CHILD_PSYCHIATRY: "barne- og ungdomspsykiatri",
    Specialty.PAEDIATRICS: "barnesykdommer",
    Specialty.OBSTETRICS: "fødselshjelp og kvinnesykdommer",
    Specialty.RADIOLOGY: "radiologi",
    Specialty.NEUROLOGY: "nevrologi",
    Specialty.CARDIOLOGY: "hjertesykdommer",
    Specialty.EMERGENCY_MEDICINE: "akutt- og mottaksmedisin",
    Specialty.GERIATRICS: "geriatri",
    Specialty.ONCOLOGY: "onkologi",
    Specialty.PATHOLOGY: "patologi",
    Specialty.COMMUNITY_MEDICINE: "samfunnsmedisin",
    Specialty.OCCUPATIONAL_MEDICINE: "arbeidsmedisin",
    Specialty.ADDICTION_MEDICINE: "rus- og avhengighetsmedisin",
}

UNIT_TEXTS = {
    "Medisinsk klinikk": (
        "Medisinsk klinikk har seksjoner for hjerte, lunge, fordøyelse, nyre, infeksjon, "
        "endokrinologi, geriatri, nevrologi og kreft, med rundt 200 senger og et stort "
        "poliklinisk tilbud. Klinikken har felles vaktlag i mottaket og tett samarbeid med "
        "akuttmottaket."
    ),
    "Kirurgisk klinikk": (
        "Kirurgisk klinikk dekker gastrokirurgi, urologi, karkirurgi, bryst- og endokrin kirurgi "
        "og plastikkirurgi. Operasjonsstuene er moderne, og klinikken bruker robotassistert "
        "kirurgi innen urologi og gastrokirurgi."
    ),
    "Akuttmottak": (
        "Akuttmottaket tar imot rundt 45 000 pasienter i året fra hele Østfold og Vestby. Mottaket "
        "er organisert med triage, egne team for traume og hjerneslag og en åpen linje til "
        "legevaktene i kommunene."
    ),
    "Klinikk for psykisk helsevern og rusbehandling": (
        "Klinikken har akuttpsykiatriske sengeposter, sikkerhetspsykiatri, alderspsykiatri og "
        "rusbehandling på Kalnes, og samarbeider tett med DPS-ene i Fredrikstad, Moss, Halden "
        "og Askim."
    ),
    "Barne- og ungdomsklinikken": (
        "Barne- og ungdomsklinikken har barneavdeling, nyfødtintensiv og barnehabilitering, og "
        "har ansvar for rundt 70 000 barn og unge i opptaksområdet."
    ),
    "Kvinneklinikken": (
        "Kvinneklinikken har om lag 2 800 fødsler i året, gynekologisk sengepost og poliklinikk, "
        "og et eget svangerskapsteam som samarbeider med jordmortjenesten i kommunene."
    ),
    "Ortopedisk avdeling": (
        "Ortopedisk avdeling behandler brudd, slitasje, idrettsskader og håndskader. Avdelingen "
        "har fast traumeteam og et eget pasientforløp for hoftebrudd sammen med geriatrien."
    ),
    "Anestesiavdelingen": (
        "Anestesiavdelingen har ansvar for anestesi, intensivmedisin, smertebehandling og "
        "prehospital tjeneste, med tolv intensivsenger og en aktiv simuleringsgruppe."
    ),
    "Bildediagnostisk avdeling": (
        "Bildediagnostisk avdeling har CT, MR, ultralyd og konvensjonell røntgen. Radiologene i "
        "Moss og på Kalnes deler bildearkiv, vaktordning og fagmøter."
    ),
    "Avdeling for fysikalsk medisin og rehabilitering": (
        "Avdelingen gir tverrfaglig rehabilitering etter hjerneslag, skader og sykdom, og "
        "samarbeider godt med rehabiliteringstjenestene i kommunene."
    ),
    "Distriktspsykiatrisk senter Moss": (
        "DPS Moss har allmennpsykiatrisk poliklinikk, døgnenhet og ambulant akutteam for Moss, "
        "Våler, Råde og Vestby."
    ),
    "Distriktspsykiatrisk senter Fredrikstad": (
        "DPS Fredrikstad har allmennpsykiatrisk poliklinikk, døgnavdeling og et FACT-team i "
        "samarbeid med Fredrikstad og Hvaler kommuner."
    ),
    "Barne- og ungdomspsykiatrisk poliklinikk (BUP)": (
        "BUP Fredrikstad utreder og behandler barn og unge med psykiske vansker, og har egne team "
        "for spiseforstyrrelser, nevroutviklingsforstyrrelser og akutt ungdomspsykiatri."
    ),
    "Avdeling for rusbehandling og avhengighet": (
        "Avdelingen har poliklinikk, avrusning og legemiddelassistert rehabilitering (LAR), og "
        "arbeider tett med kommunenes rus- og psykiatritjenester."
    ),
    "Alderspsykiatrisk poliklinikk": (
        "Alderspsykiatrisk poliklinikk utreder demens og psykiske lidelser hos eldre, ofte i "
        "samarbeid med sykehjemslegene og hjemmetjenestene."
    ),
    "Distriktspsykiatrisk senter Halden": (
        "DPS Halden har poliklinikk, dagbehandling og ambulant team for Halden og Aremark, med "
        "kort vei til både pasienter og samarbeidspartnere."
    ),
    "Legevakt": (
        "{place} legevakt er døgnåpen, har egne sykepleiere, observasjonssenger og god tilgang "
        "på bakvakt, og samarbeider tett med AMK og akuttmottaket på Kalnes."
    ),
    "Fastlegekontor": (
        "Det kommunale fastlegekontoret i {location} har erfarne fastleger, dyktige "
        "helsesekretærer og eget laboratorium, og tar imot LIS1 og ALIS hvert år."
    ),
    "Legekontoret": (
        "{place} legekontor er et lite og oversiktlig kontor der legene kjenner pasientene og "
        "hverandre godt. Kontoret har eget laboratorium, akuttberedskap på dagtid og nært "
        "samarbeid med hjemmetjenesten."
    ),
    "Helsehuset / KAD": (
        "Helsehuset samler kommunal akutt døgnenhet (KAD), korttidsplasser og rehabilitering. "
        "Legene har tett kontakt med sykehuset og fastlegene, og pasientene er ofte eldre med "
        "sammensatte behov."
    ),
    "Sykehjemsetaten": (
        "Sykehjemsetaten i {place} har flere sykehjem med langtids-, korttids- og lindrende "
        "plasser. Sykehjemslegene har faste visittdager og et sterkt tverrfaglig miljø."
    ),
    "Kommuneoverlegen": (
        "Kommuneoverlegen har ansvar for smittevern, miljørettet helsevern, beredskap og "
        "medisinskfaglig rådgivning, og leder kommunens legetjeneste."
    ),
}
UNIT_FALLBACK = "{unit} er en del av {employer}."


@dataclass(frozen=True)
class KindTexts:
    intros: tuple[str, ...]
    bodies: tuple[str, ...]
    qualifications: tuple[str, ...]


KIND_TEXTS = {
    "summer_job": KindTexts(
        intros=(
            "{employer} søker medisinstudenter som sommervikarer ved {unit}. Du arbeider som "
            "lege under veiledning, med egne pasienter og mulighet til å prøve deg på vakt.",
            "Vil du bruke sommeren på å bli en tryggere kliniker? {unit} ved {employer} har "
            "ledige sommervikariater for medisinstudenter i ukene 25–33.",
            "Vi trenger sommervikarer! {unit} ved {employer} ansetter studenter med lisens i "
            "sommerferien, og vi legger stor vekt på god opplæring før første vakt.",
        ),
        bodies=(
            "Du får to introduksjonsdager med simulering og gjennomgang av rutiner, en fast "
            "fadder blant legene og en oppfølgingssamtale midt i perioden. Vi ønsker særlig "
            "velkommen studenter fra Østfold og studenter som studerer i utlandet.",
            "Arbeidet går i turnus med dag-, kveld- og helgevakter. Du har alltid en erfaren lege "
            "i bakvakt, og sommervikarene presenterer pasienter på morgenmøtet. Mange av dagens "
            "LIS-leger hos oss startet som sommervikarer.",
            "Du får lønn etter avtalen for studenter med lisens, hjelp til bolig i sommerperioden "
            "og et sosialt program for sommervikarene på tvers av sykehus og kommuner i "
            "helsefellesskapet.",
        ),
        qualifications=(
            "Medisinstudent som har fullført minst 4. studieår ved norsk lærested, eller "
            "tilsvarende ved utenlandsk universitet.\nLisens som medisinstudent fra "
            "Helsedirektoratet før tiltredelse.\nGode norskkunnskaper, muntlig og skriftlig.",
            "Fullført 5. studieår ved oppstart (studenter etter 4. år kan også søke).\n"
            "Studentlisens må være innvilget før første vakt.\nVi legger vekt på "
            "samarbeidsevner og interesse for faget.",
        ),
    ),
    "observership": KindTexts(
        intros=(
            "{unit} ved {employer} tilbyr hospitering for medisinstudenter og nyutdannede leger "
            "som vil bli kjent med fagfeltet og arbeidsplassen før de søker jobb.",
            "Er du nysgjerrig på hvordan det er å jobbe i {place}? Vi tar imot hospitanter ved "
            "{unit} i én til fire uker.",
        ),
        bodies=(
            "Du følger en fast lege gjennom arbeidsdagen, deltar på morgenmøter, visitter og "
            "poliklinikk, og får en avsluttende samtale om karrieremuligheter i Østfold. "
            "Hospiteringen er ulønnet, men vi dekker reise og overnatting for studenter som "
            "studerer i utlandet.",
            "Programmet settes opp etter dine ønsker og kan kombineres med hospitering i en annen "
            "del av helsefellesskapet, slik at du ser hele pasientforløpet. Hospitanter signerer "
            "taushetserklæring og får eget adgangskort.",
        ),
        qualifications=(
            "Medisinstudent (minst 3. studieår) eller nyutdannet lege.\nTaushetserklæring ved "
            "oppstart.",
            "Åpen for medisinstudenter i Norge og i utlandet.\nSkriv kort om hva du ønsker å "
            "lære, og hvilke uker som passer.",
        ),
    ),
    "lis0": KindTexts(
        intros=(
            "{employer} søker medisinstudenter med lisens til vikariater ved {unit}. Stillingene "
            "passer godt ved siden av studiene.",
            "Vi ønsker å knytte til oss studenter med begrenset lisens som kan ta vakter ved "
            "{unit} gjennom semesteret, først og fremst kvelder og helger.",
        ),
        bodies=(
            "Du arbeider selvstendig innenfor klare rammer og har alltid en lege i bakvakt som "
            "svarer på telefon og kommer ved behov. Vi tilpasser vaktene etter eksamensperiodene, "
            "og du får en fadder de første vaktene.",
            "Stillingen gir god erfaring med akutte problemstillinger, journalføring og samarbeid "
            "med sykepleiere. Vaktplanen settes opp fire uker av gangen, og du melder selv inn "
            "hvilke vakter du kan ta.",
        ),
        qualifications=(
            "Medisinstudent med lisens fra Helsedirektoratet (begrenset lisens).\nFullført minst "
            "4. studieår.\nGode norskkunnskaper.",
            "Begrenset lisens som medisinstudent, eller innvilget lisens før oppstart.\nErfaring "
            "som sommervikar er en fordel, men ikke et krav.",
        ),
    ),
    "lis1_hospital": KindTexts(
        intros=(
            "Sykehuset Østfold HF har ledige stillinger som lege i spesialisering del 1 (LIS1) "
            "med tjeneste ved {employer}. Tjenesten er 12 måneder i sykehus, etterfulgt av 6 "
            "måneder i en av kommunene i opptaksområdet.",
            "Vi søker nyutdannede leger til LIS1 ved {unit}, {employer}. Du får et strukturert "
            "første år med indremedisin, kirurgi og psykiatri, og et godt fellesskap med de "
            "andre LIS1-legene.",
        ),
        bodies=(
            "Alle LIS1 får oppnevnt veileder, deltar i felles internundervisning hver uke og har "
            "faste supervisjonsmøter. Du får vite hvilken kommune du skal til så tidlig som "
            "mulig, og en fadder fra forrige LIS1-kull tar imot deg.",
            "Tjenesten er organisert med rotasjon mellom sengepost, poliklinikk og akuttmottak. "
            "Vaktordningen har gode hvileordninger, og du går ikke alene i vakt de første ukene. "
            "LIS1 får simuleringstrening i akutte tilstander sammen med sykepleiere.",
        ),
        qualifications=(
            "Norsk autorisasjon som lege (eller innvilget før tiltredelse) og rett til å starte "
            "LIS1.\nGode norskkunnskaper, muntlig og skriftlig.\nVi legger vekt på personlig "
            "egnethet, samarbeidsevner og lokal tilknytning til regionen, etter våre "
            "publiserte prioriteringskriterier.",
            "Fullført medisinsk embetseksamen og norsk autorisasjon før oppstart.\nSøkere som "
            "ikke tidligere har hatt LIS1-stilling.\nLokal tilknytning til Østfold eller Vestby "
            "vektlegges (oppvekst, familie, sommerjobb eller hospitering i regionen).",
        ),
    ),
    "lis1_municipality": KindTexts(
        intros=(
            "{employer} har ledig LIS1-stilling i 6 måneder i kommunehelsetjenesten. Du får "
            "tjeneste ved {unit}, med fastlegepraksis, legevakt og sykehjem.",
            "Vil du se allmennmedisin på sitt beste? {place} tar imot LIS1 i kommunedelen av "
            "spesialiseringen og legger stor vekt på veiledning og variasjon.",
        ),
        bodies=(
            "Du får egen pasientliste med oppfølging fra en erfaren allmennlege som veileder, en "
            "time fast veiledning i uken og deltar i legevakt i interkommunalt samarbeid. "
            "Kommunen dekker kurset i offentlig helsearbeid.",
            "Legekontoret har et stabilt legeteam med spesialister i allmennmedisin. LIS1 deltar "
            "i sykehjemsvisitter, helsestasjon og legevakt og får prøve seg på alle sider av "
            "arbeidet som allmennlege. Flere av våre fastleger startet som LIS1 her.",
            "Kommunen deltar i helsefellesskapets ordning for koblede stillinger: LIS1 som ønsker "
            "videre løp i allmennmedisin, kan bli invitert til samtale og besøk om en "
            "ALIS-stilling allerede i sykehusåret.",
        ),
        qualifications=(
            "Fullført sykehusdelen av LIS1 (12 måneder) før oppstart.\nNorsk autorisasjon som "
            "lege.\nFørerkort klasse B, da tjenesten omfatter sykebesøk og legevakt.",
            "LIS1 som har fullført sykehusdelen.\nGode norskkunnskaper og interesse for "
            "allmennmedisin.\nFørerkort klasse B.",
        ),
    ),
    "lis2_3": KindTexts(
        intros=(
            "{unit} ved {employer} har ledig fast stilling for lege i spesialisering (LIS2/LIS3) "
            "i {specialty}.",
            "Vi søker en engasjert lege i spesialisering i {specialty}. Stillingen er fast og "
            "knyttet til {unit} ved {employer}.",
        ),
        bodies=(
            "Du får individuell utdanningsplan, fast veileder og systematisk supervisjon. "
            "Avdelingen har et godt utdanningsmiljø med ukentlig internundervisning, og vi legger "
            "til rette for at du når alle læringsmålene på normert tid, inkludert nødvendig "
            "tjeneste ved Oslo universitetssykehus.",
            "Vaktordningen er i dag firedelt med tilstedevakt. Vi har et utdanningsutvalg med "
            "LIS-representanter, og du får tid til kurs, forskning og forbedringsarbeid. "
            "Sykehusets forskningsavdeling hjelper deg i gang om du ønsker det.",
            "Avdelingen har god spesialistdekning og en flat struktur der LIS og overleger jobber "
            "tett sammen. Vi ønsker søkere som vil bli i regionen over tid, og tilbyr fleksible "
            "løsninger for familier med små barn.",
        ),
        qualifications=(
            "Norsk autorisasjon som lege og fullført LIS1 eller tilsvarende.\nErfaring fra faget "
            "er en fordel.\nGode norskkunnskaper, muntlig og skriftlig.\nVi legger vekt på faglig "
            "engasjement, samarbeidsevner og personlig egnethet.",
            "Godkjent del 1 av spesialistutdanningen (LIS1) eller tilsvarende turnustjeneste.\n"
            "Ønske om å fullføre spesialiseringen ved Sykehuset Østfold.\nGod "
            "kommunikasjonsevne på norsk.",
        ),
    ),
    # Every ALIS body speaks of "allmennlege" and "allmennleger": the board's Norwegian
    # full-text search must find these postings by either word.
    "alis": KindTexts(
        intros=(
            "{employer} søker lege i spesialisering i allmennmedisin (ALIS). Du blir fastlege "
            "ved {unit} med egen pasientliste og et komplett utdanningsløp fram til spesialist.",
            "Vil du bli spesialist i allmennmedisin i {place}? Kommunen tilbyr ALIS-avtale med "
            "fastlønn, veiledning og fri til kurs.",
        ),
        bodies=(
            "Du får en fast veileder som er spesialist i allmennmedisin, og deltar i "
            "veiledningsgruppe med andre ALIS i Østfold. Kontoret har fem allmennleger og en "
            "erfaren gruppe helsesekretærer, og du bygger opp listen gradvis. Målet er at du skal "
            "bli en trygg og selvstendig allmennlege – og at du blir værende.",
            "ALIS-avtalen gir fastlønn de første fem årene, dekning av obligatoriske kurs, fri til "
            "sykehustjenesten og trygg inntekt mens listen bygges opp. Kollegene dine er erfarne "
            "allmennleger som har veiledet mange fram til spesialist, og hver allmennlege på "
            "kontoret setter av tid til å drøfte pasienter med deg.",
            "Tjenesten omfatter fastlegepraksis med redusert liste, kommunale oppgaver i sykehjem "
            "eller helsestasjon og legevakt etter avtale. Kommunen samarbeider med Sykehuset "
            "Østfold om den obligatoriske sykehustjenesten. Vi har gode erfaringer med å "
            "rekruttere allmennleger gjennom LIS1 og koblede stillinger, og vil at du som "
            "allmennlege i utdanning skal føle deg hjemme hos oss.",
        ),
        qualifications=(
            "Norsk autorisasjon som lege og fullført LIS1 (eller tilsvarende turnus).\nØnske om å "
            "bli spesialist i allmennmedisin.\nFørerkort klasse B.\nGode norskkunnskaper; du må "
            "kunne kommunisere godt med pasienter i alle aldre.",
            "Fullført LIS1 eller tilsvarende.\nErfaring fra allmennmedisin eller legevakt er en "
            "fordel.\nPersonlig egnethet vektlegges, og lokal tilknytning er et pluss.",
        ),
    ),
    "consultant": KindTexts(
        intros=(
            "{unit} ved {employer} har ledig fast stilling som overlege i {specialty}.",
            "Vi søker overlege i {specialty} som vil være med på å utvikle fagfeltet og utdanne "
            "neste generasjon spesialister ved {employer}.",
        ),
        bodies=(
            "Du blir del av et kollegium med god faglig bredde, deltar i bakvakt og har avsatt tid "
            "til veiledning av LIS. Avdelingen driver aktivt kvalitets- og forbedringsarbeid og "
            "har gode muligheter for fagutvikling og forskning.",
            "Vaktbelastningen er moderat med hjemmevakt, og vi legger til rette for fordypning i "
            "ditt eget interessefelt. Sykehuset gir permisjon til videreutdanning og fagkurs "
            "etter avtale.",
        ),
        qualifications=(
            "Norsk godkjenning som spesialist i {specialty}.\nErfaring fra tilsvarende stilling "
            "er ønskelig.\nGode norskkunnskaper, muntlig og skriftlig.",
            "Spesialist i {specialty}, eller nær ferdig spesialist (tilsetting som LIS fram til "
            "godkjenning).\nInteresse for veiledning og undervisning.",
        ),
    ),
    "combined": KindTexts(
        intros=(
            "Dette er en kombinasjonsstilling der arbeidstiden deles mellom sykehus og kommune. "
            "Du ansettes ved {employer} ({unit}), og partnerne i Helsefellesskapet Østfold har "
            "avtalt fordelingen av arbeidstid, vakt og veiledning.",
            "Vil du jobbe på begge sider av samhandlingen? Helsefellesskapet Østfold oppretter "
            "kombinerte stillinger mellom sykehus og kommune, og denne stillingen har "
            "hovedarbeidssted ved {unit}, {employer}.",
        ),
        bodies=(
            "Typisk fordeling er 50/50 mellom arbeidsstedene, med faste dager hvert sted. Du får "
            "innsikt i hele pasientforløpet og blir en viktig brobygger i arbeidet med "
            "pasientflyt, utskrivningsklare pasienter og felles prosedyrer.",
            "Stillingen passer både for spesialister og for leger i spesialisering som ønsker en "
            "bred klinisk hverdag. Du har én arbeidsgiver, én arbeidsavtale og én nærmeste leder, "
            "men kolleger begge steder.",
        ),
        qualifications=(
            "Norsk autorisasjon som lege, gjerne spesialist eller lege i spesialisering i "
            "relevant fag.\nErfaring fra både kommune og sykehus er en fordel.\nFørerkort "
            "klasse B.",
            "Autorisasjon som lege og minst to års klinisk erfaring.\nInteresse for samhandling, "
            "kvalitetsarbeid og pasientforløp på tvers av nivåene.",
        ),
    ),
    "other": KindTexts(
        intros=(
            "{employer} har ledig stilling ved {unit}.",
            "Vi søker en lege som vil være med på å utvikle legetjenesten i {place}.",
        ),
        bodies=(
            "Kommunen tilbyr gode betingelser, ordnet arbeidstid og godt tverrfaglig samarbeid. "
            "Alle nyansatte leger får fadder og et introduksjonsprogram de første ukene.",
            "Du blir del av et stabilt legemiljø med faste fagmøter og deltar i "
            "kommuneoverlegeforum og nettverkene i helsefellesskapet.",
        ),
        qualifications=(
            "Norsk autorisasjon som lege.\nGode norskkunnskaper, muntlig og skriftlig.\n"
            "Førerkort klasse B.",
            "Norsk autorisasjon som lege og relevant klinisk erfaring.\nVi legger vekt på "
            "personlig egnethet.",
        ),
    ),
}

COUPLED_TRACK_NOTE = (
    "Sykehuset deltar i helsefellesskapets ordning for koblede stillinger: inntil halvparten av "
    "LIS1-stillingene kan kobles til en senere ALIS- eller LIS3-stilling i en kommune. Vi kan "
    "ikke love deg en koblet stilling gjennom denne utlysningen, men ber deg i søknaden oppgi om "
    "du foretrekker videre løp i sykehus eller i allmennmedisin, og intervjuet vil også handle "
    "om dette."
)
PUBLIC_APPLICANT_LIST_NOTE = (
    "Søkere må være oppmerksomme på at opplysninger om søkeren kan bli offentliggjort selv om "
    "søkeren har bedt om ikke å bli oppført på søkerlisten (offentleglova § 25). Spørsmål om "
    "stillingen rettes til kontaktpersonene."
)

HOSPITAL_HOUSING = (
    "Sykehuset hjelper deg med å leie møblert leilighet de første tre månedene.",
    "Sykehuset har avtale med lokale utleiere og kan formidle bolig før du starter.",
    "Boligprisene er langt lavere enn i Oslo, og HR hjelper nyansatte med visninger.",
)
MUNICIPAL_HOUSING = (
    "Kommunen har egne utleieboliger for nyansatte leger til rimelig husleie.",
    "Kommunen kan hjelpe med midlertidig bolig mens du finner noe permanent.",
    "Nyansatte leger får tilbud om startlån og hjelp fra kommunens boligkontor.",
)
STUDENT_HOUSING = (
    "Vi formidler hybler for sommervikarer og studenter med lisens, gjerne i bofellesskap med "
    "andre medisinstudenter.",
    "Studenter som trenger bosted får hjelp til korttidsleie i nærheten av arbeidsstedet.",
)
OBSERVER_HOUSING = (
    "Hospitanter som studerer i utlandet får dekket overnatting på hotell nær arbeidsstedet."
)
REGION_EXTRAS = (
    "Helsefellesskapet Østfold arrangerer informasjonsmøter før hver søknadsfrist og en felles "
    "karrieredag for LIS1.",
    "Nyansatte får fadder og blir invitert til sosiale treff for unge leger i Østfold.",
    "Her kan du ta hele utdanningsløpet – fra sommerjobb og LIS1 til overlege eller fastlege.",
)

FIRST_NAMES = (
    "Anne", "Kari", "Ingrid", "Marte", "Silje", "Hanne", "Nina", "Line", "Camilla", "Ida",
    "Maria", "Tone", "Elisabeth", "Hilde", "Sara", "Amina", "Ewa", "Lars", "Ole", "Per",
    "Erik", "Jon", "Thomas", "Anders", "Martin", "Kristian", "Magnus", "Henrik", "Jørgen",
    "Espen", "Håkon", "Sindre", "Ahmed", "Piotr", "Mohammad",
)  # fmt: skip
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Hagen", "Bakke", "Strand",
    "Lie", "Moen", "Dahl", "Lund", "Halvorsen", "Sørensen", "Jacobsen", "Holm", "Rød",
    "Fossum", "Thorsen", "Kowalski", "Ali", "Østby", "Bråten",
)  # fmt: skip
HOSPITAL_LEADERS = ("Avdelingssjef", "Seksjonsleder", "Seksjonsoverlege", "Klinikksjef")
HOSPITAL_HELPERS = ("Utdanningsansvarlig overlege", "HR-rådgiver", "Rekrutteringsrådgiver")
MUNICIPAL_LEADERS = ("Kommuneoverlege", "Fagleder legetjenesten", "Virksomhetsleder helse")
MUNICIPAL_HELPERS = ("Daglig leder, legekontoret", "Enhetsleder", "HR-rådgiver")
