/**
 * OVH API credentials from the environment, never from the repository. A missing variable is named with the way to
 * get it, and the token's rights are exactly what the bootstrap, verify and destroy call.
 */
export const OVH_ENV = ["OVH_ENDPOINT", "OVH_APPLICATION_KEY", "OVH_APPLICATION_SECRET", "OVH_CONSUMER_KEY", "OVH_CLOUD_PROJECT_SERVICE"] as const;

export interface OvhCredentials {
  /** node-ovh options: a preset endpoint, or host/port/basePath of a base URL. */
  readonly endpoint: { readonly endpoint: string } | { readonly host: string; readonly port: number; readonly basePath: string };
  readonly appKey: string;
  readonly appSecret: string;
  readonly consumerKey: string;
  readonly serviceName: string;
}

const PRESETS = ["ovh-eu", "ovh-ca", "ovh-us"];

/** The API rights a token needs (POST https://eu.api.ovh.com/1.0/auth/credential, or the createToken page). */
export const TOKEN_RIGHTS = (serviceName: string, zone?: string): string[] => [
  `GET /cloud/project/${serviceName}/capabilities/kube/*`,
  `GET /cloud/project/${serviceName}/kube`,
  `POST /cloud/project/${serviceName}/kube`,
  `GET /cloud/project/${serviceName}/kube/*`,
  `POST /cloud/project/${serviceName}/kube/*`,
  `PUT /cloud/project/${serviceName}/kube/*`,
  `DELETE /cloud/project/${serviceName}/kube/*`,
  ...(zone ? [`GET /domain/zone/${zone}/*`, `POST /domain/zone/${zone}/*`, `PUT /domain/zone/${zone}/*`] : []),
];

export const CREDENTIALS_HELP = [
  "OVH credentials come from the environment:",
  "  OVH_ENDPOINT               ovh-eu, ovh-ca, ovh-us, or a base URL such as https://eu.api.ovh.com/1.0",
  "  OVH_APPLICATION_KEY        from https://eu.api.ovh.com/createApp/ (application key)",
  "  OVH_APPLICATION_SECRET     from the same page (application secret)",
  "  OVH_CONSUMER_KEY           a consumer key validated for the rights below (https://eu.api.ovh.com/createToken/)",
  "  OVH_CLOUD_PROJECT_SERVICE  the Public Cloud project id (the service name in the control panel)",
];

export function ovhCredentials(env: NodeJS.ProcessEnv): { credentials: OvhCredentials } | { missing: string[]; problems: string[] } {
  const missing = OVH_ENV.filter((k) => !env[k]);
  const problems: string[] = [];
  const endpoint = env["OVH_ENDPOINT"] ?? "";
  let parsed: OvhCredentials["endpoint"] | undefined;
  if (endpoint && PRESETS.includes(endpoint)) parsed = { endpoint };
  else if (endpoint) {
    try {
      const u = new URL(endpoint);
      if (u.protocol !== "https:") problems.push(`OVH_ENDPOINT ${endpoint}: the OVH API is HTTPS only`);
      else parsed = { host: u.hostname, port: Number(u.port || 443), basePath: u.pathname.replace(/\/$/, "") || "/1.0" };
    } catch {
      problems.push(`OVH_ENDPOINT ${endpoint}: neither a preset (${PRESETS.join(", ")}) nor a URL`);
    }
  }
  if (missing.length > 0 || problems.length > 0 || !parsed) return { missing, problems };
  return { credentials: { endpoint: parsed, appKey: env["OVH_APPLICATION_KEY"]!, appSecret: env["OVH_APPLICATION_SECRET"]!, consumerKey: env["OVH_CONSUMER_KEY"]!, serviceName: env["OVH_CLOUD_PROJECT_SERVICE"]! } };
}
