/**
 * Edge (routes, TLS, auth) checks a JSON Schema cannot express: ACME e-mail while TLS is on, JWT settings with the
 * JWT mode, and model hostnames that stay valid DNS names under the cluster's domain.
 */
import type { InputProblem } from "../errors.js";
import type { ClusterCheck } from "./checks.js";
import type { ClusterSource } from "./cluster-source.js";
import type { ClusterConfig } from "./schema.js";

/** JWK members that only a private key has: a JWKS in git must carry none of them. */
const PRIVATE_JWK_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

/** api-key mode: the Gateway verifies keys against this public JWKS; refuse anything that is not exactly that. */
function apiKeyProblems(config: ClusterConfig, source: ClusterSource): InputProblem[] {
  const jwks = config.auth.apiKey?.jwks;
  if (jwks === undefined) {
    return [source.problem(["auth", "mode"], "auth.mode api-key needs auth.apiKey.jwks: the public key the Gateway checks API keys with, so that a request with a wrong key is refused at the edge and never wakes a GPU node. Run `npm run api-key -- <cluster>`: it keeps the key outside the repository and prints the JWKS to paste here")];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(jwks);
  } catch {
    return [source.problem(["auth", "apiKey", "jwks"], "auth.apiKey.jwks is not JSON: paste the JSON Web Key Set printed by npm run api-key")];
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === "object" && k !== null && typeof (k as { kty?: unknown }).kty === "string")) {
    return [source.problem(["auth", "apiKey", "jwks"], 'auth.apiKey.jwks must be a JSON Web Key Set: {"keys": [{"kty": ..., ...}]}')];
  }
  const leaked = keys.flatMap((k) => PRIVATE_JWK_MEMBERS.filter((member) => member in (k as object)));
  return leaked.length > 0
    ? [source.problem(["auth", "apiKey", "jwks"], `auth.apiKey.jwks holds private key material (${[...new Set(leaked)].join(", ")}): only the public key belongs in git; rotate this key (npm run api-key) and paste the public JWKS only`)]
    : [];
}

export const edgeChecks: ClusterCheck = (config, source) => {
  const problems: InputProblem[] = [];
  if (config.tls.enabled && !config.acme) {
    problems.push(source.problem(["tls", "enabled"], "tls.enabled is true but acme.email is missing: Let's Encrypt needs an account e-mail (set acme.email, or tls.enabled: false for a plain-HTTP test cluster)"));
  }
  if (config.auth.mode === "jwt" && !config.auth.jwt) {
    problems.push(source.problem(["auth", "mode"], "auth.mode jwt needs auth.jwt.issuer and auth.jwt.jwksUri (the token issuer and its JSON Web Key Set URL)"));
  }
  if (config.auth.mode !== "jwt" && config.auth.jwt) {
    problems.push(source.problem(["auth", "jwt"], `auth.jwt is only used with auth.mode: jwt (mode is ${config.auth.mode})`, true));
  }
  if (config.dns?.provider === "ovh" && !config.dns.zone) problems.push(source.problem(["dns", "provider"], "dns.provider ovh needs dns.zone: the OVH DNS zone the model records go into"));
  if (config.dns?.zone && config.domain !== config.dns.zone && !config.domain.endsWith(`.${config.dns.zone}`)) {
    problems.push(source.problem(["dns", "zone"], `dns.zone ${config.dns.zone} does not contain the domain ${config.domain}: the model hostnames <model>.${config.domain} cannot be records of it`));
  }
  if (config.auth.mode === "api-key") problems.push(...apiKeyProblems(config, source));
  else if (config.auth.apiKey) problems.push(source.problem(["auth", "apiKey"], `auth.apiKey is only used with auth.mode: api-key (mode is ${config.auth.mode})`, true));
  config.models.forEach((m, i) => {
    const host = `${m.name}.${config.domain}`;
    if (host.length > 253) problems.push(source.problem(["models", i, "name"], `models[${i}]: hostname ${host} is longer than 253 characters; shorten the model name or the domain`));
  });
  return problems;
};
