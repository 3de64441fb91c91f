import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from network.audit.chain import GENESIS, audit_record, audit_verify
from network.models import AuditEvent


@pytest.fixture
def chain(world) -> list[AuditEvent]:
    return [
        audit_record(actor=world.coordinator, action="activity.read", network=world.net),
        audit_record(
            actor=world.police, action="personal_data.published", detail={"reason": "samtycke"}
        ),
        audit_record(actor=None, action="retention.disposed", remote_addr="10.0.0.1"),
    ]


def test_each_event_chains_to_the_one_before(chain):
    assert chain[0].previous_hash == GENESIS
    assert chain[1].previous_hash == chain[0].hash
    assert chain[2].previous_hash == chain[1].hash
    assert chain[2].actor_name == "system"


def test_an_intact_chain_verifies(chain, capsys):
    assert audit_verify() is None
    call_command("verify_audit")
    assert "3 events" in capsys.readouterr().out


def test_a_changed_event_is_named(chain):
    AuditEvent.objects.filter(pk=chain[1].pk).update(detail={"reason": "ändrad"})

    with pytest.raises(CommandError, match=f"event {chain[1].pk}"):
        call_command("verify_audit")


def test_a_removed_event_is_found_at_the_next_one(chain):
    AuditEvent.objects.filter(pk=chain[1].pk).delete()

    broken = audit_verify()

    assert broken is not None
    assert broken.event_id == chain[2].pk
