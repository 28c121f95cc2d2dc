/** The Secrets (namespace monitoring) the matrix's Alertmanager receivers read their credentials from. */
import type { ClusterConfig } from "../matrix/schema.js";

export interface AlertingSecret {
  readonly name: string;
  readonly key: string;
  readonly what: string;
}

export function alertingSecrets(config: ClusterConfig): AlertingSecret[] {
  const a = config.alerting;
  if (!a) return [];
  return [
    ...(a.webhook ? [{ ...a.webhook.url, what: "Alertmanager webhook URL" }] : []),
    ...(a.slack ? [{ ...a.slack.apiUrl, what: "Slack incoming-webhook URL for Alertmanager" }] : []),
    ...(a.email?.password ? [{ ...a.email.password, what: "SMTP password for Alertmanager" }] : []),
  ];
}
