"""Examples for the OpenAPI document: what the demo network's answers look like.

Each example is a real answer of the API, taken from the demo network (``seed_demo``), so that a
reader (or a generic client) sees the shape and the kind of content to expect.
"""

from drf_spectacular.utils import OpenApiExample

# Reading

NETWORK = OpenApiExample(
    "Helsingborgsmodellens nätverk",
    value={
        "id": 1,
        "name": "Att avbryta och förhindra kriminalitet och våldsbejakande extremistiska miljöer",
        "slug": "avbryta-och-forhindra",
        "description": (
            "Helsingborgs stads nätverk för samverkan mellan förvaltningar, polis, "
            "kriminalvård och civilsamhälle."
        ),
        "reporting_closed_until": "2025-12-31",
    },
    response_only=True,
)

ORGANISATION = OpenApiExample(
    "Socialförvaltningen",
    value={"id": 1, "name": "Socialförvaltningen", "kind": "city_department", "is_authority": True},
    response_only=True,
)

DIRECTION = OpenApiExample(
    "Förebyggande insatser",
    value={
        "code": "prevention",
        "name_sv": "Förebyggande insatser",
        "name_en": "Preventive measures",
        "position": 1,
    },
    response_only=True,
)

ME = OpenApiExample(
    "En medlem från Polisen",
    value={
        "id": 5,
        "username": "polis",
        "first_name": "Petra",
        "last_name": "Polis",
        "email": "petra.polis@polisen.se",
        "organisation": 5,
        "roles": [{"network": 1, "role": "member"}],
        "unread_notifications": 3,
    },
    response_only=True,
)

TOKEN = OpenApiExample(
    "En API-nyckel",
    value={"token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"},
    response_only=True,
)

TOKEN_REQUEST = OpenApiExample(
    "Inloggning", value={"username": "polis", "password": "samverkan"}, request_only=True
)

_ACTIVITY = {
    "id": 42,
    "network": 1,
    "title": "Trygghetsvandring i Drottninghög",
    "description": "Föräldrar, fältassistenter och polis vandrar tillsammans på fredagskvällar.",
    "organisation": 5,
    "partners": [1, 11],
    "status": "ongoing",
    "starts_on": "2026-03-06",
    "ends_on": "2026-05-29",
    "place": "Drottninghög",
    "target_groups": "Unga 13–17 år",
    "participants_count": 40,
    "outcome": "",
    "visibility": "authorities",
    "suggested_directions": ["prevention"],
}

ACTIVITY = OpenApiExample(
    "Taggad insats",
    value={
        **_ACTIVITY,
        "directions": ["prevention", "coordination"],
        "tagged_by": 1,
        "tagged_at": "2026-03-09T10:15:00+01:00",
        "created_by": 5,
        "created_at": "2026-03-02T14:03:21+01:00",
        "updated_at": "2026-03-09T10:15:00+01:00",
        "is_locked": False,
    },
    response_only=True,
)

ACTIVITY_CREATED = OpenApiExample(
    "Nyregistrerad insats",
    value={
        **_ACTIVITY,
        "status": "planned",
        "directions": [],
        "tagged_by": None,
        "tagged_at": None,
        "created_by": 5,
        "created_at": "2026-03-02T14:03:21+01:00",
        "updated_at": "2026-03-02T14:03:21+01:00",
        "is_locked": False,
    },
    response_only=True,
)

_ACTIVITY_INPUT = {
    "title": "Trygghetsvandring i Drottninghög",
    "description": "Föräldrar, fältassistenter och polis vandrar tillsammans på fredagskvällar.",
    "partners": [1, 11],
    "starts_on": "2026-03-06",
    "ends_on": "2026-05-29",
    "place": "Drottninghög",
    "target_groups": "Unga 13–17 år",
    "participants_count": 40,
    "visibility": "authorities",
    "suggested_directions": ["prevention"],
}

ACTIVITY_REQUEST = OpenApiExample(
    "Registrera en insats", value={"network": 1, **_ACTIVITY_INPUT}, request_only=True
)

ACTIVITY_REPLACE_REQUEST = OpenApiExample(
    "Ersätt insatsens uppgifter",
    value={**_ACTIVITY_INPUT, "status": "ongoing"},
    request_only=True,
)

ACTIVITY_CHANGE_REQUEST = OpenApiExample(
    "Rapportera utfall",
    value={
        "status": "completed",
        "participants_count": 46,
        "outcome": "Färre bränder och lugnare helgkvällar enligt fältassistenterna.",
    },
    request_only=True,
)

TAG_REQUEST = OpenApiExample(
    "Tagga med två inriktningar",
    value={"directions": ["prevention", "coordination"]},
    request_only=True,
)

TAGGING = OpenApiExample(
    "Samordnarens taggning",
    value={
        "id": 7,
        "directions": ["prevention", "coordination"],
        "tagged_by": 1,
        "tagged_at": "2026-03-09T10:15:00+01:00",
    },
    response_only=True,
)

UPDATE = OpenApiExample(
    "Lägesuppdatering om en insats",
    value={
        "id": 17,
        "network": 1,
        "activity": 42,
        "organisation": 5,
        "author": 5,
        "body": "Lugn kväll, ett tjugotal ungdomar i centrum. Vi fortsätter nästa fredag.",
        "visibility": "network",
        "created_at": "2026-03-13T23:40:00+01:00",
    },
    response_only=True,
)

UPDATE_REQUEST = OpenApiExample(
    "Posta en lägesuppdatering",
    value={
        "activity": 42,
        "body": "Lugn kväll, ett tjugotal ungdomar i centrum. Vi fortsätter nästa fredag.",
        "visibility": "network",
    },
    request_only=True,
)

# Notifications

NOTIFICATION = OpenApiExample(
    "En lägesuppdatering om en insats du deltar i",
    value={
        "id": 318,
        "event": "update.posted",
        "created_at": "2026-03-13T23:40:01+01:00",
        "object": {"type": "update", "id": 17},
        "title": "Trygghetsvandring i Drottninghög",
        "url": "/insatser/42/#update-17",
        "network": 1,
        "read_at": None,
    },
    response_only=True,
)

NOTIFICATION_READ = OpenApiExample(
    "Läst notis",
    value={**NOTIFICATION.value, "read_at": "2026-03-14T08:02:11+01:00"},
    response_only=True,
)

NOTIFICATIONS_MARKED = OpenApiExample(
    "Tre olästa notiser markerade som lästa", value={"marked": 3}, response_only=True
)

# Reports

REPORT = OpenApiExample(
    "Per kvartal, inriktning och organisation",
    value={
        "results": [
            {
                "period": "2026-Q1",
                "direction": "prevention",
                "organisation": 5,
                "activities": 4,
                "completed": 2,
                "participants": 57,
            },
            {
                "period": "2026-Q1",
                "direction": None,
                "organisation": 8,
                "activities": 1,
                "completed": 0,
                "participants": 12,
            },
        ]
    },
    response_only=True,
)

REPORT_CSV = OpenApiExample(
    "Samma rapport som CSV",
    value=(
        "period,direction,organisation,activities,completed,participants\r\n"
        "2026-Q1,prevention,5,4,2,57\r\n"
        "2026-Q1,,8,1,0,12\r\n"
    ),
    media_type="text/csv",
    response_only=True,
)
