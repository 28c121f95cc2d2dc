/** The change preview for a pull request (Handlebars: human-facing Markdown only). */
import Handlebars from "handlebars";
import type { FieldChange, TreeDiff } from "../diff/object-diff.js";

const TEMPLATE = `## llm-gitops: what changes on the clusters (against {{base}})

{{#if risks.length}}
### Needs a careful look
{{#each risks}}
- **{{cluster}}** / \`{{app}}\`: {{what}}
{{/each}}

{{/if}}
{{#unless clusters.length}}
No object changes.
{{/unless}}
{{#each clusters}}
### Cluster \`{{name}}\` ({{status}})
{{#each applications}}
#### Application \`{{name}}\`
{{#each added}}
- added \`{{this}}\`
{{/each}}
{{#each removed}}
- removed \`{{this}}\`
{{/each}}
{{#each changed}}
- changed \`{{id}}\` ({{origin}})
{{#each fields}}
  - \`{{path}}\`: {{before}} → {{after}}
{{/each}}
{{#if more}}
  - … and {{more}} more field(s)
{{/if}}
{{/each}}
{{/each}}

{{/each}}
`;

const render = Handlebars.compile(TEMPLATE, { noEscape: true, strict: false });
const show = (v: unknown) => (v === undefined ? "(absent)" : `\`${JSON.stringify(v).slice(0, 120)}\``);
const MAX_FIELDS = 12;

export function diffMarkdown(base: string, diff: TreeDiff): string {
  return render({
    base,
    risks: diff.risks,
    clusters: diff.clusters
      .filter((c) => c.status !== "unchanged")
      .map((c) => ({
        ...c,
        applications: c.applications.map((a) => ({
          ...a,
          changed: a.changed.map((ch) => ({ ...ch, fields: ch.fields.slice(0, MAX_FIELDS).map((f: FieldChange) => ({ path: f.path, before: show(f.before), after: show(f.after) })), more: Math.max(0, ch.fields.length - MAX_FIELDS) })),
        })),
      })),
  });
}
