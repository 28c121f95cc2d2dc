/**
 * Edge (routes, TLS, auth) checks a JSON Schema cannot express: ACME e-mail while TLS is on, JWT settings with the
 * JWT mode, and model hostnames that stay valid DNS names under the cluster's domain.
 */
import type { InputProblem } from "../errors.js";
import type { ClusterCheck } from "./checks.js";

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
  config.models.forEach((m, i) => {
    const host = `${m.name}.${config.domain}`;
    if (host.length > 253) problems.push(source.problem(["models", i, "name"], `models[${i}]: hostname ${host} is longer than 253 characters; shorten the model name or the domain`));
  });
  return problems;
};
