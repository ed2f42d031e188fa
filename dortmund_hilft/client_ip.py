"""The client's address, for the login lockout: REMOTE_ADDR, unless trusted proxies are configured.

Each trusted proxy appends the address it received the request from to X-Forwarded-For, so with N
proxies in front the client is the N-th entry from the right (REMOTE_ADDR being the last proxy).
Anything further left was written by the client itself and can be forged, so it is never read.

django-ipware 8 (python-ipware) counts proxies differently: it expects the proxies inside the header,
returns no address for the common one-nginx chain ("client" in the header, nginx in REMOTE_ADDR), and
with a count of 0 it believes a single forged header entry. Hence these few lines of our own.
"""

from django.conf import settings


def client_ip_address(request):
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [address for address in forwarded if address] + [remote_addr]
    # A shorter chain than configured means a proxy was bypassed; its first hop is the best we know.
    return chain[max(len(chain) - 1 - proxies, 0)]
