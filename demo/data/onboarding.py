"""How far the demo's onboardings have come: a buddy where the employer has staff with a
demo login, and part of each checklist ticked off."""

# How many checklist items (earliest due first) are done, onboarding by onboarding in
# turn (start date, then id); the pattern repeats.
ITEMS_DONE = (3, 1, 0, 2, 5, 1)
BUDDY_CONTACT = "Ring meg gjerne før første dag, eller send en melding på sms."
