"""The demo network's support page and the work telephones of its contact persons.

The page is stored through the service, once: the built-in lines and the city's own support
line. The numbers made up here lie in the ranges the Swedish Post and Telecom Authority keeps
for fiction (040-628 04 00–99, 070-174 06 05–99), so that a demo never rings a real person.
"""

from __future__ import annotations

from network.directory import defaults, services
from network.models import Network, Role, SupportPage, User

CITY_LINE = {
    "name_sv": "Helsingborgs stads stödlinje",
    "name_en": "The City of Helsingborg's support line",
    "phone": "040-628 04 10",
    "url": "",
    "note_sv": "För dig som är orolig för ett barn, en ungdom eller en anhörig. Vardagar 8–17; "
    "du får vara anonym.",
    "note_en": "For anyone worried about a child, a young person or a relative. Weekdays 8–17; "
    "you may stay anonymous.",
}
# Work telephones of the demo's contact persons and coordinator, by username.
PHONES = {
    "samordnare": "070-174 06 10",
    "soc": "070-174 06 11",
    "skola": "070-174 06 12",
}


def seed_directory(network: Network) -> SupportPage:
    """The network's support page with the four lines, and its people's work telephones; an
    existing page is left as its coordinator keeps it."""
    for user in User.objects.filter(username__in=PHONES, phone=""):
        services.own_phone_set(user=user, phone=PHONES[user.username])
    page = SupportPage.objects.filter(network=network).first()
    if page is not None:
        return page
    coordinator = (
        User.objects.filter(
            roles__network=network, roles__code=Role.Code.COORDINATOR, is_active=True
        )
        .order_by("pk")
        .first()
    )
    if coordinator is None:
        raise ValueError(f"The network {network.slug} has no coordinator to write its page.")
    return services.support_page_update(
        actor=coordinator,
        network=network,
        intro_sv=defaults.INTRO_SV,
        intro_en=defaults.INTRO_EN,
        lines=[*defaults.line_rows(), CITY_LINE],
    )
