/** What render produces: files by output-relative POSIX path. The writer is the only thing that touches disk. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/** A rendered object with the file it is written to: validation reads these without re-parsing YAML. */
export interface RenderedDoc {
  readonly path: string;
  readonly data: unknown;
  /**
   * The object's YAML without the marker line, when the caller knows it is exactly what `data` serialises to (generate
   * sets it right after render): equal texts are equal objects, so checks of one object alone remember the texts that
   * passed and skip their repeats (clusters of a fleet share many objects). Absent, every object is checked.
   */
  readonly text?: string;
}

export class DuplicatePathError extends Error {
  override readonly name = "DuplicatePathError";
  constructor(readonly path: string) {
    super(`two rendered files claim the same path: ${path}`);
  }
}
