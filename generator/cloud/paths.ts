/** Files the cloud commands write (kubeconfig, API key) must never land in a git checkout. */
import { existsSync } from "node:fs";
import path from "node:path";

export function insideGitCheckout(file: string): string | undefined {
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
