/** Which rendered documents are Kubernetes objects (everything under apps/), and how to name them in findings. */
import type { RenderedDoc } from "../render/output-file.js";

export interface KubeDoc {
  readonly path: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly data: Record<string, unknown>;
  /** See RenderedDoc.text. */
  readonly text?: string;
}

export function kubeDocs(docs: readonly RenderedDoc[]): KubeDoc[] {
  const out: KubeDoc[] = [];
  for (const d of docs) {
    if (!d.path.startsWith("apps/")) continue;
    const data = d.data as Record<string, unknown> | null;
    if (!data || typeof data !== "object") continue;
    const meta = (data["metadata"] ?? {}) as { name?: string; namespace?: string };
    out.push({
      path: d.path,
      apiVersion: String(data["apiVersion"] ?? ""),
      kind: String(data["kind"] ?? ""),
      name: String(meta.name ?? ""),
      ...(meta.namespace ? { namespace: meta.namespace } : {}),
      data,
      ...(d.text !== undefined ? { text: d.text } : {}),
    });
  }
  return out;
}

export { groupOf, versionOf } from "../catalog/api-version.js";
