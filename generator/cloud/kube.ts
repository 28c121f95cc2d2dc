/**
 * The Kubernetes API through @kubernetes/client-node: server-side apply (field manager llm-gitops), get, list,
 * delete and a GET through the API server's service proxy. In dry-run mode every change is printed and skipped.
 */
import { KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject } from "@kubernetes/client-node";

export const FIELD_MANAGER = "llm-gitops";

export interface KubeObject extends KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly [key: string]: unknown;
}

export interface KubeApi {
  apply(o: KubeObject): Promise<void>;
  get(apiVersion: string, kind: string, name: string, namespace?: string): Promise<any | undefined>;
  list(apiVersion: string, kind: string, namespace?: string): Promise<any[]>;
  delete(apiVersion: string, kind: string, name: string, namespace?: string): Promise<void>;
  /** GET `path` of a Service through the API server (`<name>:<port>` in `namespace`), parsed as JSON. */
  serviceProxy(namespace: string, service: string, path: string): Promise<unknown>;
  readonly dryRun: boolean;
}

const notFound = (e: unknown) => (e as { code?: number }).code === 404;
const describe = (o: { kind: string; metadata: { name: string; namespace?: string } }) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;

export function kubeApi(kubeconfig: string, o: { dryRun: boolean; log: (line: string) => void }): KubeApi {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  const api = KubernetesObjectApi.makeApiClient(kc);
  const spec = (apiVersion: string, kind: string, name: string, namespace?: string) => ({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } });
  return {
    dryRun: o.dryRun,
    apply: async (obj) => {
      if (o.dryRun) return o.log(`dry-run: would apply ${describe(obj)} (server-side)`);
      await api.patch(obj, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
    },
    get: async (apiVersion, kind, name, namespace) => {
      try {
        return await api.read(spec(apiVersion, kind, name, namespace));
      } catch (e) {
        if (notFound(e)) return undefined;
        throw e;
      }
    },
    list: async (apiVersion, kind, namespace) => {
      try {
        return (await api.list(apiVersion, kind, namespace)).items as any[];
      } catch (e) {
        if (notFound(e)) return [];
        throw e;
      }
    },
    delete: async (apiVersion, kind, name, namespace) => {
      if (o.dryRun) return o.log(`dry-run: would delete ${kind} ${namespace ? `${namespace}/` : ""}${name}`);
      try {
        await api.delete(spec(apiVersion, kind, name, namespace), undefined, undefined, undefined, undefined, "Foreground");
      } catch (e) {
        if (!notFound(e)) throw e;
      }
    },
    serviceProxy: async (namespace, service, path) => {
      const server = kc.getCurrentCluster()?.server;
      if (!server) throw new Error("kubeconfig has no current cluster");
      const init = await kc.applyToFetchOptions({});
      const res = await fetch(`${server.replace(/\/$/, "")}/api/v1/namespaces/${namespace}/services/${service}/proxy${path}`, init as RequestInit);
      if (!res.ok) throw new Error(`service proxy ${namespace}/${service}${path}: HTTP ${res.status}`);
      return res.json();
    },
  };
}
