/**
 * The per-cluster README (apps/<cluster>/README.md): human-facing Markdown, so Handlebars (compiled with noEscape and
 * strict). Every number comes from the data built in cluster-readme.ts.
 */
/** How the template is compiled (at build time into the bundle, or at run time unbundled). */
export const README_COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

export const CLUSTER_README_TEMPLATE = `<!-- {{marker}} -->
# Cluster \`{{name}}\` ({{environment}})

OVH MKS in **{{region}}** ({{plan}} control plane, Kubernetes {{kubernetesVersion}}). Once Argo CD runs on the
cluster, \`kubectl -n argocd apply -f apps/{{name}}/root.yaml\` hands it the rest: the root Application syncs the child
Applications in waves, each wave once the previous one is Synced and Healthy:

| wave | Applications |
|---|---|
{{#each waves}}
| {{wave}} | {{apps}} |
{{/each}}

The models come last: nothing waits for a model to become Ready, so a model that cannot start (no GPU quota, a missing
Secret) leaves the platform, the edge and its certificates in place.

## GPU capacity and cost

| pool | flavour | per node | nodes | price |
|---|---|---|---|---|
| GPU | \`{{gpu.flavor}}\` | {{gpu.gpuCount}} x {{gpu.gpuModel}}, {{gpu.vramGiB}} GiB VRAM each | {{gpu.min}}..{{gpu.max}} | {{gpu.price}}/h per node ({{gpu.priceSource}}) |
| CPU | \`{{cpu.flavor}}\` | | {{cpu.min}}..{{cpu.max}} | |

GPU pool contract (the bootstrap creates the pool exactly so; vLLM selects and tolerates it, and the OVH autoscaler's
scale-from-zero template must carry it): pool name \`{{pool.name}}\`, node label \`{{pool.label}}\`, taint
\`{{pool.taint}}\` so that no platform pod takes a GPU node. GPU: {{gpu.gpuModel}} ({{gpu.architecture}},
compute capability {{gpu.computeCapability}}).

## Models

{{#each models}}
### \`{{name}}\`: {{repo}} on vLLM {{vllmVersion}}

- Endpoint: \`{{endpoint}}\` (OpenAI API; {{authHint}}).
- Fit: weights {{fit.weightsGiB}} GiB + KV cache {{fit.kvGiB}} GiB for {{maxModelLen}} tokens = {{fit.needGiB}} GiB of
  {{fit.usableGiB}} GiB usable ({{gpus}} GPU x {{vramGiB}} GiB x gpu-memory-utilization {{gpuMemoryUtilization}}); the
  longest context that fits is {{fit.maxFittingLen}} tokens.
{{#each architectureNotes}}
- GPU: {{this}}.
{{/each}}
- Scaling (\`{{mode}}\`): {{minReplicas}}..{{maxReplicas}} replicas; one more when more than {{queueThreshold}} requests wait
  per replica (checked every {{pollingInterval}} s), at most one per {{scaleUpPeriod}} s. {{behaviour}}.
- Active (kept up) while: {{activeWhile}}; to zero {{cooldownPeriod}} s after all of these stop.
- Cost: {{cost}}.
- Cold start from zero replicas{{#if newNode}} (the GPU pool is at 0 nodes){{/if}}: about **{{coldStartSeconds}} s**; a replica's
  first start (weights downloaded from Hugging Face, compile cache cold) about {{firstStartSeconds}} s. Each replica
  keeps its own volume{{cacheNote}}, so later cold starts read the weights and vLLM's compile cache from it.

  | step | seconds | basis |
  |---|---|---|
{{#each coldStartSteps}}
  | {{label}} | {{seconds}} | {{basis}} |
{{/each}}

- Timeouts, all derived from the cold start: startup probe {{startupBudgetSeconds}} s; Gateway route {{routeTimeoutSeconds}} s{{#if readinessTimeoutSeconds}}, of which the HTTP interceptor holds a request up to {{readinessTimeoutSeconds}} s for a replica{{/if}}{{#if warmupLeadSeconds}}; warm-up {{warmupLeadSeconds}} s before business hours{{/if}}.
  Give clients a timeout of at least {{routeTimeoutSeconds}} s{{#if retryForSeconds}}, and retries with backoff for up to {{retryForSeconds}} s (a request that finds the model at zero gets 503 until the cold start is over){{/if}}.
- Shutdown: a pod that is scaled in stops taking requests, waits {{preStopSeconds}} s for the gateway to notice, then
  lets in-flight requests finish for up to {{shutdownSeconds}} s (grace period {{terminationGraceSeconds}} s).
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

{{#if alertingNote}}
{{alertingNote}}

{{/if}}
## Access

Only the Gateway is public ({{gatewayHosts}}). Everything else is cluster-internal:

\`\`\`sh
{{#each accessCommands}}
{{this}}
{{/each}}
\`\`\`
`;
