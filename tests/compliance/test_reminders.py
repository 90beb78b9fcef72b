"""Reminder e-mails: one per agency with a problem, to its admins and approvers, none when all is met."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from agencies.models import Agency
from compliance.models import InspectionNote
from compliance.reminders import send_reminders
from tests.factories import member


@pytest.fixture
def people(agency, other_agency, fake_sections, complete):
    now = timezone.now()
    complete(agency, now)
    complete(other_agency, now)
    fake_sections.set("tin-tuc", other_agency, 4, now - timedelta(days=30))
    fake_sections.set("van-ban-di-den", other_agency, 4, now - timedelta(days=9))
    users = {}
    for target, role in [(agency, "agency_admin"), (other_agency, "agency_admin"), (other_agency, "approver"),
                         (other_agency, "editor")]:
        user = member(target, role)
        user.email = f"{target.slug}-{role}@example.invalid"
        user.save()
        users[(target.slug, role)] = user
    return users


def test_one_email_per_agency_with_problems_to_admins_and_approvers(people, other_agency):
    InspectionNote.objects.create(agency=other_agency, summary="Tin tức chậm",
                                  fix_by=timezone.localdate() - timedelta(days=1))
    send_reminders(Agency.objects.all())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["so-khac-agency_admin@example.invalid", "so-khac-approver@example.invalid"]
    assert message.subject == "[Cổng thông tin] Sở Khác: 2 chuyên mục cần cập nhật"
    assert "Tin tức hoạt động — Chưa đạt, quá hạn: Tin mới nhất đăng ngày" in message.body
    assert "Công văn đi – đến" in message.body
    assert "Giới thiệu chung" not in message.body
    assert "Biên bản kiểm tra chưa khắc phục xong" in message.body
    assert "&amp;" not in message.body and "&#" not in message.body  # plain text, not HTML-escaped


def test_nothing_is_sent_when_everything_is_met(people, agency):
    send_reminders(Agency.objects.filter(pk=agency.pk))
    assert mail.outbox == []


def test_command_dry_run_and_real_run(people, capsys):
    call_command("compliance_remind", "--dry-run")
    assert mail.outbox == []
    assert "Sẽ gửi 1 thư nhắc." in capsys.readouterr().out
    call_command("compliance_remind")
    assert len(mail.outbox) == 1


def test_command_refuses_an_unknown_agency(people):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="khong-co"):
        call_command("compliance_remind", "--agency", "khong-co")
