"""The candidate's preference and consent panel, shown on an application and on a track's
page."""

from careers.tracks import selectors
from careers.tracks.forms import ConsentForm


def consent_panels(request, tracks) -> list[dict]:
    """One panel per track: the current consent text, the candidate's active consent and a
    form whose boxes reflect only what the candidate chose before (never pre-ticked)."""
    user = request.user
    consents = selectors.active_consents(user, tracks)
    texts = selectors.current_consent_texts(track.pk for track in tracks)
    preference = selectors.career_preference(user)
    panels = []
    for track in tracks:
        consent = consents.get(track.pk)
        panels.append(
            {
                "track": track,
                "consent": consent,
                "text": texts.get(track.pk),
                "outdated": consent is not None
                and track.pk in texts
                and consent.text_id != texts[track.pk].pk,
                "form": ConsentForm(
                    prefix_id=f"track{track.pk}",
                    initial={
                        "preference": preference or None,
                        "consent": consent is not None,
                        "share_documents": bool(consent and consent.share_documents),
                    },
                ),
            }
        )
    return panels
