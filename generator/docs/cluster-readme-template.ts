/**
 * The per-cluster README (apps/<cluster>/README.md): human-facing Markdown, so Handlebars (compiled with noEscape and
 * strict). Every number comes from the data built in cluster-readme.ts.
 */
export const CLUSTER_README_TEMPLATE = `<!-- {{marker}} -->
# Cluster \`{{name}}\` ({{environment}})

OVH MKS in **{{region}}** ({{plan}} control plane, Kubernetes {{kubernetesVersion}}). Once Argo CD runs on the
cluster, \`kubectl -n argocd apply -f apps/{{name}}/root.yaml\` hands it the rest: the root Application syncs the child
Applications in waves.

## GPU capacity and cost

| pool | flavour | per node | nodes | price |
|---|---|---|---|---|
| GPU | \`{{gpu.flavor}}\` | {{gpu.gpuCount}} x {{gpu.gpuModel}}, {{gpu.vramGiB}} GiB VRAM each | {{gpu.min}}..{{gpu.max}} | {{gpu.price}}/h per node ({{gpu.priceSource}}) |
| CPU | \`{{cpu.flavor}}\` | | {{cpu.min}}..{{cpu.max}} | |

## Models

{{#each models}}
### \`{{name}}\`: {{repo}} on vLLM {{vllmVersion}}

- Endpoint: \`{{endpoint}}\` (OpenAI API; {{authHint}}).
- Fit: weights {{fit.weightsGiB}} GiB + KV cache {{fit.kvGiB}} GiB for {{maxModelLen}} tokens = {{fit.needGiB}} GiB of
  {{fit.usableGiB}} GiB usable ({{gpus}} GPU x {{vramGiB}} GiB x gpu-memory-utilization {{gpuMemoryUtilization}}).
- Scaling (\`{{mode}}\`): {{minReplicas}}..{{maxReplicas}} replicas; one more when more than {{queueThreshold}} requests wait
  per replica (checked every {{pollingInterval}} s), at most one per {{scaleUpPeriod}} s; to zero {{cooldownPeriod}} s after
  the queue empties. {{behaviour}}.
- Cost: {{cost}}.
- Cold start: expected {{coldStartSeconds}} s (GPU node, driver, image, model load{{downloadNote}}). The startup probe allows
  {{startupBudgetSeconds}} s; the Deployment's progress deadline is 3600 s; the Gateway route waits up to
  {{routeTimeoutSeconds}} s{{#if readinessTimeoutSeconds}}, of which the HTTP interceptor holds a request up to {{readinessTimeoutSeconds}} s for a replica{{/if}}.
  Give clients a timeout of at least {{routeTimeoutSeconds}} s and retries with backoff.
- Alerts: {{#each alerts}}\`{{this}}\`{{#unless @last}}, {{/unless}}{{/each}}.
{{#if holidays}}
- Business days exclude these public holidays (calendar until {{horizonEnd}}): {{holidays}}.
{{/if}}

{{/each}}
## Secrets to create on the cluster

Nothing secret is in this repository. These must exist before the Applications that read them sync:

| namespace | Secret | keys | holds |
|---|---|---|---|
{{#each neededSecrets}}
| \`{{namespace}}\` | \`{{name}}\` | {{keys}} | {{what}} |
{{/each}}

{{#if secretsExternal}}
\`secrets.createdBy: external\`: your External Secrets or Sealed Secrets setup creates them under exactly these names
and keys; nothing in this tree creates them.
{{else}}
The commands a bootstrap runs (\`secrets.createdBy: bootstrap\`), or you by hand, before the first sync:

\`\`\`sh
{{#each secretCommands}}
{{this}}
{{/each}}
\`\`\`
{{/if}}

## Access

Only the Gateway is public ({{gatewayHosts}}). Everything else is cluster-internal:

\`\`\`sh
{{#each accessCommands}}
{{this}}
{{/each}}
\`\`\`
`;
