"""The users of the load benchmark (locust): run by `doingoai.bench_load`, which passes the fixtures.

Each simulated user takes one of the signed-in sessions prepared by `bench_load` (the sample
directory's users: coordinator, editors, a viewer); each opens, 0.5 to
1.5 s apart, the pages a reader of the platform opens most: the document list, a document, search
with and without diacritics, a person's name, the event list, an event, the aid dashboard and its
drill-down, and the API lists; and, as the reference of the run, a static file and the sign-in
address (a redirect once signed in). `BENCH_FIXTURES` names the JSON file of ids and names to ask for
(see `bench_load.fixtures_write`).
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import FastHttpUser, between, task

FIXTURES: dict[str, Any] = json.loads(Path(os.environ["BENCH_FIXTURES"]).read_text(encoding="utf-8"))
# The same words with and without diacritics (the folded index must find both): three common
# ones, and two words of each of 100 stored titles (`bench_load.searches_drawn`).
SEARCHES = [
    ("hữu nghị", "huu nghi"),
    ("viện trợ", "vien tro"),
    ("đối ngoại nhân dân", "doi ngoai nhan dan"),
    *(tuple(pair) for pair in FIXTURES.get("searches", [])),
]


class Reader(FastHttpUser):
    """A signed-in reader browsing the library, the search, the events, the aid registry and the API.

    Locust's FastHttpUser (geventhttpclient) costs the load generator several times less CPU per
    request than HttpUser (requests): the server and locust share this machine's two cores, so
    every millisecond locust spends is one the server does not get.
    """

    wait_time = between(0.5, 1.5)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # One of the signed-in sessions prepared for the benchmark, sent with every request (the
        # client is made by the parent's constructor, from these headers).
        session = random.choice(FIXTURES["sessions"])
        self.default_headers = {"Cookie": f"{FIXTURES['session_cookie']}={session}"}
        super().__init__(*args, **kwargs)

    def on_start(self) -> None:
        """Keep the API token."""
        self.api = {"Authorization": f"Bearer {FIXTURES['token']}"}

    @task(2)
    def reference_static(self) -> None:
        """Ask for a static file: the run's reference, which no query or template costs."""
        self.client.get("/static/doingoai/site.css", name="reference: static file")

    @task(1)
    def reference_sign_in(self) -> None:
        """Open the sign-in address: a signed-in user is sent on (302) after the session is read."""
        with self.client.get(
            "/dang-nhap/", name="reference: sign-in redirect", allow_redirects=False, catch_response=True
        ) as response:
            # A 200 is the sign-in form: the session cookie was not taken, and every page measured
            # would be the sign-in page. Counted as a failure so the run says so.
            if response.status_code != 302:
                response.failure(f"not signed in: HTTP {response.status_code}")

    @task(4)
    def document_list(self) -> None:
        """Open the library's first page."""
        self.client.get("/thu-vien/", name="document list")

    @task(4)
    def document_page(self) -> None:
        """Open one document."""
        self.client.get(f"/thu-vien/van-ban/{random.choice(FIXTURES['documents'])}/", name="document page")

    @task(3)
    def search_with_diacritics(self) -> None:
        """Search words written with their diacritics."""
        self.client.get("/tim-kiem/", params={"q": random.choice(SEARCHES)[0]}, name="search, diacritics")

    @task(3)
    def search_without_diacritics(self) -> None:
        """Search the same words typed without diacritics."""
        self.client.get("/tim-kiem/", params={"q": random.choice(SEARCHES)[1]}, name="search, no diacritics")

    @task(2)
    def person(self) -> None:
        """List the documents naming a person."""
        if FIXTURES["people"]:
            person = random.choice(FIXTURES["people"])
            self.client.get("/thu-vien/", params={"person": person}, name="person's documents")

    @task(2)
    def event_list(self) -> None:
        """Open the list of events."""
        self.client.get("/thu-vien/su-kien/", name="event list")

    @task(2)
    def event_page(self) -> None:
        """Open one event, its outlets side by side."""
        if FIXTURES["events"]:
            self.client.get(f"/thu-vien/su-kien/{random.choice(FIXTURES['events'])}/", name="event page")

    @task(2)
    def aid_dashboard(self) -> None:
        """Open the aid dashboard."""
        self.client.get("/vien-tro/", name="aid dashboard")

    @task(2)
    def aid_drill_down(self) -> None:
        """Open the transactions behind the dashboard's headline figure."""
        self.client.get(
            "/vien-tro/giao-dich/", params={"year": "2025", "measure": "commitment"}, name="aid drill-down"
        )

    @task(2)
    def api_documents(self) -> None:
        """List documents through the API."""
        self.client.get("/api/documents", params={"limit": "20"}, headers=self.api, name="API documents")

    @task(2)
    def api_events(self) -> None:
        """List events through the API."""
        self.client.get("/api/events", params={"limit": "20"}, headers=self.api, name="API events")

    @task(1)
    def api_organizations(self) -> None:
        """List organizations through the API."""
        self.client.get(
            "/api/organizations", params={"limit": "20"}, headers=self.api, name="API organizations"
        )
