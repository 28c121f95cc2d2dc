/** How cluster files are named: the file name is the cluster name, a DNS-1123 label. */
export const DEFAULTS_FILE = "defaults.yaml";
export const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const CLUSTER_FILE_EXT = /\.ya?ml$/;
