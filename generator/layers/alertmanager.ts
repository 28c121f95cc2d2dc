/**
 * Where Alertmanager sends alerts: the matrix's `alerting` receivers (webhook, Slack, e-mail) in one receiver, with
 * every credential read from a file Alertmanager mounts from a Secret (alertmanagerSpec.secrets mounts each one at
 * /etc/alertmanager/secrets/<name>/<key>): nothing secret in the values. Without `alerting` the chart's default
 * (a "null" receiver) stays: alerts show in Prometheus and Alertmanager only.
 */
import type { ClusterPlan } from "../plan/cluster-plan.js";

const SECRETS_DIR = "/etc/alertmanager/secrets";
const RECEIVER = "platform";
const secretFile = (ref: { name: string; key: string }) => `${SECRETS_DIR}/${ref.name}/${ref.key}`;

export function alertmanagerSecrets(plan: ClusterPlan): { secrets?: string[] } {
  const names = [...new Set(plan.alertingSecrets.map((s) => s.name))].sort();
  return names.length > 0 ? { secrets: names } : {};
}

export function alertmanagerConfig(plan: ClusterPlan): { config?: Record<string, unknown> } {
  const a = plan.config.alerting;
  if (!a || (!a.webhook && !a.slack && !a.email)) return {};
  const receiver: Record<string, unknown> = { name: RECEIVER };
  if (a.webhook) receiver["webhook_configs"] = [{ url_file: secretFile(a.webhook.url), send_resolved: true }];
  if (a.slack) receiver["slack_configs"] = [{ api_url_file: secretFile(a.slack.apiUrl), channel: a.slack.channel, send_resolved: true }];
  if (a.email) {
    receiver["email_configs"] = [
      {
        to: a.email.to,
        from: a.email.from,
        smarthost: a.email.smarthost,
        ...(a.email.username ? { auth_username: a.email.username } : {}),
        ...(a.email.password ? { auth_password_file: secretFile(a.email.password) } : {}),
        send_resolved: true,
      },
    ];
  }
  return {
    config: {
      route: {
        receiver: RECEIVER,
        group_by: ["alertname", "namespace", "model"],
        group_wait: "30s",
        group_interval: "5m",
        repeat_interval: "4h",
        // The chart's always-firing Watchdog (dead man's switch) is not a page.
        routes: [{ receiver: "null", matchers: ['alertname = "Watchdog"'] }],
      },
      receivers: [{ name: "null" }, receiver],
    },
  };
}
