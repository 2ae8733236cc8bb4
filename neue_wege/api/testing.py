"""Test objects of the API: a client system with every scope and a token for each job centre of
the persona cast (used by the API tests, the access matrix and the two-job-centre crawl)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neue_wege.api import bulk, services
from neue_wege.api.models import ApiClient, ApiToken, BulkTransfer, Scope


@dataclass
class ApiSpace:
    ours: ApiClient
    ours_token: ApiToken
    ours_secret: str
    theirs: ApiClient
    theirs_token: ApiToken
    theirs_secret: str
    ours_transfer: BulkTransfer
    theirs_transfer: BulkTransfer

    def params(self) -> dict[str, list[Any]]:
        return {"api_client_id": [self.ours.pk, self.theirs.pk],
                "token_id": [self.ours_token.pk, self.theirs_token.pk],
                "transfer_id": [self.ours_transfer.pk, self.theirs_transfer.pk]}


def build_api_space(cast: Any, *, rate_limit: int = 100_000) -> ApiSpace:
    """"Fachverfahren" of the cast's job centre (created by its administrator) and of the other
    job centre (created there by olga, the only persona of that job centre)."""
    scopes = list(Scope.values)
    ours = services.api_client_create(actor=cast.admin, name="Fachverfahren", scopes=scopes,
                                      rate_limit_per_minute=rate_limit)
    theirs = services.api_client_create(actor=cast.olga, name="Fachverfahren", scopes=scopes,
                                        rate_limit_per_minute=rate_limit)
    ours_token, ours_secret = services.token_issue(actor=cast.admin, api_client=ours)
    theirs_token, theirs_secret = services.token_issue(actor=cast.olga, api_client=theirs)
    return ApiSpace(
        ours=ours, ours_token=ours_token, ours_secret=ours_secret, theirs=theirs,
        theirs_token=theirs_token, theirs_secret=theirs_secret,
        ours_transfer=bulk.transfer_start(api_client=ours,
                                          kind=BulkTransfer.Kind.CLIENTS_EXPORT),
        theirs_transfer=bulk.transfer_start(api_client=theirs,
                                            kind=BulkTransfer.Kind.CLIENTS_EXPORT))


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
