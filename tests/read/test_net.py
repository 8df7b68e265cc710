"""URLs and feed URLs, fetched from a real HTTP server on 127.0.0.1 (see conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from communique.errors import FetchError, OversizedInput
from communique.models import Failure, RawInput
from communique.read import DEFAULT_USER_AGENT, HttpClient, read_targets

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with HttpClient(timeout=5) as http:
        yield http


def _read(
    client: HttpClient | None, *targets: str, max_bytes: int = 10_000_000
) -> list[RawInput | Failure]:
    return list(read_targets(list(targets), client=client, max_bytes=max_bytes))


def test_html_url(local_site: Any, client: HttpClient) -> None:
    url = local_site.url("/article.html")
    (page,) = _read(client, url)
    assert isinstance(page, RawInput)
    assert page.source == url and page.kind == "html" and page.content_type == "text/html"
    assert page.body == (FIXTURES / "article.html").read_text(encoding="utf-8")
    assert dict(page.meta) == {"url": url}


def test_client_sends_an_honest_user_agent(local_site: Any, client: HttpClient) -> None:
    client.fetch(local_site.url("/plain.txt"))
    assert local_site.seen[-1]["User-Agent"] == DEFAULT_USER_AGENT
    assert DEFAULT_USER_AGENT.startswith("communique/")


def test_plain_text_url(local_site: Any, client: HttpClient) -> None:
    (page,) = _read(client, local_site.url("/plain.txt"))
    assert isinstance(page, RawInput) and page.kind == "text"
    assert page.body == (FIXTURES / "article.txt").read_text(encoding="utf-8")


def test_page_charset_from_meta_when_header_has_none(local_site: Any, client: HttpClient) -> None:
    (page,) = _read(client, local_site.url("/legacy.html"))
    assert isinstance(page, RawInput) and "délégation’s spokeswoman, Renée" in page.body


def test_untyped_response_is_sniffed(local_site: Any, client: HttpClient) -> None:
    (page,) = _read(client, local_site.url("/untyped"))
    assert isinstance(page, RawInput) and page.kind == "text"


def test_redirect_is_followed_and_final_url_kept(local_site: Any, client: HttpClient) -> None:
    url = local_site.url("/redirect")
    (page,) = _read(client, url)
    assert isinstance(page, RawInput)
    assert page.source == url
    assert page.meta["url"] == local_site.url("/article.html")


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/image.png", "unsupported content type image/png"),
        ("/loop", "too many redirects"),
    ],
)
def test_fetch_failures(local_site: Any, client: HttpClient, path: str, reason: str) -> None:
    url = local_site.url(path)
    assert _read(client, url) == [Failure(url, reason, FetchError.code)]


def test_oversized_response_with_content_length(local_site: Any, client: HttpClient) -> None:
    url = local_site.url("/big.html")
    (failure,) = _read(client, url, max_bytes=50_000)
    assert failure == Failure(
        url, "240,000 bytes is over the limit of 50,000 bytes", OversizedInput.code
    )


def test_oversized_stream_stops_reading(local_site: Any, client: HttpClient) -> None:
    url = local_site.url("/endless.html")
    (failure,) = _read(client, url, max_bytes=100_000)
    assert isinstance(failure, Failure) and failure.code == OversizedInput.code
    assert "100,000" in failure.reason and "stopped reading" in failure.reason


def test_slow_server_times_out(local_site: Any) -> None:
    url = local_site.url("/slow.html")
    with HttpClient(timeout=0.3) as http:
        assert _read(http, url) == [Failure(url, "timed out after 0.3 s", FetchError.code)]


@pytest.mark.parametrize("path", ["/drip-body.html", "/drip-headers.html"])
def test_dripped_response_meets_the_total_deadline(local_site: Any, path: str) -> None:
    # Each byte comes well within the timeout; the whole response (4 s) does not.
    url = local_site.url(path)
    with HttpClient(timeout=0.8) as http:
        assert _read(http, url) == [Failure(url, "timed out after 0.8 s", FetchError.code)]


def test_the_deadline_is_per_fetch(local_site: Any) -> None:
    # A client whose first fetch ran out of time fetches the next URL with a fresh deadline.
    with HttpClient(timeout=0.8) as http:
        _read(http, local_site.url("/drip-body.html"))
        (page,) = _read(http, local_site.url("/article.html"))
    assert isinstance(page, RawInput)


def test_unreachable_host_is_a_fetch_error() -> None:
    with HttpClient(timeout=2) as http:
        # Port 9 on loopback: nothing listens there, so the connection is refused at once.
        (failure,) = _read(http, "http://127.0.0.1:9/story")
    assert isinstance(failure, Failure) and failure.code == FetchError.code
    assert failure.reason.startswith("network error")


def test_without_a_client_urls_fail_and_nothing_is_fetched(local_site: Any) -> None:
    before = len(local_site.seen)
    url = local_site.url("/article.html")
    (failure,) = _read(None, url)
    assert failure == Failure(
        url, "network access is off: no HTTP client was given", FetchError.code
    )
    assert len(local_site.seen) == before


def test_jsonl_url(local_site: Any, client: HttpClient) -> None:
    url = local_site.url("/records.jsonl")
    results = _read(client, url)
    assert [r.source for r in results][:2] == [f"{url}#1", f"{url}#2"]


def test_feed_url_fetches_teasers_through_the_client(local_site: Any, client: HttpClient) -> None:
    url = local_site.url("/feed.xml")
    results = _read(client, url)
    fetched, full, dead_link, teaser = results
    # Entry 1 is a teaser: its link was fetched and the page is the input.
    assert isinstance(fetched, RawInput)
    assert fetched.source == local_site.url("/story/gauge")
    assert fetched.body == local_site.long_page and fetched.kind == "html"
    assert fetched.meta["title"] == "Gauge compromise"
    assert fetched.meta["outlet"] == "Harrow Wire"
    assert fetched.meta["published"] == "2025-05-19T10:00:00+02:00"
    assert fetched.meta["url"] == local_site.url("/story/gauge")
    # Entry 2 has a real body: used as it is, its (dead) link never fetched.
    assert isinstance(full, RawInput) and full.source == f"{url}#2"
    assert "cabinet met" in full.body
    # Entry 3 is a teaser whose page is gone: the failure is reported, the teaser kept.
    assert dead_link == Failure(
        local_site.url("/story/missing"), "HTTP 404 Not Found", FetchError.code
    )
    assert isinstance(teaser, RawInput) and teaser.source == f"{url}#3"
    assert teaser.body == "A short teaser whose page is gone."
    fetched_paths = [h.get("Host") for h in local_site.seen]
    assert all(host and host.startswith("127.0.0.1") for host in fetched_paths)


def test_feed_file_entry_link_fetched_when_a_client_is_given(
    local_site: Any, client: HttpClient, tmp_path: Path
) -> None:
    feed = client.fetch(local_site.url("/feed.xml")).body
    path = tmp_path / "saved.rss"
    path.write_bytes(feed)
    fetched, full, dead_link, teaser = _read(client, str(path))
    assert isinstance(fetched, RawInput) and fetched.source == local_site.url("/story/gauge")
    assert isinstance(full, RawInput) and full.source == f"{path}#2"
    assert isinstance(dead_link, Failure) and dead_link.code == FetchError.code
    assert isinstance(teaser, RawInput) and teaser.source == f"{path}#3"


def test_mock_transport_can_stand_in_for_the_network() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["User-Agent"] == DEFAULT_USER_AGENT
        return httpx.Response(
            200,
            headers={"Content-Type": "text/html; charset=utf-8"},
            content=b"<p>Harrow talks resume.</p>",
        )

    with HttpClient(transport=httpx.MockTransport(handler)) as mock:
        resource = mock.fetch("https://ledger.example/harrow")
    assert resource.mime == "text/html" and resource.charset == "utf-8"
    assert resource.final_url == "https://ledger.example/harrow"
    assert resource.body == b"<p>Harrow talks resume.</p>"
