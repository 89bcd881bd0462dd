"""Guessing certificate codes is throttled per IP address; a code that exists is not counted."""
from ..conftest import throttled_app


def test_guessing_codes_is_throttled_per_source(fresh_database):
    with throttled_app(fresh_database("certificate_limits").url) as application:
        client = application.test_client()
        guesses = [
            client.get(f"/certificaat/0000-0000-{n:04d}", environ_base={"REMOTE_ADDR": "10.2.0.1"}).status_code
            for n in range(21)
        ]
        assert guesses == [404] * 20 + [429]
        assert client.get("/certificaat/0000-0000-0000", environ_base={"REMOTE_ADDR": "10.2.0.2"}).status_code == 404
