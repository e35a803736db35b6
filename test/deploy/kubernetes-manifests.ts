// Renders deploy/kubernetes with kubectl's built-in Kustomize and validates the objects against
// the Kubernetes, KEDA and Prometheus Operator schemas shipped in the kubernetes-models
// packages (offline: nothing is fetched).
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@herald/local-stack";
import * as keda from "@kubernetes-models/keda";
import * as prometheusOperator from "@kubernetes-models/prometheus-operator";
import * as kubernetes from "kubernetes-models";
import { parseAllDocuments } from "yaml";

export const kubernetesDir = path.join(repoRoot, "deploy/kubernetes");

export const overlays = readdirSync(path.join(kubernetesDir, "overlays")).map((name) => ({
  name,
  dir: path.join(kubernetesDir, "overlays", name),
}));

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests are untyped YAML
export type Manifest = Record<string, any> & {
  apiVersion: string;
  kind: string;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  metadata: Record<string, any> & { name: string };
};

export interface Rendered {
  objects: Manifest[];
  warnings: string;
}

export function kustomizeVersion(): string {
  try {
    const output = execFileSync("kubectl", ["version", "--client"], { encoding: "utf8" });
    return /Kustomize Version: v?(\S+)/.exec(output)?.[1] ?? "none";
  } catch {
    throw new Error("kubectl is not installed (.ci/run installs it); it renders deploy/kubernetes");
  }
}

export function render(dir: string): Rendered {
  const result = spawnSync("kubectl", ["kustomize", dir], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${result.stderr}`);
  const objects = parseAllDocuments(result.stdout).map((document) => {
    if (document.errors.length > 0) throw new Error(String(document.errors[0]));
    return document.toJSON() as Manifest;
  });
  return { objects, warnings: result.stderr.trim() };
}

interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: unknown): { validate(): void };
}

// Every model class the three packages export, by "apiVersion/kind".
function modelIndex(): Map<string, ModelClass> {
  const index = new Map<string, ModelClass>();
  const visit = (value: unknown, depth: number) => {
    if (typeof value === "function") {
      const model = value as Partial<ModelClass>;
      if (typeof model.apiVersion === "string" && typeof model.kind === "string")
        index.set(`${model.apiVersion}/${model.kind}`, value as ModelClass);
      return;
    }
    if (value === null || typeof value !== "object" || depth > 3) return;
    for (const child of Object.values(value)) visit(child, depth + 1);
  };
  for (const module of [kubernetes, keda, prometheusOperator]) visit(module, 0);
  return index;
}

const models = modelIndex();

/** The schema errors of one object; an object of a type no package describes is an error too. */
export function schemaErrors(object: Manifest): string[] {
  const model = models.get(`${object.apiVersion}/${object.kind}`);
  if (!model) return [`no schema for ${object.apiVersion} ${object.kind}`];
  try {
    new model(object).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

export function describe(object: Manifest): string {
  return `${object.kind}/${object.metadata.name}`;
}

export function find(objects: Manifest[], kind: string, name: string): Manifest {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} is not rendered`);
  return found;
}

export function selects(selector: Record<string, string>, labels: Record<string, string> = {}): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/**
 * The environment a container starts with: its ConfigMaps and explicit values, plus the given
 * stand-ins for every Secret key it references (the Secret itself is the operator's).
 */
export function containerEnv(
  objects: Manifest[],
  container: Manifest,
  secrets: Record<string, string>,
): { env: Record<string, string>; secretRefs: string[] } {
  const env: Record<string, string> = {};
  const secretRefs: string[] = [];
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, find(objects, "ConfigMap", source.configMapRef.name).data);
    if (source.secretRef) {
      secretRefs.push(source.secretRef.name);
      Object.assign(env, secrets);
    }
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (variable.valueFrom?.secretKeyRef) {
      const { name, key } = variable.valueFrom.secretKeyRef;
      secretRefs.push(name);
      if (secrets[key] === undefined) throw new Error(`no stand-in for secret key ${key}`);
      env[variable.name] = secrets[key];
    }
  }
  return { env, secretRefs };
}

/** The container port a probe or monitor names (or gives as a number). */
export function portNumber(container: Manifest, port: string | number): number | undefined {
  if (typeof port === "number") return port;
  return container.ports?.find((entry: { name?: string }) => entry.name === port)?.containerPort;
}

/** The Prometheus queries the KEDA overlay scales workers on. */
export function kedaQueries(): { trigger: string; query: string }[] {
  const overlay = overlays.find((each) => each.name === "autoscaling-keda");
  if (!overlay) throw new Error("no autoscaling-keda overlay");
  return render(overlay.dir)
    .objects.filter((object) => object.kind === "ScaledObject")
    .flatMap((object) => object.spec.triggers as Manifest[])
    .filter((trigger) => trigger.type === "prometheus")
    .map((trigger) => ({ trigger: trigger.name as string, query: trigger.metadata.query as string }));
}
