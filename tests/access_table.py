"""Who may use each endpoint, written out by hand: the route × role test checks the app against it.

EXPECTED_ACCESS maps an endpoint to the answer each role gets for its representative
request in REQUESTS. The answers are written here on purpose, not derived from the
access decorators, so a wrong decorator makes the test fail.

Answers: a status code, or TO_LOGIN (302 to /login: a signed-out visitor on a page that
needs an account; the JSON API answers 401 instead). API requests (paths under /api/v1/
but the docs page) carry the signed-in user's bearer token. Paths may hold placeholders filled by the test:
  {other_user}          an active user of another (donor) organisation
  {other_organisation}  that other organisation (active)
  {inactive_user}       a deactivated user of a deactivated organisation
  {inactive_organisation}  that deactivated organisation
  {other_token}         an API token of that other user
  {password}            the signed-in user's password (for the password change)
  {invitation}          the token of an open invitation (made by a coordinator of another organisation)
  {invitation_id}       that invitation's id
"""
from dataclasses import dataclass, field

TO_LOGIN = "302 to /login"
ROLES = ("anonymous", "donor", "refurbisher", "care", "coordinator")


def everyone(code) -> dict:
    return dict.fromkeys(ROLES, code)


def signed_in(code, anonymous=TO_LOGIN) -> dict:
    return {"anonymous": anonymous, **dict.fromkeys(ROLES[1:], code)}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    data: dict = field(default_factory=dict)
    #: the request writes rows when it is allowed, so "nothing changed" for a refused role means something
    writes: bool = False


def coordinators_only(code) -> dict:
    return {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 403, "care": 403, "coordinator": code}


REQUESTS = {
    "public.home": Request("GET", "/"),
    "public.accessibility": Request("GET", "/toegankelijkheid"),
    "public.privacy": Request("GET", "/privacy"),
    "public.style": Request("GET", "/stijl"),
    "public.set_language": Request("POST", "/taal", {"lang": "en", "next": "/privacy"}),
    "ops.health": Request("GET", "/health"),
    "api_account.me": Request("GET", "/api/v1/me"),
    "api_docs.openapi_json": Request("GET", "/api/v1/openapi.json"),
    "api_docs.docs": Request("GET", "/api/v1/docs"),
    "api_tokens.index": Request("GET", "/profiel/tokens"),
    "api_tokens.create": Request("POST", "/profiel/tokens", {"name": "Voorraadscript"}, writes=True),
    "api_tokens.revoke": Request("POST", "/profiel/tokens/{other_token}/intrekken"),
    "api_tokens.confirm_revoke": Request("GET", "/profiel/tokens/{other_token}/intrekken/bevestigen"),
    "auth.login": Request("GET", "/login"),
    "auth.logout": Request("POST", "/logout", writes=True),
    "auth.signup": Request("GET", "/aanmelden"),
    "auth.signup_sent": Request("GET", "/aanmelden/kijk-in-je-mail"),
    "auth.new_link": Request("GET", "/aanmelden/nieuwe-link"),
    "auth.confirm_email": Request("GET", "/aanmelden/bevestigen/geen-geldige-link"),
    "password_reset.forgot": Request("GET", "/wachtwoord-vergeten"),
    "password_reset.choose": Request("GET", "/wachtwoord-vergeten/geen-geldige-link"),
    "auth.profile": Request("GET", "/profiel"),
    "auth.change_name": Request("POST", "/profiel/naam", {"name": "Een Nieuwe Naam"}, writes=True),
    "auth.change_password": Request(
        "POST", "/profiel/wachtwoord",
        {"current_password": "{password}", "new_password": "een heel nieuw wachtwoord",
         "new_password_confirm": "een heel nieuw wachtwoord"},
        writes=True,
    ),
    "organisations.overview": Request("GET", "/organisatie"),
    "start.index": Request("GET", "/start"),
    "organisations.detail": Request("GET", "/organisatie/{other_organisation}"),
    "organisations.invite": Request("GET", "/organisatie/uitnodigen"),
    "organisations.invitation_sent": Request("GET", "/organisatie/uitnodigen/verstuurd"),
    "organisations.confirm_cancel_invitation": Request(
        "GET", "/organisatie/uitnodigingen/{invitation_id}/intrekken/bevestigen"
    ),
    "organisations.cancel_invitation": Request(
        "POST", "/organisatie/uitnodigingen/{invitation_id}/intrekken", writes=True
    ),
    "organisations.edit": Request("GET", "/organisatie/{other_organisation}/bewerken"),
    "organisations.confirm_deactivate_user": Request(
        "GET", "/organisatie/gebruikers/{other_user}/deactiveren/bevestigen"
    ),
    "organisations.confirm_deactivate_organisation": Request(
        "GET", "/organisatie/{other_organisation}/deactiveren/bevestigen"
    ),
    "organisations.accept_invitation": Request("GET", "/uitnodiging/{invitation}"),
    "organisations.deactivate_user": Request("POST", "/organisatie/gebruikers/{other_user}/deactiveren", writes=True),
    "organisations.activate_user": Request("POST", "/organisatie/gebruikers/{inactive_user}/activeren", writes=True),
    "organisations.deactivate_organisation": Request(
        "POST", "/organisatie/{other_organisation}/deactiveren", writes=True
    ),
    "organisations.activate_organisation": Request(
        "POST", "/organisatie/{inactive_organisation}/activeren", writes=True
    ),
    "devices.index": Request("GET", "/apparaten"),
    "devices.labels": Request("GET", "/labels"),
    "devices.preview": Request("GET", "/labels/voorbeeld.png?stock=L7160&skip=2"),
    "devices.test_sheet": Request("GET", "/labels/testvel?stock=L7160"),
    "devices.preprint": Request("GET", "/labels/voorgedrukt"),
    #: a tag that passes its check but that no device has
    "devices.detail": Request("GET", "/d/ad-zzz-zzz-zz3"),
    "devices.find": Request("GET", "/D?code=AD-ZZZ-ZZZ-ZZ3"),
    "devices.step": Request("POST", "/D/AD-ZZZ-ZZZ-ZZ3/status", {"to": "lost", "note": "Kwijt"}),
    "api_devices.list_devices": Request("GET", "/api/v1/devices"),
    "api_devices.get_device": Request("GET", "/api/v1/devices/AD-ZZZ-ZZZ-ZZ3"),
    "api_devices.add_transition": Request("POST", "/api/v1/devices/AD-ZZZ-ZZZ-ZZ3/transitions",
                                          {"to": "lost", "note": "Kwijt"}),
    # workshop records (a tag that no device has; the upload without a file)
    "workshop.check": Request("GET", "/D/AD-ZZZ-ZZZ-ZZ3/controle"),
    "workshop.wipe": Request("GET", "/D/AD-ZZZ-ZZZ-ZZ3/wissen"),
    "workshop.recycle": Request("POST", "/D/AD-ZZZ-ZZZ-ZZ3/recyclen",
                                {"reason": "Kapot", "method": "shredded", "destroyed_by": "Recycler"}),
    "workshop.wipe_reports": Request("GET", "/werkplaats/wisrapporten"),
    "api_workshop.add_check": Request("POST", "/api/v1/devices/AD-ZZZ-ZZZ-ZZ3/checks"),
    "api_workshop.add_wipe": Request("POST", "/api/v1/devices/AD-ZZZ-ZZZ-ZZ3/wipes"),
    "api_workshop.import_wipe_reports": Request("POST", "/api/v1/wipe-reports", {"tag": "AD-ZZZ-ZZZ-ZZ3"}),
    "api_labels.labels_pdf": Request("GET", "/api/v1/labels.pdf?stock=L7160"),
    "api_labels.labels_zpl": Request("GET", "/api/v1/labels.zpl?stock=zebra-2x1&tag=AD-ZZZ-ZZZ-ZZ3"),
    # donations (PLEDGE): a reference that no donation has
    "donations.index": Request("GET", "/donaties"),
    "donations.new": Request("GET", "/donaties/nieuw"),
    "donations.detail": Request("GET", "/donaties/DON-2000-99999"),
    "donations.edit": Request("GET", "/donaties/DON-2000-99999/wijzigen"),
    "donations.confirm_cancel": Request("GET", "/donaties/DON-2000-99999/annuleren/bevestigen"),
    "donations.cancel": Request("POST", "/donaties/DON-2000-99999/annuleren"),
    "donations.assign": Request("GET", "/donaties/DON-2000-99999/toewijzen"),
    "donations.collect": Request("POST", "/donaties/DON-2000-99999/opgehaald"),
    "workshop.receive": Request("GET", "/werkplaats/ontvangen"),
    "workshop.receive_donation": Request("GET", "/werkplaats/ontvangen/DON-2000-99999"),
    "workshop.register_device": Request("GET", "/werkplaats/ontvangen/DON-2000-99999/apparaat"),
    "workshop.collect": Request("POST", "/werkplaats/ontvangen/DON-2000-99999/opgehaald"),
    "workshop.take": Request("POST", "/werkplaats/ontvangen/DON-2000-99999/oppakken"),
    "workshop.confirm_close": Request("GET", "/werkplaats/ontvangen/DON-2000-99999/afsluiten/bevestigen"),
    "workshop.close": Request("POST", "/werkplaats/ontvangen/DON-2000-99999/afsluiten"),
    "workshop.queue": Request("GET", "/werkplaats/werklijst"),
    "workshop.scan": Request("GET", "/scannen"),
    #: no event given: refused, back to the station
    "workshop.scan_undo": Request("POST", "/scannen/ongedaan"),
    "api_workshop.post_scan": Request("POST", "/api/v1/scans"),
    "care.claims": Request("GET", "/aanvragen"),
    "care.request": Request("GET", "/aanvragen/nieuw"),
    #: CLAIMS: a claim id no claim has, so an allowed role gets 404 and nothing is written
    "care.claim": Request("GET", "/aanvragen/999999"),
    "care.change": Request("GET", "/aanvragen/999999/wijzigen"),
    "care.confirm_withdraw": Request("GET", "/aanvragen/999999/intrekken/bevestigen"),
    "care.withdraw": Request("POST", "/aanvragen/999999/intrekken"),
    "care.approve": Request("POST", "/aanvragen/999999/goedkeuren"),
    "care.reject": Request("POST", "/aanvragen/999999/afwijzen", {"reason": "Geen voorraad"}),
    "care.allocate": Request("POST", "/aanvragen/999999/toewijzen", {"tags": "AD-ZZZ-ZZZ-ZZ3"}),
    "care.allocate_automatically": Request("POST", "/aanvragen/999999/automatisch-toewijzen"),
    "care.release": Request("POST", "/aanvragen/999999/apparaten/AD-ZZZ-ZZZ-ZZ3/vrijgeven"),
    "care.receive": Request("POST", "/aanvragen/999999/ontvangen", {"tags": "AD-ZZZ-ZZZ-ZZ3"}),
    #: HANDOUTS: a tag no device has, so an allowed role gets 404 and nothing is written
    "care.handout": Request("GET", "/D/AD-ZZZ-ZZZ-ZZ3/uitreiken"),
    "care.mark_handout_signed": Request("POST", "/D/AD-ZZZ-ZZZ-ZZ3/uitreiken/getekend"),
    "api_donations.list_donations": Request("GET", "/api/v1/donations"),
    "api_donations.create_donation": Request("POST", "/api/v1/donations"),
    "api_donations.get_donation": Request("GET", "/api/v1/donations/DON-2000-99999"),
    "donations.impact": Request("GET", "/impact"),
    #: a reference no donation has
    "donations.donation_impact": Request("GET", "/donaties/DON-2000-99999/impact"),
    "donations.impact_card": Request("GET", "/impact/kaart.png"),
    #: DEVICES: a reference no donation has, so an allowed role gets 404 and nothing is written
    "donations.new_device": Request("GET", "/donaties/DON-2000-99999/apparaten/nieuw"),
    "donations.import_devices": Request("GET", "/donaties/DON-2000-99999/importeren"),
    "donations.confirm_import": Request("POST", "/donaties/DON-2000-99999/importeren/bevestigen", {"rows": "x"}),
    "donations.import_template": Request("GET", "/donaties/voorbeeldbestand/nl.xlsx"),
    "api_donations.add_donation_devices": Request("POST", "/api/v1/donations/DON-2000-99999/devices"),
    "api_donations.import_donation_devices": Request("POST", "/api/v1/donations/DON-2000-99999/devices/import"),
    #: PROOF: a reference no donation has, and a code no certificate has: allowed roles get 404, nothing is written
    "donations.receipt": Request("GET", "/donaties/DON-2000-99999/ontvangstbewijs.pdf"),
    "donations.certificates": Request("GET", "/donaties/DON-2000-99999/certificaten"),
    "donations.issue_certificate": Request("POST", "/donaties/DON-2000-99999/certificaat"),
    "donations.certificate_pdf": Request("GET", "/donaties/DON-2000-99999/certificaten/0000-0000-0000.pdf"),
    "donations.verify_certificate": Request("GET", "/certificaat/0000-0000-0000"),
    "api_donations.receipt_pdf": Request("GET", "/api/v1/donations/DON-2000-99999/receipt.pdf"),
    "api_donations.certificate_pdf": Request("GET", "/api/v1/donations/DON-2000-99999/certificate.pdf"),
    "api_donations.issue_certificate": Request("POST", "/api/v1/donations/DON-2000-99999/certificates"),
    "api_donations.issued_certificate_pdf": Request(
        "GET", "/api/v1/donations/DON-2000-99999/certificates/0000-0000-0000.pdf"
    ),
    # CARE API: a claim id that no claim has; no JSON body
    "api_care.get_stock": Request("GET", "/api/v1/stock"),
    "api_care.list_claims": Request("GET", "/api/v1/claims"),
    "api_care.create_claim": Request("POST", "/api/v1/claims"),
    "api_care.get_claim": Request("GET", "/api/v1/claims/999999"),
    "api_care.decide_claim": Request("POST", "/api/v1/claims/999999/decision"),
    "api_care.allocate": Request("POST", "/api/v1/claims/999999/allocate"),
    # EXPORTS: each list as CSV (either variant) or XLSX, scoped as the list; the export is noted in the audit log
    "reports.export_devices": Request("GET", "/export/apparaten.csv?variant=excel&status=ready"),
    "reports.export_donations": Request("GET", "/export/donaties.xlsx"),
    "reports.export_claims": Request("GET", "/export/aanvragen.csv"),
    "reports.export_handouts": Request("GET", "/export/uitreikingen.xlsx"),
    "api_reports.export_devices_csv": Request("GET", "/api/v1/exports/devices.csv?variant=excel&kind=laptop"),
    "api_reports.export_devices_xlsx": Request("GET", "/api/v1/exports/devices.xlsx"),
    "api_reports.export_donations_csv": Request("GET", "/api/v1/exports/donations.csv"),
    "api_reports.export_donations_xlsx": Request("GET", "/api/v1/exports/donations.xlsx"),
    "api_reports.export_claims_csv": Request("GET", "/api/v1/exports/claims.csv"),
    "api_reports.export_claims_xlsx": Request("GET", "/api/v1/exports/claims.xlsx"),
    "api_reports.export_handouts_csv": Request("GET", "/api/v1/exports/handouts.csv?variant=excel"),
    "api_reports.export_handouts_xlsx": Request("GET", "/api/v1/exports/handouts.xlsx"),
    # HANDOUT API: a tag no device has; no JSON body
    "api_care.hand_out_device": Request("POST", "/api/v1/devices/AD-ZZZ-ZZZ-ZZ3/handout"),
    "api_care.get_handout": Request("GET", "/api/v1/devices/AD-ZZZ-ZZZ-ZZ3/handout"),
    "api_care.mark_handout_signed": Request("POST", "/api/v1/devices/AD-ZZZ-ZZZ-ZZ3/handout/signed"),
    "reports.audit": Request("GET", "/audit"),
    "api_reports.list_events": Request("GET", "/api/v1/events?log=security"),
    "reports.dashboard": Request("GET", "/dashboard"),
    "api_reports.get_stats": Request("GET", "/api/v1/stats"),
    "reports.public_figures": Request("GET", "/cijfers"),
    "reports.public_figures_feed": Request("GET", "/cijfers.json"),
    #: HANDOVER FORM: a tag no device has, so an allowed role gets 404
    "care.handover_form": Request("GET", "/D/AD-ZZZ-ZZZ-ZZ3/overdrachtsformulier.pdf"),
    "api_care.handover_form_pdf": Request("GET", "/api/v1/devices/AD-ZZZ-ZZZ-ZZ3/handover-form.pdf"),
    #: RETURNS AND LOANS: a tag no device has (no JSON body: every field is optional), and the loans page
    "api_care.post_return": Request("POST", "/api/v1/devices/AD-ZZZ-ZZZ-ZZ3/return"),
    "care.loans": Request("GET", "/bruikleen"),
}

EXPECTED_ACCESS = {
    "public.home": everyone(200),
    "public.accessibility": everyone(200),
    "public.privacy": everyone(200),
    "reports.public_figures": everyone(200),
    "reports.public_figures_feed": everyone(200),
    "public.style": coordinators_only(200),
    "public.set_language": everyone(302),
    "ops.health": everyone(200),
    "api_account.me": signed_in(200, anonymous=401),
    "api_docs.openapi_json": everyone(200),
    "api_docs.docs": everyone(200),
    "api_tokens.index": signed_in(200),
    "api_tokens.create": signed_in(200),
    "api_tokens.revoke": signed_in(404),
    "api_tokens.confirm_revoke": signed_in(404),
    "auth.login": {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)},
    "auth.logout": signed_in(302),
    "auth.signup": everyone(200),
    "auth.signup_sent": everyone(200),
    "auth.new_link": everyone(200),
    "auth.confirm_email": everyone(404),
    "password_reset.forgot": {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)},
    "password_reset.choose": everyone(404),
    "auth.profile": signed_in(200),
    "auth.change_name": signed_in(302),
    "auth.change_password": signed_in(302),
    "organisations.overview": signed_in(200),
    "start.index": signed_in(200),
    "organisations.detail": {"anonymous": TO_LOGIN, "donor": 404, "refurbisher": 404, "care": 404, "coordinator": 200},
    "organisations.invite": signed_in(200),
    "organisations.invitation_sent": signed_in(200),
    "organisations.confirm_cancel_invitation": {
        "anonymous": TO_LOGIN, "donor": 404, "refurbisher": 404, "care": 404, "coordinator": 200,
    },
    "organisations.cancel_invitation": {
        "anonymous": TO_LOGIN, "donor": 404, "refurbisher": 404, "care": 404, "coordinator": 302,
    },
    "organisations.edit": coordinators_only(200),
    "organisations.confirm_deactivate_user": coordinators_only(200),
    "organisations.confirm_deactivate_organisation": coordinators_only(200),
    "organisations.accept_invitation": everyone(200),
    "organisations.deactivate_user": coordinators_only(302),
    "organisations.activate_user": coordinators_only(302),
    "organisations.deactivate_organisation": coordinators_only(302),
    "organisations.activate_organisation": coordinators_only(302),
    "devices.index": signed_in(200),
    "devices.labels": {"anonymous": TO_LOGIN, "donor": 200, "refurbisher": 200, "care": 403, "coordinator": 200},
    "devices.preview": {"anonymous": TO_LOGIN, "donor": 200, "refurbisher": 200, "care": 403, "coordinator": 200},
    "devices.test_sheet": {"anonymous": TO_LOGIN, "donor": 200, "refurbisher": 200, "care": 403, "coordinator": 200},
    "devices.preprint": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 200, "care": 403, "coordinator": 200},
    "devices.detail": everyone(404),
    "devices.find": everyone(302),
    "devices.step": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 404, "care": 404, "coordinator": 404},
    "api_devices.list_devices": signed_in(200, anonymous=401),
    "api_devices.get_device": signed_in(404, anonymous=401),
    # the body is checked before the device is looked up; the test sends it as a form, not JSON
    "api_devices.add_transition": {"anonymous": 401, "donor": 403, "refurbisher": 422, "care": 422, "coordinator": 422},
    "workshop.check": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 404, "care": 403, "coordinator": 404},
    "workshop.wipe": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 404, "care": 403, "coordinator": 404},
    "workshop.recycle": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 404, "care": 403, "coordinator": 404},
    "workshop.wipe_reports": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 200, "care": 403, "coordinator": 200},
    # no JSON body, no file: 422 before any device is looked up
    "api_workshop.add_check": {"anonymous": 401, "donor": 403, "refurbisher": 422, "care": 403, "coordinator": 422},
    "api_workshop.add_wipe": {"anonymous": 401, "donor": 403, "refurbisher": 422, "care": 403, "coordinator": 422},
    "api_workshop.import_wipe_reports": {
        "anonymous": 401, "donor": 403, "refurbisher": 422, "care": 403, "coordinator": 422,
    },
    # no donation or tag given: 422; a tag nobody has: 404
    "api_labels.labels_pdf": {"anonymous": 401, "donor": 422, "refurbisher": 422, "care": 403, "coordinator": 422},
    "api_labels.labels_zpl": {"anonymous": 401, "donor": 404, "refurbisher": 404, "care": 403, "coordinator": 404},
    "donations.index": {"anonymous": TO_LOGIN, "donor": 200, "refurbisher": 200, "care": 403, "coordinator": 200},
    "donations.new": {"anonymous": TO_LOGIN, "donor": 200, "refurbisher": 403, "care": 403, "coordinator": 403},
    "donations.detail": {"anonymous": TO_LOGIN, "donor": 404, "refurbisher": 404, "care": 403, "coordinator": 404},
    "donations.edit": {"anonymous": TO_LOGIN, "donor": 404, "refurbisher": 403, "care": 403, "coordinator": 403},
    "donations.confirm_cancel": {"anonymous": TO_LOGIN, "donor": 404, "refurbisher": 403, "care": 403, "coordinator": 403},
    "donations.cancel": {"anonymous": TO_LOGIN, "donor": 404, "refurbisher": 403, "care": 403, "coordinator": 403},
    "donations.assign": coordinators_only(404),
    "donations.collect": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 404, "care": 403, "coordinator": 404},
    # RECEIVING: a workshop its own donations, a coordinator every workshop's; another's donation is a 404
    "workshop.receive": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 200, "care": 403, "coordinator": 200},
    **dict.fromkeys(
        ("workshop.receive_donation", "workshop.register_device", "workshop.collect", "workshop.confirm_close",
         "workshop.close"),
        {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 404, "care": 403, "coordinator": 404},
    ),
    "workshop.take": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 404, "care": 403, "coordinator": 403},
    "workshop.queue": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 200, "care": 403, "coordinator": 403},
    # SCAN STATION: workshops, care organisations and coordinators; no JSON body: 422
    "workshop.scan": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 200, "care": 200, "coordinator": 200},
    "workshop.scan_undo": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 302, "care": 302, "coordinator": 302},
    "api_workshop.post_scan": {"anonymous": 401, "donor": 403, "refurbisher": 422, "care": 422, "coordinator": 422},
    # CLAIM PAGES: care organisations their own claims, coordinators every claim; another's claim is a 404
    "care.claims": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 403, "care": 200, "coordinator": 200},
    "care.request": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 403, "care": 200, "coordinator": 403},
    "care.claim": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 403, "care": 404, "coordinator": 404},
    **dict.fromkeys(
        ("care.change", "care.confirm_withdraw", "care.withdraw"),
        {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 403, "care": 404, "coordinator": 403},
    ),
    **dict.fromkeys(
        ("care.approve", "care.reject", "care.allocate", "care.allocate_automatically", "care.release"),
        coordinators_only(404),
    ),
    # DELIVERY AND HANDOUTS: the care organisation only (a coordinator does not hand out); another's is a 404
    **dict.fromkeys(
        ("care.receive", "care.handout", "care.mark_handout_signed"),
        {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 403, "care": 404, "coordinator": 403},
    ),
    "api_donations.list_donations": {"anonymous": 401, "donor": 200, "refurbisher": 200, "care": 403, "coordinator": 200},
    # no JSON body: 422
    "api_donations.create_donation": {"anonymous": 401, "donor": 422, "refurbisher": 403, "care": 403, "coordinator": 403},
    "api_donations.get_donation": {"anonymous": 401, "donor": 404, "refurbisher": 404, "care": 403, "coordinator": 404},
    "donations.impact": {"anonymous": TO_LOGIN, "donor": 200, "refurbisher": 403, "care": 403, "coordinator": 200},
    "donations.donation_impact": {
        "anonymous": TO_LOGIN, "donor": 404, "refurbisher": 403, "care": 403, "coordinator": 404,
    },
    "donations.impact_card": {"anonymous": TO_LOGIN, "donor": 200, "refurbisher": 403, "care": 403, "coordinator": 200},
    "donations.new_device": {"anonymous": TO_LOGIN, "donor": 404, "refurbisher": 404, "care": 403, "coordinator": 404},
    "donations.import_devices": {"anonymous": TO_LOGIN, "donor": 404, "refurbisher": 404, "care": 403, "coordinator": 404},
    "donations.confirm_import": {"anonymous": TO_LOGIN, "donor": 404, "refurbisher": 404, "care": 403, "coordinator": 404},
    "donations.import_template": {"anonymous": TO_LOGIN, "donor": 200, "refurbisher": 200, "care": 403, "coordinator": 200},
    # no list or file sent: 422 before the donation is looked up
    "api_donations.add_donation_devices": {"anonymous": 401, "donor": 422, "refurbisher": 422, "care": 403, "coordinator": 422},
    "api_donations.import_donation_devices": {
        "anonymous": 401, "donor": 422, "refurbisher": 422, "care": 403, "coordinator": 422,
    },
    # PROOF: the donor, the assigned workshop and coordinators see a donation's papers; the rest 404 (scoping)
    "donations.receipt": signed_in(404),
    "donations.certificates": signed_in(404),
    "donations.issue_certificate": signed_in(404),
    "donations.certificate_pdf": signed_in(404),
    "donations.verify_certificate": everyone(404),
    "api_donations.receipt_pdf": signed_in(404, anonymous=401),
    "api_donations.certificate_pdf": signed_in(404, anonymous=401),
    "api_donations.issue_certificate": signed_in(404, anonymous=401),
    "api_donations.issued_certificate_pdf": signed_in(404, anonymous=401),
    # CARE API: care organisations and coordinators; no JSON body is a 422 before the claim is looked up
    "api_care.get_stock": {"anonymous": 401, "donor": 403, "refurbisher": 403, "care": 200, "coordinator": 200},
    "api_care.list_claims": {"anonymous": 401, "donor": 403, "refurbisher": 403, "care": 200, "coordinator": 200},
    "api_care.create_claim": {"anonymous": 401, "donor": 403, "refurbisher": 403, "care": 422, "coordinator": 403},
    "api_care.get_claim": {"anonymous": 401, "donor": 403, "refurbisher": 403, "care": 404, "coordinator": 404},
    "api_care.decide_claim": {"anonymous": 401, "donor": 403, "refurbisher": 403, "care": 403, "coordinator": 404},
    "api_care.allocate": {"anonymous": 401, "donor": 403, "refurbisher": 403, "care": 403, "coordinator": 404},
    # EXPORTS: whoever may see the list (devices: everyone signed in; donations: not care organisations; claims and
    # handouts: care organisations and coordinators)
    "reports.export_devices": signed_in(200),
    "reports.export_donations": {"anonymous": TO_LOGIN, "donor": 200, "refurbisher": 200, "care": 403, "coordinator": 200},
    **dict.fromkeys(("reports.export_claims", "reports.export_handouts"),
                    {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 403, "care": 200, "coordinator": 200}),
    **dict.fromkeys(("api_reports.export_devices_csv", "api_reports.export_devices_xlsx"), signed_in(200, anonymous=401)),
    **dict.fromkeys(("api_reports.export_donations_csv", "api_reports.export_donations_xlsx"),
                    {"anonymous": 401, "donor": 200, "refurbisher": 200, "care": 403, "coordinator": 200}),
    **dict.fromkeys(("api_reports.export_claims_csv", "api_reports.export_claims_xlsx", "api_reports.export_handouts_csv",
                     "api_reports.export_handouts_xlsx"),
                    {"anonymous": 401, "donor": 403, "refurbisher": 403, "care": 200, "coordinator": 200}),
    # HANDOUT API: only the care organisation hands out and marks signed; a device it may not see is a 404 before
    # the body is read; a coordinator reads a handout (without the recipient's reference)
    **dict.fromkeys(
        ("api_care.hand_out_device", "api_care.mark_handout_signed"),
        {"anonymous": 401, "donor": 403, "refurbisher": 403, "care": 404, "coordinator": 403},
    ),
    "api_care.get_handout": {"anonymous": 401, "donor": 403, "refurbisher": 403, "care": 404, "coordinator": 404},
    # AUDIT TRAIL: coordinators only
    "reports.audit": coordinators_only(200),
    "api_reports.list_events": {"anonymous": 401, "donor": 403, "refurbisher": 403, "care": 403, "coordinator": 200},
    # DASHBOARD: the whole campaign in figures, coordinators only
    "reports.dashboard": coordinators_only(200),
    "api_reports.get_stats": {"anonymous": 401, "donor": 403, "refurbisher": 403, "care": 403, "coordinator": 200},
    # HANDOVER FORM: the care organisation that handed the device out, and coordinators
    "care.handover_form": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 403, "care": 404, "coordinator": 404},
    "api_care.handover_form_pdf": {"anonymous": 401, "donor": 403, "refurbisher": 403, "care": 404, "coordinator": 404},
    # RETURNS: the care organisation that holds the device, the workshop that takes it in, and coordinators
    "api_care.post_return": {"anonymous": 401, "donor": 403, "refurbisher": 404, "care": 404, "coordinator": 404},
    # LOANS: a care organisation its own, a coordinator every care organisation's
    "care.loans": {"anonymous": TO_LOGIN, "donor": 403, "refurbisher": 403, "care": 200, "coordinator": 200},
}
