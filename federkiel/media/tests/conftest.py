import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores uploads in its own folder."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the versions task, file removal) at the block's end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
