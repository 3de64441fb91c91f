"""The report's parameters are parsed once, for the API and the report page alike."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from network.activities.reports import ReportQuery, parse_report_query


def test_no_parameters_ask_for_quarters_without_grouping():
    assert parse_report_query(QueryDict("")) == ReportQuery()


def test_every_parameter_is_read():
    query = parse_report_query(
        QueryDict(
            "period=month&from=2025-01-01&to=2025-12-31&group_by=organisation,direction&network=3"
        )
    )

    assert query == ReportQuery(
        period="month",
        date_from=date(2025, 1, 1),
        date_to=date(2025, 12, 31),
        group_by=("organisation", "direction"),
        network_id=3,
    )


def test_group_by_may_be_repeated_and_is_not_doubled():
    query = parse_report_query(QueryDict("group_by=direction&group_by=direction,organisation"))

    assert query.group_by == ("direction", "organisation")


def test_a_plain_mapping_with_lists_is_read_like_a_query():
    query = parse_report_query({"period": "year", "group_by": ["direction"]})

    assert query == ReportQuery(period="year", group_by=("direction",))


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period=week", "period"),
        ("from=2025-13-01", "from"),
        ("to=yesterday", "to"),
        ("from=2025-06-01&to=2025-01-01", "to"),
        ("group_by=colour", "group_by"),
        ("network=0", "network"),
        ("network=-1", "network"),
        ("network=99999999999999999999999", "network"),
        ("network=١٢", "network"),
        ("network=1e9", "network"),
        ("from=\x00", "from"),
    ],
)
def test_bad_parameters_are_refused_by_name(query, field):
    with pytest.raises(ValidationError) as refused:
        parse_report_query(QueryDict(query))

    assert field in refused.value.message_dict
