"""The demo applicant's own data (soker@demo.legeportalen.no): a profile complete enough to
submit an application, and the job alerts she saved on the board."""

PROFILE = {
    "full_name": "Emma Solberg",
    "phone": "+47 912 34 567",
    "university": "Universitetet i Oslo",
    "education_country": "Norge",
    "graduation_date": "2027-06-15",
    "licence_status": "limited",
    "hpr_number": "9876543",
    "norwegian_level": "native",
    "grew_up_in_region": "on",
    "family_in_region": "on",
    "local_connection_details": "Vokste opp i Sarpsborg; foreldrene bor der fortsatt.",
    "clinical_experience": (
        "Sommervikar ved medisinsk avdeling på Kalnes to somre, og student med lisens "
        "(LIS0) i akuttmottaket i fire uker."
    ),
    "career_preference": "undecided",
    "interests": ["allmennmedisin", "indremedisin"],
}
# The board's filters as the applicant chose them, and how often she is told.
JOB_ALERTS = (
    ({"kind": ["lis1"]}, "daily"),
    ({"kind": ["alis"], "q": ["allmennlege"]}, "weekly"),
)
# She applied directly for a locum post as a student with a limited licence; the
# municipality shortlisted her and offered her the post, and the offer waits for her answer.
OFFER_POSTING = ("fredrikstad-kommune", "Student med lisens ved Fredrikstad legevakt")
SHORTLIST_NOTE = "God erfaring fra akuttmottaket. Aktuell for sommeren."
OFFER_TERMS = "Ti vakter i måneden, med opplæring de to første ukene. Lønn etter særavtalen."
