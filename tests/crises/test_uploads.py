"""News photos: only real images of an allowed type and size, stored outside the static files."""

import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from crises.models import MAX_PHOTO_BYTES, NewsPost
from tests.crises.test_admin import news_form, png


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _post(client, photo):
    data = news_form(photo=photo, photo_alt="Kartons auf Paletten in der Lagerhalle.")
    return client.post(reverse("admin:crises_newspost_add"), data)


def test_a_script_named_like_an_image_is_refused(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = _post(staff_client, fake)
    assert response.status_code == 200
    assert "photo" in response.context["adminform"].form.errors
    assert not NewsPost.objects.exists()


def test_a_file_type_that_is_not_allowed_is_refused(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = _post(staff_client, png(name="foto.gif"))
    assert "photo" in response.context["adminform"].form.errors
    assert not NewsPost.objects.exists()


def test_an_oversized_photo_is_refused(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = png()
    big = SimpleUploadedFile("foto.png", image.read() + b"\0" * MAX_PHOTO_BYTES, content_type="image/png")
    response = _post(staff_client, big)
    assert response.status_code == 200
    assert "höchstens 5 MB" in str(response.context["adminform"].form.errors["photo"])


def test_uploads_live_under_media_root_outside_the_static_files(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert _post(staff_client, png()).status_code == 302
    stored = Path(NewsPost.objects.get().photo.path)
    assert stored.is_relative_to(settings.MEDIA_ROOT)
    assert not stored.is_relative_to(Path(django_settings.STATIC_ROOT))
    assert all(not stored.is_relative_to(Path(folder)) for folder in django_settings.STATICFILES_DIRS)


def _png_of(width, height):
    buffer = io.BytesIO()
    Image.new("1", (width, height), 1).save(buffer, "PNG")  # one colour: a few KB however large
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_small_file_with_huge_dimensions_is_refused(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = _post(staff_client, _png_of(12000, 12000))
    assert response.status_code == 200
    assert "höchstens 40 Megapixel" in str(response.context["adminform"].form.errors["photo"])
    assert not NewsPost.objects.exists()
    assert not any(tmp_path.iterdir())


def test_the_pixel_limit_is_a_setting(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMAGE_UPLOAD_MAX_PIXELS = 1_000_000
    response = _post(staff_client, _png_of(1001, 1000))
    assert "höchstens 1 Megapixel" in str(response.context["adminform"].form.errors["photo"])
    assert not NewsPost.objects.exists()


def test_pillows_decompression_bomb_error_becomes_the_form_error(staff_client, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    settings.IMAGE_UPLOAD_MAX_PIXELS = 10**9
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10)  # 8×8 is more than twice this: Pillow raises
    response = _post(staff_client, png())
    assert response.status_code == 200
    assert "Megapixel" in str(response.context["adminform"].form.errors["photo"])
    assert not NewsPost.objects.exists()
