/**
 * `api-key <cluster> [--out FILE] [--force]`: makes the cluster's API key. Writes the token to a file outside the
 * repository (mode 0600, never printed) and prints the public JWKS to put into clusters/<cluster>.yaml.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EXIT, UsageError } from "../errors.js";
import { createApiKey, defaultApiKeyPath } from "../secrets/api-key.js";
import type { Io } from "./report.js";

export interface ApiKeyOptions {
  readonly cluster: string;
  readonly out?: string;
  readonly force: boolean;
}


/** The token must never land in a git checkout: refuse any directory below one. */
function insideGitCheckout(file: string): string | undefined {
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export function apiKey(options: ApiKeyOptions, io: Io, now: Date = new Date()): number {
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(options.cluster)) throw new UsageError(`api-key: '${options.cluster}' is not a cluster name (the file name of clusters/<name>.yaml)`);
  const file = path.resolve(options.out ?? defaultApiKeyPath(options.cluster));
  const repo = insideGitCheckout(file);
  if (repo) throw new UsageError(`api-key: ${file} is inside the git checkout ${repo}; keep the key outside any repository (default ${defaultApiKeyPath(options.cluster)})`);
  if (existsSync(file) && !options.force) throw new UsageError(`api-key: ${file} exists; pass --force to replace the key (the old one stops working once the new JWKS is synced)`);
  const key = createApiKey(options.cluster, now);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, key.token, { mode: 0o600 });
  io.out(`API key for cluster ${options.cluster} written to ${file} (mode 0600; it is the bearer token clients send).`);
  io.out(`Put its public key into clusters/${options.cluster}.yaml, then run npm run generate and commit:`);
  io.out("");
  io.out("auth:");
  io.out("  mode: api-key");
  io.out("  apiKey:");
  io.out(`    jwks: '${key.jwks}'`);
  io.out("");
  io.out(`On the cluster the key goes into the Secret the matrix names (secrets.apiKey), e.g.:`);
  io.out(`  kubectl -n vllm create secret generic vllm-api-key --from-file=api-key=${file}`);
  return EXIT.ok;
}
