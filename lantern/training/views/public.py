"""The public certificate check: anyone with a code sees whether it is a real certificate.

Codes have ten random characters and a check character (mistypes are caught before any look-up),
and checks are rate-limited per address, so codes cannot be found by trying them.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from lantern.training.forms import VerifyForm
from lantern.training.services.certificates import certificate_find


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    certificate = None
    checked = False
    status = 200
    if form.is_bound and form.is_valid():
        if is_ratelimited(request, group="training.certificate_verify", key="ip",
                          rate=settings.LANTERN_SUPPLIER_LINK_RATE, increment=True):
            status = 429
        else:
            checked = True
            certificate = certificate_find(form.cleaned_data["code"])
    response = render(request, "training/verify.html", {"form": form, "certificate": certificate,
                                                        "checked": checked, "limited": status == 429}, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response
