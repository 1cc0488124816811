"""The words of a track consent, in both languages.

Written out here rather than through gettext: what a candidate agreed to must be stored
exactly as it was shown, in Norwegian and English, whatever the state of the translation
catalogue. A change of wording here makes a new version for every track the next time
its text is checked (see services.ensure_consent_text).
"""

from collections.abc import Sequence

SHARED_FIELDS_NB = (
    "navn, e-postadresse og telefonnummer; utdanning (studiested, land og dato for "
    "uteksaminering); autorisasjonsstatus; norsknivå; lokal tilknytning til regionen; "
    "klinisk erfaring; karriereinteresser og om du helst vil jobbe i sykehus eller i "
    "primærhelsetjenesten; og hvilken LIS1-stilling du har takket ja til"
)
SHARED_FIELDS_EN = (
    "name, e-mail address and phone number; education (university, country and graduation "
    "date); licence status; Norwegian level; local connection to the region; clinical "
    "experience; career interests and whether you would rather work in a hospital or in "
    "primary care; and which LIS1 post you accepted"
)

BODY_NB = (
    "Jeg samtykker i at Legeportalen deler opplysninger fra søkerprofilen min med "
    "kommuneoverlegene i kommunene som deltar i det koblede løpet «{track}» ved {trust}: "
    "{municipalities}.\n\n"
    "Opplysningene deles først når jeg har takket ja til en LIS1-stilling som inngår i "
    "løpet, og bare så lenge jeg har svart at jeg foretrekker primærhelsetjenesten eller "
    "ikke har bestemt meg. Kommunene ser: {fields}. De ser ikke motivasjonstekster, "
    "rangeringen min eller andre søknader.\n\n"
    "Formålet er at kommunene kan invitere meg til intervju, omvisning eller samtale om "
    "vilkår for en ALIS/LIS3-stilling. Samtykket er frivillig og ingen betingelse for å "
    "søke LIS1. Jeg kan trekke det tilbake når som helst med ett klikk; da forsvinner jeg "
    "straks fra kommunenes oversikt."
)
BODY_EN = (
    "I consent to Legeportalen sharing information from my applicant profile with the "
    "municipal chief physicians of the municipalities taking part in the coupled track "
    "“{track}” at {trust}: {municipalities}.\n\n"
    "The information is shared only once I have accepted a LIS1 post covered by the track, "
    "and only while I have said that I prefer primary care or am undecided. The "
    "municipalities see: {fields}. They do not see motivation texts, my ranking or other "
    "applications.\n\n"
    "The purpose is that the municipalities can invite me to an interview, a visit or a "
    "talk about the terms of an ALIS/LIS3 post. The consent is voluntary and no condition "
    "for applying for LIS1. I can withdraw it at any time with one click; I then disappear "
    "from the municipalities' list at once."
)
DOCUMENTS_NB = (
    "Jeg samtykker også i at de samme kommuneoverlegene kan laste ned dokumentene jeg har "
    "lagt ved LIS1-søknaden (for eksempel CV, vitnemål, autorisasjon og attester)."
)
DOCUMENTS_EN = (
    "I also consent to the same chief physicians downloading the documents attached to my "
    "LIS1 application (such as CV, diploma, licence and references)."
)


def _join(names: Sequence[str], conjunction: str) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def bodies(*, track: str, trust: str, municipalities: Sequence[str]) -> dict[str, str]:
    """The four texts of a consent version, keyed by ConsentText field name."""
    return {
        "body_nb": BODY_NB.format(
            track=track,
            trust=trust,
            municipalities=_join(municipalities, "og"),
            fields=SHARED_FIELDS_NB,
        ),
        "body_en": BODY_EN.format(
            track=track,
            trust=trust,
            municipalities=_join(municipalities, "and"),
            fields=SHARED_FIELDS_EN,
        ),
        "documents_nb": DOCUMENTS_NB,
        "documents_en": DOCUMENTS_EN,
    }
