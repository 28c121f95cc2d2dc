/** What render produces: files by output-relative POSIX path. The writer is the only thing that touches disk. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/** A rendered object with the file it is written to: validation reads these without re-parsing YAML. */
export interface RenderedDoc {
  readonly path: string;
  readonly data: unknown;
}

export class DuplicatePathError extends Error {
  override readonly name = "DuplicatePathError";
  constructor(readonly path: string) {
    super(`two rendered files claim the same path: ${path}`);
  }
}
