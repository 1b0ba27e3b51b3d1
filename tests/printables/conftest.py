import pytest


@pytest.fixture
def base(live_server, live_content):
    """The live server's address, with the shipped content and one clinic published."""
    return live_server.url
