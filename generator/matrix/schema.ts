/**
 * The environment matrix schema: the single source of truth for validation (ajv) and for the TypeScript types
 * (`Static<typeof ClusterSchema>`). `clusters/matrix.schema.json` is written from it (`npm run schema`) for editors.
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { CHART_KEYS, EXACT_VERSION_PATTERN } from "../catalog/charts.js";
import { MODELS } from "../catalog/models.js";
import { CPU_FLAVORS, GPU_FLAVORS, MKS_KUBERNETES_VERSIONS, MKS_REGIONS } from "../catalog/ovh.js";
import { VLLM_VERSIONS } from "../catalog/vllm.js";

const DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
const DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";
export const SECRET_CREATORS = ["bootstrap", "external"] as const;
export const ACME_ISSUERS = ["letsencrypt-staging", "letsencrypt-production"] as const;
export const AUTH_MODES = ["api-key", "jwt"] as const;
const HTTPS_URL = "^https://[^\\s/]+(/\\S*)?$";
const SecretRef = (description: string) =>
  strictObject(
    {
      name: Type.String({ pattern: DNS_SUBDOMAIN, "x-hint": "a Secret name such as vllm-api-key", description: "Secret name" }),
      key: Type.String({ pattern: "^[-._a-zA-Z0-9]+$", "x-hint": "a Secret data key such as api-key", description: "key inside the Secret" }),
    },
    description,
  );
export const OBSERVABILITY_BACKENDS = ["kube-prometheus-stack", "signoz"] as const;
const HOSTNAME = "^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$";

const strictObject = <P extends Record<string, TSchema>>(props: P, description: string) =>
  Type.Object(props, { additionalProperties: false, description });

const enumOf = <T extends readonly string[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: "string", enum: [...values], description });

const NodePool = <T extends readonly string[]>(flavors: T, what: string) =>
  strictObject(
    {
      flavor: enumOf(flavors, `OVH flavour of the ${what} pool`),
      min: Type.Integer({ minimum: 0, description: "minimum nodes (0 lets the autoscaler release the pool)" }),
      max: Type.Integer({ minimum: 1, description: "maximum nodes" }),
      autoscale: Type.Boolean({ description: "let the OVH cluster-autoscaler resize the pool between min and max" }),
      eurPerHour: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: "hourly node price in EUR, overriding the generator's catalogue (used for cost estimates only)" })),
    },
    `${what} node pool`,
  );

export const ChartVersions = Type.Partial(Type.Object(
  Object.fromEntries(
    CHART_KEYS.map((key) => [
      key,
      Type.String({ pattern: EXACT_VERSION_PATTERN, "x-hint": "an exact version such as 1.2.3 or v1.2.3 (no ranges, no tags)", description: `pin for ${key}` }),
    ]),
  ),
  { additionalProperties: false, description: "per-chart version overrides of the generator's catalog (exact versions only)" },
));

export const CACHE_VOLUMES = ["shared", "per-replica"] as const;
export const SCALING_MODES = ["none", "warm", "http-addon", "schedule"] as const;
export type ScalingMode = (typeof SCALING_MODES)[number];
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const CLOCK = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

const Schedule = strictObject(
  {
    timezone: Type.String({ minLength: 1, description: "IANA time zone of the business hours, such as Europe/Vienna" }),
    days: Type.Array(enumOf(WEEKDAYS, "a working day"), { minItems: 1, uniqueItems: true, description: "working days (mon..sun)" }),
    start: Type.String({ pattern: CLOCK, "x-hint": "a 24-hour time such as 08:00", description: "start of business hours (the model is warm from this time)" }),
    end: Type.String({ pattern: CLOCK, "x-hint": "a 24-hour time such as 18:00", description: "end of business hours (scale to zero cooldownPeriod later)" }),
    replicas: Type.Optional(Type.Integer({ minimum: 1, description: "replicas kept during business hours (default 1)" })),
    holidays: Type.Optional(
      strictObject(
        {
          country: Type.String({ pattern: "^[A-Z]{2}$", "x-hint": "an ISO 3166 country code such as AT", description: "country whose public holidays are not business days" }),
          region: Type.Optional(Type.String({ minLength: 1, description: "state/region code within the country (date-holidays), such as 9 for Vienna" })),
          from: Type.String({
            pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$",
            "x-hint": "a month such as 2026-12",
            description: "first month of the 12-month horizon for which holidays are computed (cron has no year: move it forward yearly)",
          }),
        },
        "public holidays excluded from business days",
      ),
    ),
  },
  "business hours for the schedule mode (KEDA cron triggers)",
);

const Scaling = strictObject(
  {
    mode: enumOf(
      SCALING_MODES,
      "scale-from-zero mode: none (first request after idle gets 503), warm (one replica always up), http-addon (the KEDA HTTP add-on holds requests during a cold start) or schedule (warm during business hours)",
    ),
    minReplicas: Type.Integer({ minimum: 0, description: "KEDA minReplicaCount (warm mode keeps at least 1)" }),
    maxReplicas: Type.Integer({ minimum: 1, description: "KEDA maxReplicaCount" }),
    cooldownPeriod: Type.Integer({ minimum: 0, description: "seconds idle before scaling to zero" }),
    pollingInterval: Type.Integer({ minimum: 1, description: "seconds between KEDA's Prometheus queries" }),
    queueThreshold: Type.Number({ exclusiveMinimum: 0, description: "waiting requests per replica that trigger a scale-up" }),
    coldStartSeconds: Type.Integer({ minimum: 60, description: "expected cold start (GPU node + driver + model load); sizes probes and scale-up windows" }),
    httpConcurrency: Type.Optional(
      Type.Integer({ minimum: 1, description: "http-addon mode: concurrent requests per replica before the add-on asks for another (default 100)" }),
    ),
    schedule: Type.Optional(Schedule),
  },
  "autoscaling of the model (KEDA ScaledObject)",
);

const ModelEntry = strictObject(
  {
    name: Type.String({ pattern: DNS_LABEL, "x-hint": "a DNS-1123 label such as llama-8b", description: "served model name and Kubernetes object name" }),
    model: enumOf(Object.keys(MODELS), "model from the generator's catalogue"),
    vllmVersion: Type.Optional(enumOf(VLLM_VERSIONS, "vllm/vllm-openai image tag (decides metric names)")),
    maxModelLen: Type.Integer({ minimum: 256, description: "--max-model-len: longest sequence (prompt + output) in tokens" }),
    gpusPerReplica: Type.Optional(Type.Integer({ minimum: 1, description: "GPUs per vLLM pod (--tensor-parallel-size)" })),
    gpuMemoryUtilization: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 0.99, description: "--gpu-memory-utilization (default 0.9)" })),
    cache: Type.Optional(
      strictObject(
        {
          volume: enumOf(CACHE_VOLUMES, "shared: one PVC for all replicas (ReadWriteOnce allows one replica, ReadWriteMany needs a storage class that offers it); per-replica: each pod gets its own volume and downloads the model at start"),
          size: Type.Optional(Type.String({ pattern: "^[0-9]+Gi$", "x-hint": "a size in Gi such as 50Gi", description: "volume size (default: twice the weights + 10 GiB, at least 20 GiB)" })),
          storageClass: Type.Optional(Type.String({ pattern: DNS_SUBDOMAIN, description: "storage class (default csi-cinder-high-speed, OVH's block storage, ReadWriteOnce)" })),
          accessMode: Type.Optional(enumOf(["ReadWriteOnce", "ReadWriteMany"] as const, "shared volume's access mode (default ReadWriteOnce)")),
        },
        "the Hugging Face cache volume (default: shared, ReadWriteOnce)",
      ),
    ),
    scaling: Scaling,
    alerts: Type.Optional(
      strictObject(
        {
          ttftP95Seconds: Type.Number({ exclusiveMinimum: 0, description: "VllmHighTTFT threshold (default 5)" }),
          kvCacheUsage: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "VllmKvCacheHigh threshold 0-1 (default 0.9)" }),
        },
        "alert thresholds",
      ),
    ),
  },
  "one model served by vLLM",
);
export type ModelConfig = Static<typeof ModelEntry>;
export type ScheduleConfig = Static<typeof Schedule>;

export const ClusterSchema = strictObject(
  {
    environment: Type.String({ pattern: DNS_LABEL, "x-hint": "a DNS-1123 label such as dev or prod", description: "environment label put on every Application" }),
    ovh: strictObject(
      {
        region: enumOf(MKS_REGIONS, "OVH Public Cloud region of the MKS cluster"),
        plan: Type.Union([Type.Literal("free"), Type.Literal("standard")], { description: "MKS control-plane plan" }),
      },
      "OVHcloud placement",
    ),
    kubernetes: strictObject({ version: enumOf(MKS_KUBERNETES_VERSIONS, "Kubernetes minor version of the MKS cluster") }, "Kubernetes"),
    nodePools: strictObject(
      {
        cpu: NodePool(Object.keys(CPU_FLAVORS), "CPU"),
        gpu: NodePool(Object.keys(GPU_FLAVORS), "GPU"),
      },
      "node pools of the cluster",
    ),
    git: strictObject(
      {
        repoURL: Type.String({ pattern: "^(https://|ssh://|git@)\\S+$", "x-hint": "an https:// or ssh git URL", description: "repository Argo CD pulls (this repository)" }),
        revision: Type.String({ minLength: 1, pattern: "^\\S+$", description: "branch, tag or commit Argo CD tracks" }),
      },
      "the repository Argo CD syncs from",
    ),
    domain: Type.String({ pattern: HOSTNAME, "x-hint": "a lower-case DNS name such as llm.example.com", description: "base domain; model hostnames are <model>.<domain>" }),
    acme: Type.Optional(
      strictObject(
        {
          email: Type.String({ format: "email", description: "ACME account e-mail for Let's Encrypt (required while tls.enabled)" }),
        },
        "Let's Encrypt",
      ),
    ),
    tls: strictObject(
      {
        enabled: Type.Boolean({ description: "HTTPS listeners with Let's Encrypt certificates (HTTP-01 through the Gateway); HTTP redirects to HTTPS" }),
        issuer: enumOf(ACME_ISSUERS, "ClusterIssuer the Gateway's certificates come from (staging first: production has strict rate limits)"),
      },
      "TLS at the Gateway",
    ),
    auth: strictObject(
      {
        mode: enumOf(AUTH_MODES, "api-key: a Bearer header is required at the Gateway and vLLM checks the key; jwt: the Gateway validates JWTs from an issuer (several consumers)"),
        jwt: Type.Optional(
          strictObject(
            {
              issuer: Type.String({ pattern: HTTPS_URL, "x-hint": "an https:// URL such as https://auth.example.com/realms/llm", description: "JWT issuer (iss)" }),
              jwksUri: Type.String({ pattern: HTTPS_URL, "x-hint": "an https:// URL of the issuer's JWKS", description: "URL of the issuer's JSON Web Key Set" }),
              audiences: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: "accepted audiences (aud); any when absent" })),
            },
            "JWT validation at the Gateway (required with mode jwt)",
          ),
        ),
      },
      "authentication at the edge",
    ),
    secrets: strictObject(
      {
        createdBy: Type.Optional(
          enumOf(SECRET_CREATORS, "who creates the Secrets on the cluster: bootstrap (kubectl commands in the cluster README; the default) or external (External Secrets / Sealed Secrets, under these names and keys)"),
        ),
        apiKey: SecretRef("Secret (in namespace vllm) holding vLLM's API key"),
        hfToken: SecretRef("Secret (in namespace vllm) holding the Hugging Face token (optional on the cluster: public models need none)"),
        grafanaAdmin: SecretRef("Secret (in namespace monitoring) with keys admin-user and admin-password for Grafana"),
      },
      "Secrets by reference: created on the cluster (bootstrap, External Secrets or Sealed Secrets), never written here",
    ),
    observability: strictObject(
      {
        backend: enumOf(OBSERVABILITY_BACKENDS, "kube-prometheus-stack (Prometheus, Grafana, Alertmanager) or an existing SigNoz"),
        signoz: Type.Optional(
          strictObject(
            {
              queryEndpoint: Type.String({
                pattern: "^https?://[^\\s/]+(/\\S*)?$",
                "x-hint": "an http(s) URL such as http://signoz-query-service.signoz.svc.cluster.local:8080",
                description: "SigNoz's Prometheus-compatible query endpoint (KEDA's serverAddress); find it with kubectl get svc -n signoz",
              }),
              collector: strictObject(
                {
                  namespace: Type.String({ pattern: DNS_LABEL, description: "namespace of SigNoz's OpenTelemetry collector" }),
                  serviceAccount: Type.String({ pattern: DNS_SUBDOMAIN, description: "service account of the collector (granted pod discovery in vllm)" }),
                },
                "the OpenTelemetry collector that scrapes vLLM",
              ),
            },
            "an existing SigNoz (required when backend is signoz)",
          ),
        ),
      },
      "metrics backend",
    ),
    charts: Type.Optional(ChartVersions),
    models: Type.Array(ModelEntry, { description: "models served on the cluster" }),
  },
  "one MKS cluster of the environment matrix",
);
export type ClusterConfig = Static<typeof ClusterSchema>;
