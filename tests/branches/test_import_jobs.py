"""Import jobs (branches/import_jobs.py): only their user sees them, they run once, a job
that stopped unexpectedly can be started again, and a running job shows its progress."""

import datetime
import re
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from branches import import_jobs, importing, tasks
from branches.models import ImportJob, Member
from tests.import_jobs import jobs_run_here

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_media")]

# The job pages of both imports: only the user who confirmed the import sees its job
# (tests/test_url_coverage.py collects this module's URL names).
URL_NAMES = {"branches:member_import_job", "activities:import_job"}


@pytest.fixture
def job(court, make_xlsx):
    """A queued job of committee staff importing one new member into branch B."""
    rows = [{"姓名": "新党员", "工号": "60001", "所在支部": court.branch_b.name}]
    name = default_storage.save("imports/jobs/test.xlsx", ContentFile(make_xlsx(rows)))
    return ImportJob.objects.create(
        kind=ImportJob.Kind.MEMBERS, file=name, file_name="名册.xlsx", created_by=court.staff.user
    )


def page_url(job):
    return reverse("branches:member_import_job", args=[job.pk])


def text(response) -> str:
    return re.sub(r"\s+", " ", unescape(response.content.decode()))


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("committee", 200),
        ("admin", 404),
        ("secretary_a", 404),
        ("member_a", 404),
        ("member_b", 404),
        ("anonymous", 302),
    ],
)
def test_only_the_user_who_confirmed_sees_the_job(as_persona, job, persona, status):
    assert as_persona(persona).get(page_url(job)).status_code == status
    retry = as_persona(persona).post(page_url(job), {"retry": "1"})
    assert retry.status_code == (302 if persona == "committee" else status)
    job.refresh_from_db()
    assert job.state == "queued"  # a fresh queued job is not started twice


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretary_a", 200),
        ("admin", 404),
        ("committee", 404),
        ("member_a", 404),
        ("member_b", 404),
        ("anonymous", 302),
    ],
)
def test_only_the_secretary_who_confirmed_sees_the_activity_import_job(
    as_persona, court, persona, status
):
    name = default_storage.save("imports/jobs/activities.xlsx", ContentFile(b"PK"))
    activity_job = ImportJob.objects.create(
        kind=ImportJob.Kind.ACTIVITIES,
        file=name,
        file_name="活动.xlsx",
        created_by=court.secretary_a.user,
    )
    url = reverse("activities:import_job", args=[activity_job.pk])
    assert as_persona(persona).get(url).status_code == status


def test_a_fresh_job_cannot_be_started_again(as_persona, job):
    response = as_persona("committee").post(page_url(job), {"retry": "1"}, follow=True)
    assert "该导入无法重新开始。" in text(response)


def test_a_job_runs_once_however_often_it_is_delivered(job, court):
    tasks.import_members(str(job.pk))
    tasks.import_members(str(job.pk))
    job.refresh_from_db()
    assert (job.state, job.attempts, job.rows_done, job.rows_total) == ("done", 1, 1, 1)
    assert job.result == {"new": 1, "updated": 0, "unchanged": 0}
    assert Member.objects.filter(employee_number="60001").count() == 1
    assert not default_storage.exists(job.file)  # the stored upload is gone once done


def test_a_job_that_stopped_unexpectedly_can_be_started_again(
    as_persona, job, court, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    with monkeypatch.context() as patch:
        patch.setattr(importing, "member_import_commit", broken)
        tasks.import_members(str(job.pk))
    job.refresh_from_db()
    assert job.state == "failed" and not Member.objects.filter(employee_number="60001").exists()
    client = as_persona("committee")
    page = text(client.get(page_url(job)))
    assert "导入意外中止；没有导入任何内容。" in page and 'name="retry"' in page

    with jobs_run_here(django_capture_on_commit_callbacks):
        response = client.post(page_url(job), {"retry": "1"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 2)
    assert Member.objects.filter(employee_number="60001").count() == 1
    assert 'name="retry"' not in text(client.get(page_url(job)))


def test_a_job_with_errors_in_the_file_cannot_be_retried(as_persona, job, court):
    court.branch_b.is_active = False
    court.branch_b.save()
    tasks.import_members(str(job.pk))
    job.refresh_from_db()
    assert job.state == "failed" and job.errors[0]["column"] == "所在支部"
    client = as_persona("committee")
    assert 'name="retry"' not in text(client.get(page_url(job)))
    client.post(page_url(job), {"retry": "1"})
    job.refresh_from_db()
    assert job.state == "failed"


def test_a_running_job_shows_its_progress_and_may_be_restarted_only_when_stuck(
    as_persona, job, time_machine
):
    ImportJob.objects.filter(pk=job.pk).update(state="running", started=job.created)
    job.refresh_from_db()
    progress = import_jobs._Progress(job.pk)
    progress(0, 1200)
    progress(300, 1200)
    client = as_persona("committee")
    page = text(client.get(page_url(job)))
    assert "正在导入：已完成 300 / 1200 行。" in page
    assert '<meta http-equiv="refresh"' in page and 'name="retry"' not in page
    partial = client.get(page_url(job), headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in partial and "<html" not in partial

    time_machine.move_to(job.created + datetime.timedelta(minutes=31))
    assert 'name="retry"' in text(client.get(page_url(job)))
