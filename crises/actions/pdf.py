"""The action report as tagged PDF, rendered like the donations app's documents (donations/pdf.py):
PDF/UA-1, so screen readers get headings, tables and the document's language."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone


def render_pdf(template, context):
    from weasyprint import HTML  # imported here: it loads Pango, which only PDF requests need

    html = render_to_string(template, {**context, "generated_at": timezone.localtime(), "SITE_URL": settings.SITE_URL})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
