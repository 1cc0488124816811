"""Every posting of the demo region: employer, unit, title and summary."""

from dataclasses import dataclass

from recruitment.models import PostingKind, Specialty

GP = Specialty.GENERAL_PRACTICE
DEFAULT = "kind default"


@dataclass(frozen=True)
class Row:
    """One posting: employer key (hospital key or place key), unit, title and summary."""

    employer: str
    unit: str
    title: str
    summary: str
    specialty: str = Specialty.NONE
    posts: int = 1
    duration: int | str | None = DEFAULT
    details: str = ""


ROWS: dict[str, tuple[Row, ...]] = {
    PostingKind.SUMMER_JOB: (
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "Sommervikar for medisinstudenter – Medisinsk klinikk",
            "Medisinstudenter etter 4. studieår får sommerjobb med egne pasienter på sengepost "
            "og i mottak, med fadder og tett oppfølging.",
            posts=8,
        ),
        Row(
            "kalnes",
            "Kirurgisk klinikk",
            "Sommerjobb i Kirurgisk klinikk",
            "Bli med i det kirurgiske teamet på Kalnes i sommer: innleggelser, postarbeid og "
            "assistanse på operasjonsstua.",
            posts=5,
        ),
        Row(
            "kalnes",
            "Akuttmottak",
            "Sommervikar i akuttmottaket",
            "Ta imot pasienter sammen med erfarne mottaksleger i et av landets travleste "
            "akuttmottak.",
            posts=4,
        ),
        Row(
            "kalnes",
            "Ortopedisk avdeling",
            "Sommerjobb for medisinstudenter i ortopedi",
            "Brudd, gips og poliklinikk – sommerjobb for studenter som vil lære praktisk ortopedi.",
            posts=3,
        ),
        Row(
            "kalnes",
            "Barne- og ungdomsklinikken",
            "Sommervikar i Barne- og ungdomsklinikken",
            "Sommervikariat ved barneavdelingen, med undervisning i akutt pediatri før første "
            "vakt.",
            posts=2,
        ),
        Row(
            "kalnes",
            "Klinikk for psykisk helsevern og rusbehandling",
            "Sommervikar i akuttpsykiatrien",
            "Medisinstudenter med interesse for psykiatri får sommerjobb ved akuttpsykiatrisk "
            "seksjon, med daglig supervisjon.",
            posts=3,
        ),
        Row(
            "moss_sh",
            "Avdeling for fysikalsk medisin og rehabilitering",
            "Sommerjobb i rehabilitering – Moss",
            "Sommerjobb for medisinstudenter i en rolig og lærerik rehabiliteringsavdeling ved "
            "sjøen i Moss.",
            posts=2,
        ),
        Row(
            "fredrikstad_dps",
            "Distriktspsykiatrisk senter Fredrikstad",
            "Sommervikar ved DPS Fredrikstad",
            "Sommervikariat ved døgnavdelingen på DPS Fredrikstad – for studenter som vil se "
            "psykiatrien fra innsiden.",
            posts=2,
        ),
        Row(
            "fredrikstad",
            "Helsehuset / KAD",
            "Sommervikar ved Helsehuset Fredrikstad (KAD)",
            "Arbeid ved kommunal akutt døgnenhet sammen med erfarne kommuneleger – en god "
            "innføring i kommunal akuttmedisin.",
            posts=3,
        ),
        Row(
            "halden",
            "Legevakt",
            "Sommervikar ved Halden legevakt",
            "Kvelds- og helgevakter ved Halden legevakt for medisinstudenter med lisens, alltid "
            "med lege i bakvakt.",
            posts=4,
        ),
        Row(
            "indre_ostfold",
            "Sykehjemsetaten",
            "Sommerjobb som student med lisens i sykehjem",
            "Sommerjobb som tilsynslegevikar på sykehjemmene i Askim og Mysen, med fast veileder "
            "blant sykehjemslegene.",
            posts=3,
        ),
    ),
    PostingKind.OBSERVERSHIP: (
        Row(
            "kalnes",
            "Anestesiavdelingen",
            "Hospitering i anestesi og intensivmedisin",
            "Én til fire ukers hospitering på operasjonsstua og intensiv for medisinstudenter "
            "som vurderer anestesi.",
            posts=2,
        ),
        Row(
            "kalnes",
            "Kvinneklinikken",
            "Hospitering ved føde- og barselavdelingen",
            "Bli kjent med fødeavdelingen på Kalnes gjennom hospitering sammen med en fast lege "
            "og jordmor.",
            posts=2,
        ),
        Row(
            "kalnes",
            "Akuttmottak",
            "Hospitering for medisinstudenter i utlandet",
            "Studerer du i utlandet? Vi tilbyr hospiteringsuker i akuttmottaket og hjelp med "
            "reise og overnatting.",
            posts=4,
        ),
        Row(
            "sarpsborg",
            "Fastlegekontor sentrum",
            "Hospitering hos fastlege i Sarpsborg",
            "Følg en allmennlege gjennom arbeidsdagen og se hvordan fastlegen følger pasientene "
            "over tid.",
            specialty=GP,
            posts=2,
        ),
        Row(
            "rakkestad",
            "Legekontoret",
            "Hospitering ved Rakkestad legekontor",
            "Hospitering i en bygdekommune med nært kollegafellesskap, legevakt og sykehjem – "
            "for deg som vurderer distriktsmedisin.",
            specialty=GP,
        ),
        Row(
            "fredrikstad_dps",
            "Barne- og ungdomspsykiatrisk poliklinikk (BUP)",
            "Hospitering i barne- og ungdomspsykiatri",
            "En uke med utredning, familiesamtaler og tverrfaglige møter ved BUP Fredrikstad.",
            specialty=Specialty.CHILD_PSYCHIATRY,
        ),
    ),
    PostingKind.LIS0: (
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "Student med lisens (LIS0) – helgevakter i Medisinsk klinikk",
            "Helgevakter for studenter med begrenset lisens på medisinske sengeposter, med fast "
            "bakvakt og fadder.",
            posts=6,
            duration=6,
        ),
        Row(
            "kalnes",
            "Kirurgisk klinikk",
            "LIS0 i Kirurgisk klinikk – kveld og helg",
            "Tilkallingsvikariater for studenter med lisens i kirurgisk vaktlag, fleksibelt rundt "
            "eksamen.",
            posts=4,
            duration=6,
        ),
        Row(
            "kalnes",
            "Klinikk for psykisk helsevern og rusbehandling",
            "LIS0 i psykisk helsevern – tilkallingsvikar",
            "Studenter med lisens tar vakter på døgnpostene i psykisk helsevern, med erfaren "
            "psykiater i bakvakt.",
            posts=3,
            duration=12,
        ),
        Row(
            "moss_sh",
            "Distriktspsykiatrisk senter Moss",
            "Student med lisens ved DPS Moss",
            "Vakter ved døgnenheten på DPS Moss for studenter med lisens som vil lære psykiatri i "
            "praksis.",
            posts=2,
            duration=6,
        ),
        Row(
            "fredrikstad",
            "Legevakt",
            "Student med lisens ved Fredrikstad legevakt",
            "LIS0-vakter ved en av Østfolds største legevakter, alltid sammen med erfaren "
            "legevaktlege.",
            posts=5,
            duration=6,
        ),
        Row(
            "moss",
            "Legevakt",
            "LIS0 ved Moss legevakt – kveld og helg",
            "Kvelds- og helgevakter for studenter med lisens ved Moss interkommunale legevakt.",
            posts=3,
            duration=3,
        ),
        Row(
            "sarpsborg",
            "Sykehjemsetaten",
            "Student med lisens – vikar i sykehjem",
            "Deltidsvikariat som student med lisens ved sykehjemmene i Sarpsborg, med faste "
            "visittdager og veileder.",
            posts=2,
            duration=12,
        ),
    ),
    PostingKind.LIS1: (
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "LIS1 ved Sykehuset Østfold Kalnes",
            "LIS1 med 12 måneder i sykehus (indremedisin, kirurgi og psykiatri) og 6 måneder i "
            "en av kommunene i helsefellesskapet.",
            posts=12,
        ),
        Row(
            "kalnes",
            "Kirurgisk klinikk",
            "LIS1 med mulighet for koblet ALIS-løp i kommune",
            "LIS1 der du kan oppgi interesse for videre løp i allmennmedisin; kommunene i "
            "Østfold kan invitere deg til samtale om ALIS.",
            posts=6,
            details="Stillingene inngår i ordningen med koblede stillinger etter modell av "
            "Helgelandslegen. Kandidater som samtykker i å dele profilen sin med kommunene, kan "
            "bli invitert til intervju, besøk og samtale om vilkår i de deltakende kommunene når "
            "LIS1-tilsettingene er klare. Lokal tilknytning prioriteres.",
        ),
        Row(
            "kalnes",
            "Klinikk for psykisk helsevern og rusbehandling",
            "LIS1 med psykiatritjeneste",
            "LIS1 der en større del av sykehusåret gjennomføres i psykisk helsevern, etterfulgt "
            "av kommunetjeneste.",
            posts=4,
        ),
        Row(
            "kalnes",
            "Akuttmottak",
            "LIS1 med akuttmedisinsk profil",
            "LIS1 med tjeneste i akuttmottaket og på medisinsk sengepost, for deg som vil bli "
            "trygg på akutte tilstander.",
            posts=4,
        ),
        Row(
            "fredrikstad",
            "Fastlegekontor sentrum",
            "LIS1 i kommunehelsetjenesten – Fredrikstad",
            "Seks måneder som LIS1 ved kommunalt legekontor i Fredrikstad sentrum, med legevakt "
            "og sykehjem.",
            posts=4,
        ),
        Row(
            "sarpsborg",
            "Fastlegekontor sentrum",
            "LIS1 i kommunehelsetjenesten – Sarpsborg",
            "Kommunedelen av LIS1 ved et sentrumsnært legekontor i Sarpsborg, tett på sykehuset "
            "og med et sterkt veiledningsmiljø.",
            posts=3,
        ),
        Row(
            "halden",
            "Fastlegekontor sentrum",
            "LIS1 i Halden kommune",
            "LIS1 i Halden med fastlegepraksis, legevakt og helsestasjon – i en kommune som vil "
            "beholde deg.",
            posts=2,
        ),
        Row(
            "moss",
            "Fastlegekontor sentrum",
            "LIS1 i kommunehelsetjenesten – Moss",
            "Kommunedelen av LIS1 i Moss, med fastlegepraksis ved sjøen og vakter ved Moss "
            "legevakt.",
            posts=3,
        ),
        Row(
            "indre_ostfold",
            "Fastlegekontor Mysen",
            "LIS1 i Indre Østfold kommune",
            "LIS1 ved legekontoret i Mysen, med legevakt i Askim og variert arbeid i en stor "
            "landkommune.",
            posts=2,
        ),
        Row(
            "rade",
            "Legekontoret",
            "LIS1 ved Råde legekontor",
            "En LIS1-stilling i et lite legekontor der du blir sett, med erfaren veileder og korte "
            "avstander.",
        ),
        Row(
            "rakkestad",
            "Legekontoret",
            "LIS1 i Rakkestad kommune",
            "LIS1 i en bygdekommune med stort spenn i pasientgrunnlaget og god oppfølging fra "
            "kommuneoverlegen.",
        ),
        Row(
            "valer",
            "Legekontoret",
            "LIS1 ved Våler legekontor",
            "Kommunedelen av LIS1 i Våler, midt mellom Moss og Kalnes, med sykehjem og legevakt "
            "i samarbeid med Moss.",
        ),
        Row(
            "hvaler",
            "Legekontoret",
            "LIS1 på Hvaler",
            "LIS1 i skjærgårdskommunen Hvaler, med variert allmennpraksis og store "
            "sesongvariasjoner i pasientgrunnlaget.",
        ),
        Row(
            "vestby",
            "Fastlegekontor sentrum",
            "LIS1 i Vestby kommune",
            "LIS1 i Vestby med kort vei til Oslo og Moss, i et legekontor med fem spesialister i "
            "allmennmedisin.",
            posts=2,
        ),
    ),
    PostingKind.LIS2_3: (
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "LIS2/3 i indremedisin",
            "Fast stilling som LIS i indremedisin med rotasjon mellom seksjonene og strukturert "
            "veiledning.",
            Specialty.INTERNAL_MEDICINE,
            posts=2,
        ),
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "LIS2/3 i hjertesykdommer",
            "Utdanningsstilling i kardiologi med ekkokardiografi, PCI-samarbeid og "
            "pacemakerpoliklinikk.",
            Specialty.CARDIOLOGY,
        ),
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "LIS2/3 i geriatri",
            "Bli geriater i en seksjon som samarbeider tett med kommunenes sykehjem og helsehus.",
            Specialty.GERIATRICS,
        ),
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "LIS2/3 i nevrologi",
            "LIS i nevrologi med slagenhet, trombolyse og poliklinikk for epilepsi og MS.",
            Specialty.NEUROLOGY,
        ),
        Row(
            "kalnes",
            "Kirurgisk klinikk",
            "LIS2/3 i generell kirurgi",
            "LIS i generell kirurgi med høyt operasjonsvolum og tidlig selvstendighet under "
            "veiledning.",
            Specialty.SURGERY,
            posts=2,
        ),
        Row(
            "kalnes",
            "Ortopedisk avdeling",
            "LIS2/3 i ortopedisk kirurgi",
            "Ortopedisk utdanningsstilling med traumatologi, proteser og idrettsskader.",
            Specialty.ORTHOPAEDICS,
        ),
        Row(
            "kalnes",
            "Anestesiavdelingen",
            "LIS2/3 i anestesiologi",
            "Anestesi, intensiv og smerte – LIS-stilling i en avdeling med egen simuleringsgruppe.",
            Specialty.ANAESTHESIOLOGY,
            posts=2,
        ),
        Row(
            "kalnes",
            "Barne- og ungdomsklinikken",
            "LIS2/3 i barnesykdommer",
            "LIS i pediatri med nyfødtintensiv, barnepoliklinikk og samarbeid med helsestasjonene.",
            Specialty.PAEDIATRICS,
        ),
        Row(
            "kalnes",
            "Kvinneklinikken",
            "LIS2/3 i fødselshjelp og kvinnesykdommer",
            "Utdanningsstilling i gynekologi og obstetrikk ved en av landets største "
            "fødeavdelinger utenfor universitetssykehusene.",
            Specialty.OBSTETRICS,
        ),
        Row(
            "kalnes",
            "Akuttmottak",
            "LIS2/3 i akutt- og mottaksmedisin",
            "Bli spesialist i den nye spesialiteten akutt- og mottaksmedisin i et moderne "
            "akuttmottak.",
            Specialty.EMERGENCY_MEDICINE,
        ),
        Row(
            "kalnes",
            "Klinikk for psykisk helsevern og rusbehandling",
            "LIS2/3 i psykiatri",
            "LIS i psykiatri med tjeneste i akuttpsykiatri, sikkerhetspsykiatri og DPS.",
            Specialty.PSYCHIATRY,
            posts=2,
        ),
        Row(
            "moss_sh",
            "Bildediagnostisk avdeling",
            "LIS2/3 i radiologi",
            "Radiologi-LIS med CT, MR og ultralyd, i et felles fagmiljø mellom Moss og Kalnes.",
            Specialty.RADIOLOGY,
        ),
        Row(
            "fredrikstad_dps",
            "Barne- og ungdomspsykiatrisk poliklinikk (BUP)",
            "LIS2/3 i barne- og ungdomspsykiatri",
            "Utdanningsstilling i barne- og ungdomspsykiatri med egne team for "
            "spiseforstyrrelser og nevroutvikling.",
            Specialty.CHILD_PSYCHIATRY,
        ),
        Row(
            "fredrikstad_dps",
            "Avdeling for rusbehandling og avhengighet",
            "LIS2/3 i rus- og avhengighetsmedisin",
            "LIS i rus- og avhengighetsmedisin med poliklinikk, avrusning og LAR.",
            Specialty.ADDICTION_MEDICINE,
        ),
    ),
    PostingKind.ALIS: (
        Row(
            "fredrikstad",
            "Fastlegekontor Gressvik",
            "ALIS – fastlege i spesialisering, Gressvik",
            "ALIS-stilling med fastlønn ved kommunalt legekontor på Gressvik, med redusert liste "
            "og fast veileder.",
            GP,
        ),
        Row(
            "sarpsborg",
            "Fastlegekontor sentrum",
            "ALIS med fastlønn – Sarpsborg sentrum",
            "Sarpsborg kommune tilbyr ALIS-avtale med fastlønn i fem år, veiledning og dekning av "
            "kurs.",
            GP,
            posts=2,
        ),
        Row(
            "halden",
            "Fastlegekontor sentrum",
            "ALIS i Halden – fastlønn og veiledning",
            "Bli spesialist i allmennmedisin i Halden, med fastlønn, veiledningsgruppe og hjelp "
            "til å planlegge sykehustjenesten.",
            GP,
        ),
        Row(
            "moss",
            "Helsehuset / KAD",
            "ALIS med kombinert fastlege- og KAD-tjeneste",
            "ALIS-stilling som kombinerer egen pasientliste med tjeneste ved kommunal akutt "
            "døgnenhet i Moss.",
            GP,
        ),
        Row(
            "indre_ostfold",
            "Fastlegekontor Askim",
            "ALIS ved Askim legesenter",
            "ALIS i Indre Østfold med fastlønn, redusert liste og kort vei til Oslo.",
            GP,
            posts=2,
        ),
        Row(
            "aremark",
            "Legekontoret",
            "ALIS i Aremark – distriktsmedisin på sitt beste",
            "Bli allmennlege i Østfolds minste kommune, med bolig, fastlønn og nær kontakt med "
            "pasientene.",
            GP,
        ),
        Row(
            "marker",
            "Legekontoret",
            "ALIS ved Marker legekontor i Ørje",
            "ALIS-stilling med fastlønn ved legekontoret i Ørje, med legevakt i interkommunalt "
            "samarbeid.",
            GP,
        ),
        Row(
            "skiptvet",
            "Legekontoret",
            "ALIS ved Skiptvet legekontor",
            "Et lite legekontor med stor faglig bredde søker ALIS som vil bli i kommunen.",
            GP,
        ),
        Row(
            "aurskog_holand",
            "Fastlegekontor sentrum",
            "ALIS ved Bjørkelangen legesenter",
            "ALIS med fastlønn og ansvar for pasienter i både Bjørkelangen og Rømskog.",
            GP,
        ),
        Row(
            "vestby",
            "Fastlegekontor sentrum",
            "ALIS med legevaktfunksjon – Vestby",
            "ALIS-stilling der du kombinerer fastlegepraksis med faste vakter ved Vestby legevakt.",
            GP,
        ),
        Row(
            "as",
            "Fastlegekontor sentrum",
            "ALIS i Ås kommune",
            "ALIS ved kommunalt legekontor i universitetsbyen Ås, med fastlønn og "
            "veiledningsavtale for hele løpet.",
            GP,
        ),
    ),
    PostingKind.CONSULTANT: (
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "Overlege i fordøyelsessykdommer",
            "Fast stilling som overlege ved gastromedisinsk seksjon, med endoskopi og "
            "IBD-poliklinikk.",
            Specialty.INTERNAL_MEDICINE,
        ),
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "Overlege i onkologi",
            "Overlege ved kreftavdelingen på Kalnes, med poliklinisk behandling og tett "
            "samarbeid med Oslo universitetssykehus.",
            Specialty.ONCOLOGY,
        ),
        Row(
            "kalnes",
            "Akuttmottak",
            "Overlege i akutt- og mottaksmedisin",
            "Vi bygger opp et fagmiljø i akutt- og mottaksmedisin og søker overleger som vil være "
            "med fra starten.",
            Specialty.EMERGENCY_MEDICINE,
            posts=2,
        ),
        Row(
            "kalnes",
            "Anestesiavdelingen",
            "Overlege i anestesiologi med intensivprofil",
            "Overlege med hovedvekt på intensivmedisin og luftveishåndtering, i en avdeling med "
            "tolv intensivsenger.",
            Specialty.ANAESTHESIOLOGY,
        ),
        Row(
            "kalnes",
            "Kvinneklinikken",
            "Overlege i fødselshjelp og kvinnesykdommer",
            "Overlege ved Kvinneklinikken, med vekt på fødselshjelp og ultralyd i svangerskapet.",
            Specialty.OBSTETRICS,
        ),
        Row(
            "kalnes",
            "Barne- og ungdomsklinikken",
            "Overlege i barnesykdommer – nyfødtintensiv",
            "Overlege med ansvar for nyfødtintensiv og oppfølging av for tidlig fødte barn.",
            Specialty.PAEDIATRICS,
        ),
        Row(
            "kalnes",
            "Ortopedisk avdeling",
            "Overlege i ortopedi – protesekirurgi",
            "Overlege med protesekirurgi og hoftebruddsforløp i tett samarbeid med geriatrien.",
            Specialty.ORTHOPAEDICS,
        ),
        Row(
            "moss_sh",
            "Bildediagnostisk avdeling",
            "Overlege i radiologi – Moss",
            "Overlege i radiologi med MR og ultralyd, hovedsakelig dagtid i Moss og bakvakt fra "
            "Kalnes.",
            Specialty.RADIOLOGY,
        ),
        Row(
            "moss_sh",
            "Avdeling for fysikalsk medisin og rehabilitering",
            "Overlege i nevrologi – rehabilitering etter hjerneslag",
            "Nevrolog til tverrfaglig rehabilitering etter hjerneslag og skader i Moss.",
            Specialty.NEUROLOGY,
        ),
        Row(
            "fredrikstad_dps",
            "Alderspsykiatrisk poliklinikk",
            "Overlege i alderspsykiatri",
            "Overlege ved alderspsykiatrisk poliklinikk, med ambulant arbeid ute i kommunene.",
            Specialty.PSYCHIATRY,
        ),
        Row(
            "halden_sh",
            "Distriktspsykiatrisk senter Halden",
            "Overlege i psykiatri – DPS Halden",
            "Overlege ved DPS Halden med poliklinikk, dagbehandling og ambulant team for Halden "
            "og Aremark.",
            Specialty.PSYCHIATRY,
        ),
    ),
    PostingKind.COMBINED: (
        Row(
            "kalnes",
            "Akuttmottak",
            "Kombinasjonsstilling akuttmottak og Sarpsborg legevakt",
            "Delt stilling mellom akuttmottaket på Kalnes og Sarpsborg legevakt – for deg som "
            "vil jobbe på begge sider av døra.",
            Specialty.EMERGENCY_MEDICINE,
        ),
        Row(
            "fredrikstad",
            "Helsehuset / KAD",
            "Kombinasjonsstilling KAD og geriatri på Kalnes",
            "Overlege eller LIS i geriatri med halve tiden ved Helsehuset Fredrikstad og halve "
            "ved geriatrisk seksjon på Kalnes.",
            Specialty.GERIATRICS,
        ),
        Row(
            "moss",
            "Sykehjemsetaten",
            "Kombinert stilling som sykehjemslege og LIS i geriatri",
            "Sykehjemslege i Moss kombinert med utdanning i geriatri ved Sykehuset Østfold.",
            Specialty.GERIATRICS,
            duration=24,
        ),
        Row(
            "kalnes",
            "Klinikk for psykisk helsevern og rusbehandling",
            "Kombinasjonsstilling psykiatri og kommunalt rus- og psykiatriteam",
            "Psykiater eller LIS i psykiatri med faste dager i Sarpsborg kommunes rus- og "
            "psykiatritjeneste.",
            Specialty.PSYCHIATRY,
        ),
        Row(
            "halden",
            "Fastlegekontor sentrum",
            "Kombinasjonsstilling allmennlege og medisinsk poliklinikk Halden",
            "Allmennlege med tre dager i fastlegepraksis og to dager ved medisinsk poliklinikk i "
            "Halden.",
            GP,
        ),
        Row(
            "indre_ostfold",
            "Legevakt",
            "Kombinasjonsstilling legevakt Indre Østfold og akuttmottak Kalnes",
            "Lege med fast tjeneste både ved Indre Østfold legevakt og i akuttmottaket på Kalnes.",
            Specialty.EMERGENCY_MEDICINE,
            duration=36,
        ),
    ),
    PostingKind.OTHER: (
        Row(
            "fredrikstad",
            "Fastlegekontor sentrum",
            "Fastlegehjemmel med 1 100 pasienter – Fredrikstad sentrum",
            "Ledig fastlegehjemmel i et etablert kontorfellesskap i Fredrikstad sentrum; "
            "næringsdrift eller fastlønn etter ønske.",
            GP,
            details="Listen har om lag 1 100 pasienter og overtas etter en allmennlege som går "
            "av med pensjon. Kontoret har fire allmennleger, egen sykepleier og laboratorium, og "
            "deltar i kommunens ALIS-ordning. Du velger mellom næringsdrift med kommunalt "
            "tilskudd og fastlønn de første to årene.",
        ),
        Row(
            "hvaler",
            "Legekontoret",
            "Fastlege på Hvaler",
            "Fastlege i skjærgårdskommunen – fastlønn, bolig på Skjærhalden og et lite og godt "
            "kollegium.",
            GP,
            details="Hvaler legekontor har tre fastleger og tar imot LIS1 og ALIS. Om sommeren "
            "mangedobles befolkningen, og kontoret har da ekstra bemanning. Vi søker deg som vil "
            "bli allmennlege i et tett lokalsamfunn; både spesialister i allmennmedisin og leger "
            "i spesialisering oppfordres til å søke.",
        ),
        Row(
            "nordre_follo",
            "Fastlegekontor Ski",
            "Fastlege i Nordre Follo – ledig liste i Ski",
            "Ledig fastlegeliste med 900 pasienter ved et legesenter 200 meter fra Ski stasjon.",
            GP,
            details="Legesenteret har seks allmennleger og to ALIS, og kommunen tilbyr "
            "etableringstilskudd. Listen betjenes i dag av vikar. Du overtar et velfungerende "
            "kontor med moderne utstyr og kort vei til Oslo.",
        ),
        Row(
            "sarpsborg",
            "Kommuneoverlegen",
            "Kommuneoverlege med ansvar for smittevern",
            "Sarpsborg kommune søker kommuneoverlege med ansvar for smittevern, beredskap og "
            "medisinskfaglig rådgivning.",
            Specialty.COMMUNITY_MEDICINE,
            details="Stillingen inngår i et team med to kommuneoverleger og en "
            "smittevernsykepleier, og deltar i kommuneoverlegeforum i Østfold. Spesialitet i "
            "samfunnsmedisin er ønskelig; leger i spesialisering får veiledning og tid til "
            "utdanning.",
        ),
        Row(
            "rakkestad",
            "Kommuneoverlegen",
            "Kommuneoverlege i 50 % stilling",
            "Kommuneoverlege i halv stilling, gjerne kombinert med fastlegepraksis i Rakkestad.",
            Specialty.COMMUNITY_MEDICINE,
            details="Stillingen kan kombineres med 50 % klinisk arbeid ved legekontoret. "
            "Kommuneoverlegen leder legetjenesten, er medisinskfaglig rådgiver for "
            "kommunedirektøren og har ansvar for smittevern og beredskap.",
        ),
        Row(
            "moss",
            "Legevakt",
            "Legevaktlege – tilkallingsvikar natt og helg",
            "Tilkallingsvikarer til Moss interkommunale legevakt, natt og helg, med sykepleier i "
            "vakt og godt tilrettelagt arbeid.",
            duration=6,
            details="Vi søker leger som kan ta én til fire vakter i måneden. Legevakten betjener "
            "Moss, Våler, Råde og Vestby, og har egen observasjonsenhet og bilberedskap.",
        ),
        Row(
            "indre_ostfold",
            "Sykehjemsetaten",
            "Sykehjemslege 100 % – Indre Østfold",
            "Fast stilling som sykehjemslege med ansvar for to sykehjem i Askim og Mysen.",
            GP,
            details="Sykehjemslegene i Indre Østfold jobber i team og har faste visittdager, "
            "tverrfaglige møter og tid til pårørendesamtaler. Stillingen passer for en "
            "allmennlege som ønsker forutsigbar arbeidstid, og kan kombineres med ALIS-løp.",
        ),
    ),
}
