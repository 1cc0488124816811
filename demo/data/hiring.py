"""What the employers write in the demo's hiring (demo/hiring.py): the interview invitation,
an assessment, and the requests to be left off the public applicant list with their
decisions."""

INTERVIEW_NOTE = "Ta med vitnemål og legitimasjon."
INTERVIEW_MESSAGE = "Vi gleder oss til å møte deg. Velg en tid som passer."
ASSESSMENT = {
    "motivation": 5,
    "knowledge": 4,
    "communication": 5,
    "cooperation": 5,
    "overall": 5,
    "primary_care_interest": "yes",
    "recommendation": "offer",
    "notes": "Tydelig motivert for allmennmedisin etter LIS1.",
}
EXEMPTION_REQUEST = "Jeg er i et arbeidsforhold og har ikke sagt opp ennå."
EXEMPTION_GRANTED = "Søkeren står i et arbeidsforhold som kan skades."
EXEMPTION_REFUSED = "Allmennhetens innsyn veier tyngre."
