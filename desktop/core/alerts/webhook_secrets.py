"""Webhook URLs and signing secrets in the OS keychain, one entry per rule's webhook.

The keychain service is ``celery-desk-webhooks``; the account names the profile, the rule
and the webhook (``<profile>/<rule id>/<webhook id>``), and the value is a small JSON object
with the URL and the secret. Without a keychain they are kept for the session only, as
broker passwords are (:class:`~desktop.core.secrets.SecretStore`). Never in a file or log.
"""

from __future__ import annotations

import json

from desktop.core.alerts.webhooks import WebhookCredentials
from desktop.core.secrets import SecretStore

SERVICE_NAME = "celery-desk-webhooks"


def account(profile: str, rule_id: str, webhook_id: str) -> str:
    return f"{profile}/{rule_id}/{webhook_id}"


class WebhookSecrets:
    """Credentials of webhooks by profile, rule and webhook id."""

    def __init__(self, store: SecretStore | None = None) -> None:
        self.store = store if store is not None else SecretStore(service=SERVICE_NAME)

    def get(self, profile: str, rule_id: str, webhook_id: str) -> WebhookCredentials | None:
        raw = self.store.get(account(profile, rule_id, webhook_id))
        if not raw:
            return None
        try:
            data = json.loads(raw)
            return WebhookCredentials(str(data["url"]), str(data.get("secret", "")))
        except (ValueError, KeyError, TypeError):
            return None

    def set(
        self, profile: str, rule_id: str, webhook_id: str, credentials: WebhookCredentials
    ) -> None:
        value = json.dumps({"url": credentials.url, "secret": credentials.secret})
        self.store.set(account(profile, rule_id, webhook_id), value)

    def delete(self, profile: str, rule_id: str, webhook_id: str) -> None:
        self.store.delete(account(profile, rule_id, webhook_id))

    def explanation(self) -> str:
        return self.store.explanation()
