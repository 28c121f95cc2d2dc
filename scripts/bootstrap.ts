/**
 * npm run bootstrap -- <cluster> [--kubeconfig FILE] [--chart-cache DIR] [--helm PATH] [--timeout MINUTES] [--dry-run]
 * From OVH credentials (environment) to a cluster whose Applications are Synced and Healthy. See README "Bootstrap".
 */
import { Command } from "commander";
import { bootstrap } from "../generator/cloud/bootstrap.js";
import { CREDENTIALS_HELP } from "../generator/cloud/ovh-credentials.js";
import { cloudDeps, runCommand } from "./cloud-deps.js";

const program = new Command("bootstrap")
  .argument("<cluster>", "cluster name (clusters/<cluster>.yaml)")
  .option("--kubeconfig <file>", "where to write the kubeconfig (default ~/.kube/llm-gitops-<cluster>.yaml, mode 0600)")
  .option("--chart-cache <dir>", "pinned chart archives (<chart>/<version>/<chart>-<version>.tgz) instead of the chart repository")
  .option("--helm <path>", "helm binary (default: helm on PATH)")
  .option("--timeout <minutes>", "how long to wait for MKS, Argo CD and each wave", "60")
  .option("--poll <seconds>", "seconds between status polls", "10")
  .option("--dry-run", "print every OVH call and Kubernetes change instead of making it", false)
  .addHelpText("after", `\n${CREDENTIALS_HELP.join("\n")}\n  HF_TOKEN                   Hugging Face token (required when a model is gated)\n  LLM_GITOPS_API_KEY_FILE    the API key npm run api-key wrote (default ~/.config/llm-gitops/<cluster>.api-key)\n  GIT_TOKEN / GIT_SSH_KEY_FILE  credentials Argo CD uses for a private repository`)
  .action(async (cluster: string, o: { kubeconfig?: string; chartCache?: string; helm?: string; timeout: string; poll: string; dryRun: boolean }) => {
    await runCommand(() =>
      bootstrap({ cluster, ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}), ...(o.chartCache ? { chartCache: o.chartCache } : {}), ...(o.helm ? { helm: o.helm } : {}), timeoutMinutes: Number(o.timeout), pollSeconds: Number(o.poll), dryRun: o.dryRun }, cloudDeps()),
    );
  });
await program.parseAsync(process.argv);
