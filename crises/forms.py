from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import get_image_dimensions
from django.utils.translation import gettext_lazy as _
from PIL import Image

DECOMPRESSION_BOMBS = (Image.DecompressionBombError, Image.DecompressionBombWarning)


class LimitedImageField(forms.ImageField):
    """An image field that refuses pictures with more pixels than IMAGE_UPLOAD_MAX_PIXELS.

    The size is read from the image header before Pillow decodes anything, so a small file that
    unpacks to a huge bitmap costs no memory.
    """

    default_error_messages = {
        "too_many_pixels": _("Das Bild hat zu viele Bildpunkte. Erlaubt sind höchstens %(limit)s Megapixel."),
    }

    def to_python(self, data):
        if data is not None and hasattr(data, "read"):
            try:
                width, height = get_image_dimensions(data)
            except DECOMPRESSION_BOMBS:
                raise self._too_many_pixels() from None
            if width and height and width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
                raise self._too_many_pixels()
        try:
            return super().to_python(data)
        except ValidationError as error:
            # Pillow's own decompression-bomb guard, in case the header could not be read above.
            if isinstance(error.__cause__, DECOMPRESSION_BOMBS):
                raise self._too_many_pixels() from error.__cause__
            raise

    def _too_many_pixels(self):
        megapixels = f"{settings.IMAGE_UPLOAD_MAX_PIXELS / 1_000_000:g}"
        return ValidationError(
            self.error_messages["too_many_pixels"], code="too_many_pixels", params={"limit": megapixels}
        )
