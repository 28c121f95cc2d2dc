/** Defaults shared by the commands: the repository's clusters/ and root, resolved from the working directory. */
import path from "node:path";

export interface CommonOptions {
  readonly out: string;
  readonly schemaLocation?: string;
  readonly chartCache?: string;
}

export const DEFAULT_CLUSTERS = "clusters";
export const DEFAULT_OUT = ".";

export const resolveDir = (dir: string): string => path.resolve(process.cwd(), dir);
