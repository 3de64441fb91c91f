"""The lines every network's support page shows until its coordinator stores its own.

They are national and do not change with the network, so they live here once, in both
languages, as data: the page is never empty, even before anyone has edited it. The city's own
line is not among them: only the coordinator knows it, and adds it on the edit page.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class DefaultLine:
    name_sv: str
    name_en: str
    phone: str
    url: str = ""
    note_sv: str = ""
    note_en: str = ""


INTRO_SV = (
    "Har du ett konkret tips om brott eller våldsbejakande extremism, eller är du orolig för att "
    "någon i din närhet dras in i kriminalitet eller våldsbejakande extremism? Här är vart du kan "
    "vända dig. Du behöver inte vara säker på att det är allvarligt för att höra av dig."
)
INTRO_EN = (
    "Do you have a concrete tip about a crime or violent extremism, or are you worried that "
    "someone close to you is being drawn into crime or violent extremism? This is where you can "
    "turn. You do not need to be sure that it is serious to get in touch."
)

LINES = (
    DefaultLine(
        name_sv="Polisen",
        name_en="The police",
        phone="114 14",
        url="https://polisen.se",
        note_sv="Tips och anmälan. Vid akut fara: ring 112.",
        note_en="Tips and reports. In an emergency: call 112.",
    ),
    DefaultLine(
        name_sv="Säkerhetspolisen",
        name_en="The Swedish Security Service",
        phone="010-568 70 00",
        url="https://www.sakerhetspolisen.se",
        note_sv="Tips om terrorism och våldsbejakande extremism.",
        note_en="Tips about terrorism and violent extremism.",
    ),
    DefaultLine(
        name_sv="Center mot våldsbejakande extremism, stödtelefon",
        name_en="Centre for Preventing Violent Extremism, support line",
        phone="08-527 442 90",
        url="https://www.cve.se",
        note_sv="För dig som är orolig för att någon i din närhet dras in i våldsbejakande "
        "extremism.",
        note_en="For anyone worried that someone close to them is being drawn into violent "
        "extremism.",
    ),
)


def line_rows() -> list[dict[str, str]]:
    """The built-in lines as the service and the edit form take them."""
    return [asdict(line) for line in LINES]
