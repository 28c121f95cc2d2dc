/**
 * What secret material looks like, in one place: the matrix loader refuses it in clusters/*.yaml and `validate`
 * refuses it in the generated tree. Patterns are specific (known token formats, PEM private keys, JWTs, Bearer
 * tokens) so that references such as `existingSecret: grafana-admin` never match.
 */
export interface CredentialPattern {
  readonly what: string;
  readonly pattern: RegExp;
}

export const CREDENTIAL_PATTERNS: readonly CredentialPattern[] = [
  { what: "a PEM private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  { what: "a Bearer token", pattern: /\bBearer\s+[A-Za-z0-9._~+/=-]{16,}/ },
  { what: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { what: "a Hugging Face token", pattern: /\bhf_[A-Za-z0-9]{30,}\b/ },
  { what: "an OpenAI-style API key", pattern: /\bsk-[A-Za-z0-9_-]{20,}\b/ },
  { what: "an AWS access key id", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { what: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { what: "a password in a URL", pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/ },
];

/** Keys whose value is a credential itself (not a reference to one): any literal under them is a secret. */
export const SECRET_VALUE_KEYS: ReadonlySet<string> = new Set(
  [
    "password",
    "passwd",
    "adminPassword",
    "secret",
    "token",
    "apiKey",
    "api_key",
    "apiToken",
    "hfToken",
    "bearerToken",
    "accessKey",
    "secretKey",
    "clientSecret",
    "privateKey",
    "applicationSecret",
    "consumerKey",
    "grafanaAdmin",
  ].map((k) => k.toLowerCase()),
);

/**
 * All patterns in one expression: one scan rules out almost every string (none of the patterns carries flags). A
 * password in a URL needs a literal `://`: strings without one skip that pattern, the costliest (it tries every word).
 */
const URL_PASSWORD = CREDENTIAL_PATTERNS.find((p) => p.what === "a password in a URL")!.pattern;
const anyOf = (patterns: readonly CredentialPattern[]) => new RegExp(patterns.map((p) => `(?:${p.pattern.source})`).join("|"));
const ANY_CREDENTIAL = anyOf(CREDENTIAL_PATTERNS);
const ANY_BUT_URL = anyOf(CREDENTIAL_PATTERNS.filter((p) => p.pattern !== URL_PASSWORD));

/**
 * Strings found clean in this process: the same values (names, images, labels) recur in every document and cluster,
 * and a lookup is cheaper than the scan (the emitter hashed most of them already). Short ones only (long texts, a
 * README or a dashboard's JSON, name their cluster and do not recur), and bounded, like the emitter's memo.
 */
const clean = new Set<string>();
const CLEAN_MEMO_LIMIT = 200_000;
const CLEAN_MEMO_MAX_LENGTH = 256;

export function credentialIn(value: string): string | undefined {
  const short = value.length <= CLEAN_MEMO_MAX_LENGTH;
  if (short && clean.has(value)) return undefined;
  if (!(value.includes("://") ? ANY_CREDENTIAL : ANY_BUT_URL).test(value)) {
    if (short && clean.size < CLEAN_MEMO_LIMIT) clean.add(value);
    return undefined;
  }
  return CREDENTIAL_PATTERNS.find((p) => p.pattern.test(value))?.what;
}

/** Why a string at `key` is secret material: "looks like ..." or a literal credential; undefined when it is not. */
export function secretMaterial(key: string | number | undefined, value: string): { kind: "pattern" | "key"; what: string } | undefined {
  const what = credentialIn(value);
  if (what) return { kind: "pattern", what };
  if (typeof key === "string" && SECRET_VALUE_KEYS.has(key.toLowerCase()) && value.length > 0) return { kind: "key", what: `a literal value under '${key}'` };
  return undefined;
}

export type SecretFound = NonNullable<ReturnType<typeof secretMaterial>>;

/** Every string leaf of plain data that is secret material, with its path (for located findings). */
export function secretLeaves(value: unknown): { path: (string | number)[]; found: SecretFound }[] {
  const out: { path: (string | number)[]; found: SecretFound }[] = [];
  const path: (string | number)[] = [];
  const visit = (v: unknown, key: string | number | undefined): void => {
    if (typeof v === "string") {
      const found = secretMaterial(key, v);
      if (found) out.push({ path: [...path], found });
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        visit(v[i], i);
        path.pop();
      }
    } else if (v && typeof v === "object") {
      for (const k of Object.keys(v)) {
        path.push(k);
        visit((v as Record<string, unknown>)[k], k);
        path.pop();
      }
    }
  };
  visit(value, undefined);
  return out;
}
