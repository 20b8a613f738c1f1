"""How the API's authentication appears in the OpenAPI schema."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "lantern.accounts.api_auth.VerifiedSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "lantern_session",
            "description": "A browser session that has passed two-factor authentication (send the CSRF token too).",
        }


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "lantern.accounts.api_auth.ApiTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (Your account → API tokens), sent as 'Authorization: Bearer lnt_…'.",
        }
