/**
 * DNS for the model hostnames: once the Gateway has an address, the A record every `<model>.<domain>` needs; with
 * `dns.provider: ovh` they are created or updated in the OVH DNS zone (`/domain/zone/{zone}/record`, then `/refresh`),
 * idempotently. HTTP-01 certificates are issued only once these resolve.
 */
import { GATEWAY_NAME, GATEWAY_NAMESPACE } from "../plan/gateway-names.js";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import type { KubeApi } from "./kube.js";
import type { OvhApi } from "./ovh-client.js";

export async function gatewayAddress(kube: KubeApi): Promise<string | undefined> {
  const gw = await kube.get("gateway.networking.k8s.io/v1", "Gateway", GATEWAY_NAME, GATEWAY_NAMESPACE);
  return gw?.status?.addresses?.[0]?.value;
}

export const records = (plan: ClusterPlan, address: string) => plan.models.map((m) => ({ host: m.host, type: /^[\d.]+$/.test(address) ? "A" : "CNAME", target: address }));

export async function ensureDnsRecords(ovh: OvhApi, plan: ClusterPlan, address: string, log: (s: string) => void): Promise<void> {
  const zone = plan.config.dns!.zone!;
  let changed = false;
  for (const r of records(plan, address)) {
    const subDomain = r.host === zone ? "" : r.host.slice(0, -(zone.length + 1));
    const ids = await ovh.get<number[]>(`/domain/zone/${zone}/record`, { fieldType: r.type, subDomain });
    if (ids.length === 0) {
      log(`DNS ${r.host} ${r.type} ${r.target}: creating in zone ${zone}`);
      await ovh.post(`/domain/zone/${zone}/record`, { fieldType: r.type, subDomain, target: r.target, ttl: 300 });
      changed = true;
      continue;
    }
    for (const id of ids) {
      const current = await ovh.get<{ target: string }>(`/domain/zone/${zone}/record/${id}`);
      if (current.target === r.target) {
        log(`DNS ${r.host} ${r.type} ${r.target}: up to date`);
        continue;
      }
      log(`DNS ${r.host} ${r.type}: ${current.target} -> ${r.target}`);
      await ovh.put(`/domain/zone/${zone}/record/${id}`, { target: r.target });
      changed = true;
    }
  }
  if (changed) await ovh.post(`/domain/zone/${zone}/refresh`);
}
