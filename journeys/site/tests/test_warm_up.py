"""What `journeys serve` renders before anyone asks: in its master, and again in each worker."""

import pytest
from django.core.signals import request_started

from journeys.site import gunicorn_hooks
from journeys.wsgi import first_pages_render

pytestmark = pytest.mark.usefixtures("keep_test_connection")


@pytest.mark.django_db
def test_the_warm_up_answers_the_first_las_journey_evidence_and_briefing_as_a_visitor_would():
    # The register is loaded, so the first current LA by DfE code is the City of London (201).
    assert first_pages_render() == [
        ("/local-authorities/201/journey/", "200 OK"),
        ("/local-authorities/201/evidence/", "200 OK"),
        ("/local-authorities/201/journey/briefing.pdf", "200 OK"),
    ]


@pytest.mark.django_db
def test_with_no_la_held_there_is_nothing_to_warm():
    from journeys.authorities.models import LocalAuthority

    LocalAuthority.objects.all().delete()
    assert first_pages_render() == []


@pytest.mark.django_db
def test_each_worker_renders_the_first_pages_again_before_it_accepts_a_request(caplog):
    asked = []

    def started(sender, environ, **kwargs):
        asked.append(environ["PATH_INFO"])

    request_started.connect(started)
    try:
        gunicorn_hooks.post_worker_init(worker=None)
    finally:
        request_started.disconnect(started)
    assert asked == [
        "/local-authorities/201/journey/",
        "/local-authorities/201/evidence/",
        "/local-authorities/201/journey/briefing.pdf",
    ]
    assert caplog.text == ""
