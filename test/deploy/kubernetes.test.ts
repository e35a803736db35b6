// deploy/kubernetes: every overlay renders with kubectl's Kustomize, every object validates
// against its schema, and the objects fit together and fit the apps (ports, probes, config,
// shutdown bounds). The KEDA queries are run against a real Prometheus scraping a real worker
// in test/observability/dashboard-end-to-end.test.ts.
import { apiConfigSchema } from "@herald/api/config";
import { parseConfig } from "@herald/runtime";
import { workerConfigSchema } from "@herald/worker/config";
import { beforeAll, describe, expect, it } from "vitest";
import {
  containerEnv,
  describe as describeObject,
  find,
  kustomizeVersion,
  type Manifest,
  overlays,
  portNumber,
  type Rendered,
  render,
  schemaErrors,
  selects,
} from "./kubernetes-manifests.js";

// Stand-ins for the operator's Secret `herald`; only their shape matters to the config schemas.
const secretStandIns = {
  DATABASE_URL: "postgresql://herald:pw@postgres:5432/herald",
  REDIS_URL: "redis://redis:6379",
  SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
};

// Each long-running app: its Deployment, its config schema, and the variable naming its port.
const apps = [
  // After the drain bound, each shutdown spends at most this long in its other bounded steps
  // (apps/*/src/main.ts): the api closes its connections (5 s); the worker also stops its
  // retention pass and forces the queue closed (5 s each).
  {
    name: "herald-api",
    schema: apiConfigSchema,
    portVariable: "PORT",
    metricsVariable: "API_METRICS_PORT",
    boundedStepsSeconds: 5,
  },
  {
    name: "herald-worker",
    schema: workerConfigSchema,
    portVariable: "WORKER_PORT",
    metricsVariable: "WORKER_PORT",
    boundedStepsSeconds: 15,
  },
] as const;

// Node's own variables; every other one a container sets must be one the app reads.
const runtimeVariables = new Set(["NODE_OPTIONS"]);

const rendered = new Map<string, Rendered>();

beforeAll(() => {
  const version = kustomizeVersion();
  expect(
    Number(version.split(".")[0]),
    `Kustomize ${version} is too old; kubectl 1.27+ has v5`,
  ).toBeGreaterThanOrEqual(5);
  for (const overlay of overlays) rendered.set(overlay.name, render(overlay.dir));
});

describe("deploy/kubernetes", () => {
  it("has the KEDA and HPA overlays", () => {
    expect(overlays.map((overlay) => overlay.name).sort()).toEqual(["autoscaling-hpa", "autoscaling-keda"]);
  });

  describe.each(overlays)("overlay $name", ({ name }) => {
    const objects = () => rendered.get(name)!.objects;
    const deployment = (app: string) => find(objects(), "Deployment", app);
    const container = (app: string) => deployment(app).spec.template.spec.containers[0] as Manifest;

    it("renders without warnings, into namespace herald", () => {
      expect(rendered.get(name)!.warnings).toBe("");
      expect(objects().length).toBeGreaterThan(10);
      for (const object of objects())
        expect(object.metadata.namespace, describeObject(object)).toBe("herald");
    });

    it("validates every object against the Kubernetes, KEDA and Prometheus Operator schemas", () => {
      const errors = objects().flatMap((object) =>
        schemaErrors(object).map((error) => `${describeObject(object)}: ${error}`),
      );
      expect(errors).toEqual([]);
    });

    it("gives both apps the same value of every setting both read (e.g. the in-flight caps)", () => {
      const [api, worker] = apps.map((app) =>
        parseConfig(app.schema, containerEnv(objects(), container(app.name), secretStandIns).env),
      );
      const ownPorts = new Set(
        apps.flatMap((app) => [app.portVariable, app.metricsVariable, "SHUTDOWN_TIMEOUT_MS"]),
      );
      const shared = Object.keys(apiConfigSchema.shape).filter(
        (variable) => variable in workerConfigSchema.shape && !ownPorts.has(variable),
      );
      expect(shared).toContain("ENDPOINT_MAX_IN_FLIGHT");
      const differing = shared.filter(
        (variable) =>
          JSON.stringify(api![variable as keyof typeof api]) !==
          JSON.stringify(worker![variable as keyof typeof worker]),
      );
      expect(differing).toEqual([]);
    });

    it("ships no Secret: the apps read the operator's Secret `herald`", () => {
      expect(objects().filter((object) => object.kind === "Secret")).toEqual([]);
    });

    it.each(apps)("$name starts with a configuration its app accepts", (app) => {
      const { env, secretRefs } = containerEnv(objects(), container(app.name), secretStandIns);
      expect(secretRefs).toEqual(["herald"]);
      expect(() => parseConfig(app.schema, env)).not.toThrow();
      const unknown = Object.keys(env).filter(
        (variable) => !(variable in app.schema.shape) && !runtimeVariables.has(variable),
      );
      expect(unknown).toEqual([]);
    });

    it.each(apps)("$name probes /readyz and /healthz on the port the app listens on", (app) => {
      const main = container(app.name);
      const config = parseConfig(app.schema, containerEnv(objects(), main, secretStandIns).env) as Record<
        string,
        unknown
      >;
      expect(main.readinessProbe.httpGet.path).toBe("/readyz");
      expect(main.livenessProbe.httpGet.path).toBe("/healthz");
      for (const probe of [main.readinessProbe, main.livenessProbe])
        expect(portNumber(main, probe.httpGet.port)).toBe(config[app.portVariable]);
    });

    it.each(apps)("$name runs as non-root on a read-only filesystem, with requests and limits", (app) => {
      const pod = deployment(app.name).spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const each of pod.containers as Manifest[]) {
        expect(each.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["ALL"] },
        });
        for (const kind of ["requests", "limits"]) {
          expect(each.resources[kind].cpu, `${kind}.cpu`).toBeDefined();
          expect(each.resources[kind].memory, `${kind}.memory`).toBeDefined();
        }
      }
    });

    it.each(apps)("$name gets longer than SHUTDOWN_TIMEOUT_MS to drain before SIGKILL", (app) => {
      const main = container(app.name);
      const config = parseConfig(app.schema, containerEnv(objects(), main, secretStandIns).env);
      const preStop = main.lifecycle?.preStop?.exec?.command as string[] | undefined;
      const preStopSeconds = preStop?.[0] === "sleep" ? Number(preStop[1]) : 0;
      expect(deployment(app.name).spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(
        preStopSeconds + config.SHUTDOWN_TIMEOUT_MS / 1000 + app.boundedStepsSeconds,
      );
    });

    it.each(apps)("$name has a disruption budget and a PodMonitor on its metrics port", (app) => {
      const labels = deployment(app.name).spec.template.metadata.labels;
      const budget = find(objects(), "PodDisruptionBudget", app.name);
      expect(selects(budget.spec.selector.matchLabels, labels)).toBe(true);
      expect(budget.spec.maxUnavailable).toBe(1);
      const monitor = find(objects(), "PodMonitor", app.name);
      expect(selects(monitor.spec.selector.matchLabels, labels)).toBe(true);
      const [endpoint] = monitor.spec.podMetricsEndpoints as Manifest[];
      expect(endpoint!.path).toBe("/metrics");
      const main = container(app.name);
      const config = parseConfig(app.schema, containerEnv(objects(), main, secretStandIns).env) as Record<
        string,
        unknown
      >;
      expect(portNumber(main, endpoint!.port)).toBe(config[app.metricsVariable]);
      // The alert rules and the dashboard select on these job names.
      expect(endpoint!.relabelings).toContainEqual({ targetLabel: "job", replacement: app.name });
      // Nothing else selects these pods by accident.
      const other = apps.find((each) => each.name !== app.name)!;
      expect(
        selects(monitor.spec.selector.matchLabels, deployment(other.name).spec.template.metadata.labels),
      ).toBe(false);
    });

    it("exposes the API through a Service on its request port only", () => {
      const service = find(objects(), "Service", "herald-api");
      expect(selects(service.spec.selector, deployment("herald-api").spec.template.metadata.labels)).toBe(
        true,
      );
      const targets = (service.spec.ports as Manifest[]).map((port) =>
        portNumber(container("herald-api"), port.targetPort),
      );
      expect(targets).toEqual([3000]);
    });

    it("migrates with the image's own runner, from the Secret, as non-root", () => {
      const job = find(objects(), "Job", "herald-migrate");
      const pod = job.spec.template.spec;
      const [migrate] = pod.containers as Manifest[];
      expect(migrate!.command).toEqual(["tsx", "packages/db/src/cli/migrate.ts"]);
      expect(migrate!.image).toBe(container("herald-api").image);
      expect(containerEnv(objects(), migrate!, secretStandIns).secretRefs).toEqual(["herald"]);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(migrate!.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(["Never", "OnFailure"]).toContain(pod.restartPolicy);
    });

    it("leaves the replica counts to an autoscaler for both apps", () => {
      for (const app of apps) {
        expect(deployment(app.name).spec.replicas, app.name).toBeUndefined();
        const scalers = objects().filter(
          (object) =>
            (object.kind === "ScaledObject" || object.kind === "HorizontalPodAutoscaler") &&
            object.spec.scaleTargetRef.name === app.name,
        );
        expect(scalers, app.name).toHaveLength(1);
        const spec = scalers[0]!.spec;
        const min = spec.minReplicaCount ?? spec.minReplicas;
        const max = spec.maxReplicaCount ?? spec.maxReplicas;
        expect(min).toBeGreaterThanOrEqual(2);
        expect(max).toBeGreaterThan(min);
        expect(spec.advanced?.horizontalPodAutoscalerConfig?.behavior ?? spec.behavior).toMatchObject({
          scaleDown: { stabilizationWindowSeconds: 300 },
        });
      }
    });
  });

  it("KEDA scales workers on waiting jobs and on the oldest waiting job's age", () => {
    const scaled = find(rendered.get("autoscaling-keda")!.objects, "ScaledObject", "herald-worker");
    const queries = (scaled.spec.triggers as Manifest[])
      .filter((trigger) => trigger.type === "prometheus")
      .map((trigger) => trigger.metadata.query as string);
    expect(queries).toEqual([
      expect.stringMatching(/^max\(herald_queue_jobs\{.*state="waiting".*\}\)$/),
      expect.stringMatching(/^max\(herald_queue_oldest_waiting_seconds\{.*\}\)$/),
    ]);
  });
});
