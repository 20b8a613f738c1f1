"""Staff pages of the campaign register (MANAGE_TRAINING): list, create, edit, reach, materials, and
the period comparison with concerns and reports."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from lantern.accounts.capabilities import Capability
from lantern.audit.services import audit_read
from lantern.core import files
from lantern.core.access import require_capability, signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.pages import form_page
from lantern.core.periods import PeriodError, parse_whole
from lantern.training import selectors_campaigns as selectors
from lantern.training import services_campaigns as services
from lantern.training.comparison import campaign_comparison, default_period
from lantern.training.forms_campaigns import CampaignForm, MaterialForm, ReachForm
from lantern.training.models import Campaign

FORM_TEMPLATE = "form_page.html"


def _manager(request: HttpRequest) -> Any:
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    return user


def _list_crumb() -> tuple[str, str]:
    return ("Awareness campaigns", reverse("training:campaign-list"))


def _detail_url(campaign: Campaign) -> str:
    return reverse("training:campaign-detail", kwargs={"reference": campaign.reference})


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    campaigns = selectors.campaigns_visible_to(user)
    return render(request, "training/campaigns/list.html", {
        "campaigns": campaigns, "crumbs": crumbs(("Awareness campaigns", None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    user = _manager(request)

    def save(form: CampaignForm) -> Campaign:
        return services.campaign_create(acting_user=user, **form.cleaned_data)

    return form_page(request, form_class=CampaignForm, save=save, template=FORM_TEMPLATE,
                     context={"heading": "Add a campaign", "crumbs": crumbs(_list_crumb(), ("Add a campaign", None))},
                     success_url=_detail_url, success_message=lambda c: f"Campaign {c.reference} added.")


@login_required
@require_GET
def campaign_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = _manager(request)
    campaign = selectors.campaign_get_for_user(user=user, reference=reference)
    return render(request, "training/campaigns/detail.html", {
        "campaign": campaign, "reach_totals": selectors.reach_totals(campaign),
        "reach": campaign.reach.all(), "materials": campaign.materials.all(),
        "reach_total": selectors.reach_total(campaign),
        "crumbs": crumbs(_list_crumb(), (campaign.title, None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, reference: str) -> HttpResponse:
    user = _manager(request)
    campaign = selectors.campaign_get_for_user(user=user, reference=reference)

    def save(form: CampaignForm) -> Campaign:
        return services.campaign_update(campaign=campaign, acting_user=user, **form.cleaned_data)

    initial = {"title": campaign.title, "aim": campaign.aim, "audience": campaign.audience,
               "channels": campaign.channels, "starts_on": campaign.starts_on, "ends_on": campaign.ends_on,
               "partner_agencies": list(campaign.partner_agencies.all())}
    return form_page(request, form_class=CampaignForm, form_kwargs={"initial": initial}, save=save,
                     template=FORM_TEMPLATE,
                     context={"heading": "Change the campaign", "caption": campaign.reference,
                              "crumbs": crumbs(_list_crumb(), (campaign.title, _detail_url(campaign)),
                                               ("Change", None))},
                     success_url=_detail_url(campaign), success_message="Campaign saved.")


@login_required
@require_http_methods(["GET", "POST"])
def campaign_reach_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = _manager(request)
    campaign = selectors.campaign_get_for_user(user=user, reference=reference)

    def save(form: ReachForm) -> Any:
        return services.campaign_reach_add(campaign=campaign, acting_user=user, **form.cleaned_data)

    return form_page(request, form_class=ReachForm, save=save, template=FORM_TEMPLATE,
                     form_kwargs={"initial": {"recorded_on": timezone.localdate()}},
                     context={"heading": "Add a reach figure", "caption": campaign.title,
                              "lede": "How many people the campaign reached on one channel: people briefed, page "
                                      "views, leaflets handed out or attendees.",
                              "crumbs": crumbs(_list_crumb(), (campaign.title, _detail_url(campaign)),
                                               ("Add reach", None))},
                     success_url=_detail_url(campaign), success_message="Reach figure added.")


@login_required
@require_http_methods(["GET", "POST"])
def campaign_material_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = _manager(request)
    campaign = selectors.campaign_get_for_user(user=user, reference=reference)

    def save(form: MaterialForm) -> Any:
        data = form.cleaned_data
        return services.campaign_material_add(campaign=campaign, acting_user=user, upload=data["file"],
                                              title=data["title"], language=data["language"], version=data["version"])

    return form_page(request, form_class=MaterialForm, save=save, template=FORM_TEMPLATE,
                     context={"heading": "Upload a material", "caption": campaign.title,
                              "crumbs": crumbs(_list_crumb(), (campaign.title, _detail_url(campaign)),
                                               ("Upload a material", None))},
                     success_url=_detail_url(campaign), success_message="Material uploaded.")


@login_required
@require_GET
def campaign_material_download(request: HttpRequest, reference: str, material_id: int) -> HttpResponse:
    user = _manager(request)
    campaign = selectors.campaign_get_for_user(user=user, reference=reference)
    material = selectors.material_get_for_user(user=user, campaign=campaign, material_id=material_id)
    audit_read(user=user, record=material, label=f"{campaign.reference} material {material.pk}",
               action="campaign.material_download", export=True)
    return files.file_response(material, name=f"{campaign.reference}-material-{material.pk}-v{material.version}")


@login_required
@require_GET
def campaign_comparison_page(request: HttpRequest) -> HttpResponse:
    _manager(request)
    period_value = request.GET.get("period", "").strip()
    error = ""
    period = default_period(timezone.localdate())
    if period_value:
        try:
            period = parse_whole(period_value)
        except PeriodError as exc:
            error = str(exc)
    status = 400 if error else 200
    return render(request, "training/campaigns/comparison.html", {
        "comparison": None if error else campaign_comparison(period=period), "period_value": period_value or period.code,
        "error": error, "crumbs": crumbs(_list_crumb(), ("Campaigns, concerns and reports", None)),
    }, status=status)
