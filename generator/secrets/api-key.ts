/**
 * The cluster's API key: a signed token (RS256 JWT) that the Gateway verifies against the public JSON Web Key Set in
 * the matrix, so a wrong key is refused at the edge and never reaches (or wakes) a GPU. The private key signs one token
 * and is discarded: nothing but the public key is ever written to the repository; the token lives in a file outside
 * it (and then in a Secret on the cluster). Rotating means a new key pair: run it again, commit the new JWKS, replace
 * the Secret.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import os from "node:os";
import path from "node:path";

/** Where `npm run api-key` keeps a cluster's token: outside any repository, readable by its owner only. */
export const defaultApiKeyPath = (cluster: string): string => path.join(os.homedir(), ".config", "llm-gitops", `${cluster}.api-key`);

/** The `iss` of a cluster's API key tokens; the Gateway's RequestAuthentication trusts exactly this issuer. */
export const apiKeyIssuer = (cluster: string): string => `llm-gitops:${cluster}:api-key`;

const base64url = (data: Buffer | string): string => Buffer.from(data).toString("base64url");

export interface ApiKey {
  /** The bearer token clients send: secret. */
  readonly token: string;
  /** The public JWKS for `auth.apiKey.jwks`: not secret. */
  readonly jwks: string;
}

export function createApiKey(cluster: string, issuedAt: Date): ApiKey {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicJwk(publicKey);
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: jwk.kid }));
  const payload = base64url(JSON.stringify({ iss: apiKeyIssuer(cluster), sub: "api-key", iat: Math.floor(issuedAt.getTime() / 1000) }));
  const signature = base64url(sign("sha256", Buffer.from(`${header}.${payload}`), privateKey as KeyObject));
  return { token: `${header}.${payload}.${signature}`, jwks: JSON.stringify({ keys: [jwk] }) };
}

function publicJwk(key: KeyObject): { kty: string; n: string; e: string; alg: string; use: string; kid: string } {
  const { kty, n, e } = key.export({ format: "jwk" }) as { kty: string; n: string; e: string };
  // RFC 7638 thumbprint as the key id.
  const kid = base64url(createHash("sha256").update(JSON.stringify({ e, kty, n })).digest());
  return { kty, n, e, alg: "RS256", use: "sig", kid };
}
