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

# Meetings

_MEETING = {
    "id": 12,
    "network": 1,
    "title": "Nätverksmöte i mars",
    "kind": "network_meeting",
    "description": "Lägesbild inför våren och uppföljning av handlingsplanen.",
    "starts_at": "2026-03-10T09:00:00+01:00",
    "ends_at": "2026-03-10T11:00:00+01:00",
    "place": "Stadshuset, sal Öresund",
    "video_link": "",
    "visibility": "authorities",
    "organisation": 1,
    "organiser": 1,
    "chair": 1,
    "secretary": 3,
    "approvers": [5],
    "invited_organisations": [1, 2, 3, 5],
    "invitees": [],
    "guests": [],
    "state": "scheduled",
    "series": None,
    "sequence": 1,
    "version": 1,
    "created_at": "2026-02-20T13:05:00+01:00",
    "updated_at": "2026-02-21T08:30:00+01:00",
}

MEETING_LISTED = OpenApiExample("Ett inplanerat nätverksmöte", value=_MEETING, response_only=True)

AGENDA_ITEM = OpenApiExample(
    "Punkt på dagordningen",
    value={
        "id": 31,
        "meeting": 12,
        "position": 1,
        "title": "Lägesbild från Polisen",
        "description": "",
        "kind": "item",
        "presenter": 5,
        "planned_minutes": 20,
        "minutes": {
            "number": 7,
            "text": "Polisen redogjorde för läget i centrum.",
            "outcome": "decision",
            "decision": "Nätverket ställer sig bakom en gemensam trygghetsvandring.",
        },
    },
    response_only=True,
)

ACTION_ITEM = OpenApiExample(
    "Uppdrag till Polisen",
    value={
        "id": 8,
        "meeting": 12,
        "meeting_title": "Nätverksmöte i mars",
        "entry": 44,
        "title": "Ta fram underlag om helgkvällarna",
        "description": "",
        "owner_organisation": 5,
        "owner": 5,
        "due_on": "2026-04-01",
        "status": "open",
        "done_on": None,
        "activity": 42,
        "direction": "prevention",
        "created_at": "2026-03-10T10:40:00+01:00",
        "updated_at": "2026-03-10T10:40:00+01:00",
    },
    response_only=True,
)

MEETING = OpenApiExample(
    "Mötet med dagordning och protokoll",
    value={
        **_MEETING,
        "abilities": {
            "change": False,
            "write_minutes": False,
            "approve": False,
            "respond": True,
            "revise": False,
        },
        "my_response": None,
        "agenda": [AGENDA_ITEM.value],
        "attendance": [
            {"id": 3, "person": 5, "organisation": 5, "status": "present", "substitute_for": None}
        ],
        "action_items": [ACTION_ITEM.value],
        "versions": [],
        "approvals": [],
    },
    response_only=True,
)

MEETING_CREATED = OpenApiExample(
    "Nytt möte i utkast",
    value={
        **MEETING.value,
        "state": "draft",
        "sequence": 0,
        "abilities": {
            "change": True,
            "write_minutes": False,
            "approve": False,
            "respond": False,
            "revise": False,
        },
        "agenda": [],
        "attendance": [],
        "action_items": [],
    },
    response_only=True,
)

MEETING_REQUEST = OpenApiExample(
    "Kalla till ett nätverksmöte",
    value={
        "network": 1,
        "title": "Nätverksmöte i mars",
        "kind": "network_meeting",
        "starts_at": "2026-03-10T09:00:00+01:00",
        "ends_at": "2026-03-10T11:00:00+01:00",
        "place": "Stadshuset, sal Öresund",
        "visibility": "authorities",
        "chair": 1,
        "secretary": 3,
        "approvers": [5],
        "invited_organisations": [1, 2, 3, 5],
    },
    request_only=True,
)

MEETING_CHANGE_REQUEST = OpenApiExample(
    "Flytta mötet en timme",
    value={"starts_at": "2026-03-10T10:00:00+01:00", "ends_at": "2026-03-10T12:00:00+01:00"},
    request_only=True,
)

REVISE_REQUEST = OpenApiExample(
    "Rätta ett justerat protokoll",
    value={"reason": "Fel datum i § 7."},
    request_only=True,
)

RESPOND_REQUEST = OpenApiExample("Tacka ja", value={"response": "yes"}, request_only=True)

AGENDA = OpenApiExample("Dagordningen", value=[AGENDA_ITEM.value], response_only=True)

AGENDA_ITEM_REQUEST = OpenApiExample(
    "Lägg till en punkt",
    value={"title": "Lägesbild från Polisen", "presenter": 5, "planned_minutes": 20},
    request_only=True,
)

AGENDA_ORDER_REQUEST = OpenApiExample(
    "Ny ordning", value={"order": [33, 31, 32]}, request_only=True
)

MINUTES = OpenApiExample(
    "Protokollet för en punkt", value=AGENDA_ITEM.value["minutes"], response_only=True
)

MINUTES_REQUEST = OpenApiExample(
    "Skriv protokollet för en punkt",
    value={
        "text": "Polisen redogjorde för läget i centrum.",
        "outcome": "decision",
        "decision": "Nätverket ställer sig bakom en gemensam trygghetsvandring.",
    },
    request_only=True,
)

ATTENDANCE = OpenApiExample(
    "Närvarande",
    value={"id": 3, "person": 5, "organisation": 5, "status": "present", "substitute_for": None},
    response_only=True,
)

ATTENDANCE_REQUEST = OpenApiExample(
    "Anteckna närvaro", value={"person": 5, "status": "present"}, request_only=True
)

ACTION_ITEM_REQUEST = OpenApiExample(
    "Ge Polisen ett uppdrag",
    value={
        "meeting": 12,
        "title": "Ta fram underlag om helgkvällarna",
        "owner_organisation": 5,
        "owner": 5,
        "due_on": "2026-04-01",
        "direction": "prevention",
    },
    request_only=True,
)

ACTION_ITEM_CHANGE_REQUEST = OpenApiExample(
    "Uppdraget är klart", value={"status": "done"}, request_only=True
)

ACTION_ITEMS_CSV = OpenApiExample(
    "Uppdragen som CSV",
    value=(
        "id,meeting,meeting_title,title,owner_organisation,owner,due_on,status,done_on,"
        "activity,direction\r\n"
        "8,12,Nätverksmöte i mars,Ta fram underlag om helgkvällarna,5,5,2026-04-01,open,,42,"
        "prevention\r\n"
    ),
    media_type="text/csv",
    response_only=True,
)

MEETING_ICS = OpenApiExample(
    "Mötet som iCalendar",
    value=(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Samverkan//Meetings//SV\r\n"
        "METHOD:PUBLISH\r\nBEGIN:VEVENT\r\nSUMMARY:Nätverksmöte i mars\r\n"
        "DTSTART:20260310T080000Z\r\nDTEND:20260310T100000Z\r\n"
        "UID:meeting-12@samverkan\r\nSEQUENCE:1\r\nSTATUS:CONFIRMED\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ),
    media_type="text/calendar",
    response_only=True,
)

# Situational pictures and action plans

_PROBLEM = {
    "title": "Rekrytering av unga till kriminella nätverk",
    "extent": "Ett tiotal kända försök under hösten, främst i två stadsdelar.",
    "consequences": "Otrygghet i skolan och på fritidsgårdarna.",
}
_PICTURE_SUMMARY = {
    "problems": [{"id": 3, **_PROBLEM}],
    "other_information": "Fler anmälningar om skadegörelse kring skolorna på helgkvällar.",
    "cause_analysis": "Få vuxna ute på kvällarna och ont om öppna fritidsverksamheter.",
    "sources_used": "Polisens lägesbild, elevhälsans enkät, fältassistenternas rapporter.",
    "sources_left_out": "Socialtjänstens ärenden: de gäller enskilda och hör inte hit.",
}
_PICTURE_DETAILS = {
    "groups": "En grupp på 10-15 unga som rör sig mellan två stadsdelar.",
    "areas": "Drottninghög och centrum.",
    "recruitment_venues": "Köpcentrets entré och busstationen kvällstid.",
}

SITUATION_PICTURE = OpenApiExample(
    "Skol- och fritidsförvaltningens lägesbild 2026",
    value={
        "id": 4,
        "network": 1,
        "department": 3,
        "period": "2026",
        "visibility": "authorities",
        "summary": _PICTURE_SUMMARY,
        "details": _PICTURE_DETAILS,
        "version": 2,
        "updated_at": "2026-03-02T09:15:00+01:00",
        "abilities": {"change": True, "share": True},
    },
    response_only=True,
)

SITUATION_PICTURE_LISTED = OpenApiExample(
    "Lägesbilden i en lista",
    value={**SITUATION_PICTURE.value, "details": None},
    response_only=True,
)

SITUATION_PICTURE_REQUEST = OpenApiExample(
    "En ny lägesbild",
    value={
        "network": 1,
        "department": 3,
        "period": "2026",
        "visibility": "authorities",
        "summary": {
            **_PICTURE_SUMMARY,
            "problems": [_PROBLEM],
        },
        "details": _PICTURE_DETAILS,
    },
    request_only=True,
)

SITUATION_PICTURE_CHANGE_REQUEST = OpenApiExample(
    "Orsaksanalysen kompletteras",
    value={
        "summary": {
            "cause_analysis": "Få vuxna ute på kvällarna; fritidsgården stänger klockan 21."
        }
    },
    request_only=True,
)

SITUATION_PICTURE_VERSION = OpenApiExample(
    "Version 2",
    value={
        "number": 2,
        "created_at": "2026-03-02T09:15:00+01:00",
        "changed_by": 4,
        "content": {
            "period": "2026",
            "visibility": "authorities",
            "summary": _PICTURE_SUMMARY,
            "details": _PICTURE_DETAILS,
        },
    },
    response_only=True,
)

SITUATION_PICTURE_READ = OpenApiExample(
    "Polisen läste sammanfattningen i API:t",
    value={
        "id": 812,
        "created_at": "2026-03-03T10:02:11+01:00",
        "actor": 5,
        "actor_name": "polis",
        "actor_organisation": 5,
        "action": "situation_picture.read",
        "part": "summary",
        "what": "picture",
        "via": "api",
        "remote_addr": "10.20.0.14",
    },
    response_only=True,
)

SITUATION_PICTURE_SHARE_REQUEST = OpenApiExample(
    "Dela sammanfattningen med Polisen",
    value={"organisation": 5, "shared": True},
    request_only=True,
)

SITUATION_PICTURE_SHARE = OpenApiExample(
    "Delad med Polisen", value={"organisation": 5, "shared": True}, response_only=True
)

MEASURE = OpenApiExample(
    "Fler vuxna ute på helgkvällar",
    value={
        "id": 7,
        "plan": 2,
        "problem": {"id": 3, "title": "Rekrytering av unga till kriminella nätverk"},
        "title": "Fler vuxna ute på helgkvällar",
        "owner_organisation": 3,
        "owner": 4,
        "direction": "prevention",
        "expected_effect": "Färre rekryteringsförsök i centrum.",
        "horizon": "short",
        "indicator": "Antal kvällar med vuxennärvaro per månad",
        "baseline": "4",
        "target": "12",
        "comparison": "Samma period förra året",
        "status": "yellow",
        "status_comment": "Svårt att få volontärer i januari.",
        "activities": [42],
        "values": [
            {"period": "2026-Q1", "value": "9.00", "kind": "follow_up", "note": ""},
        ],
        "updated_at": "2026-04-02T10:00:00+02:00",
    },
    response_only=True,
)

ACTION_PLAN = OpenApiExample(
    "Skol- och fritidsförvaltningens handlingsplan 2026",
    value={
        "id": 2,
        "network": 1,
        "department": 3,
        "year": 2026,
        "title": "Handlingsplan mot våldsbejakande extremism 2026",
        "visibility": "authorities",
        "decided_by_body": "Skol- och fritidsnämnden",
        "decided_on": "2026-01-28",
        "reference_number": "SFN 2026/123",
        "approved_by": 2,
        "approved_at": "2026-02-03T14:00:00+01:00",
        "revised_on": "2026-01-28",
        "next_revision_due": "2027-01-28",
        "measures": [MEASURE.value],
        "abilities": {"change": True, "approve": False},
        "created_at": "2026-01-20T08:30:00+01:00",
        "updated_at": "2026-02-03T14:00:00+01:00",
    },
    response_only=True,
)

ACTION_PLAN_REQUEST = OpenApiExample(
    "En ny handlingsplan",
    value={
        "network": 1,
        "department": 3,
        "year": 2026,
        "title": "Handlingsplan mot våldsbejakande extremism 2026",
        "visibility": "authorities",
        "decided_by_body": "Skol- och fritidsnämnden",
        "decided_on": "2026-01-28",
        "reference_number": "SFN 2026/123",
    },
    request_only=True,
)

ACTION_PLAN_REVISE_REQUEST = OpenApiExample(
    "Årlig revidering",
    value={
        "revised_on": "2027-01-27",
        "decided_by_body": "Skol- och fritidsnämnden",
        "reference_number": "SFN 2027/88",
    },
    request_only=True,
)

MEASURE_REQUEST = OpenApiExample(
    "En ny åtgärd",
    value={
        "plan": 2,
        "problem": 3,
        "title": "Fler vuxna ute på helgkvällar",
        "owner_organisation": 3,
        "direction": "prevention",
        "expected_effect": "Färre rekryteringsförsök i centrum.",
        "horizon": "short",
        "indicator": "Antal kvällar med vuxennärvaro per månad",
        "baseline": "4",
        "target": "12",
        "comparison": "Samma period förra året",
    },
    request_only=True,
)

MEASURE_CHANGE_REQUEST = OpenApiExample(
    "Status gul",
    value={"status": "yellow", "status_comment": "Svårt att få volontärer i januari."},
    request_only=True,
)

INDICATOR_VALUE_REQUEST = OpenApiExample(
    "Uppföljning första kvartalet",
    value={"period": "2026-Q1", "value": "9", "kind": "follow_up", "note": ""},
    request_only=True,
)

GAPS = OpenApiExample(
    "Luckor i kedjan 2026-Q1",
    value={
        "problems_without_measures": [
            {
                "id": 5,
                "title": "Otrygghet vid busstationen",
                "picture": 4,
                "department": 3,
                "department_name": "Skol- och fritidsförvaltningen",
            }
        ],
        "measures_without_activities": [],
        "measures_without_values": [
            {
                "id": 8,
                "title": "Samtalsgrupper för föräldrar",
                "plan": 2,
                "direction": "prevention",
                "department": 3,
                "department_name": "Skol- och fritidsförvaltningen",
            }
        ],
    },
    response_only=True,
)
