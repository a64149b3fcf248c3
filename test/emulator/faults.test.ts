import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { FaultInjector, parseFaultPlan } from "../../src/emulator/faults.js";
import { clientConfig, startTestEmulator } from "../helpers/emulator.js";

describe("fault plans", () => {
  it("parses the compact form with latency, service and operation filters and a seed", () => {
    const plan = parseFaultPlan("throttle:0.1,server-error:0.05:sqs,latency=250:0.2:s3:PutObject@42");
    assert.deepEqual(plan, {
      seed: 42,
      rules: [
        { kind: "throttle", rate: 0.1 },
        { kind: "server-error", rate: 0.05, service: "sqs" },
        { kind: "latency", rate: 0.2, latencyMs: 250, service: "s3", operation: "PutObject" },
      ],
    });
  });

  it("refuses unknown kinds and rates outside 0..1 with a message naming them", () => {
    assert.throws(() => parseFaultPlan("explode:0.1"), /unknown fault kind "explode"/);
    assert.throws(() => parseFaultPlan("throttle:1.5"), /between 0 and 1/);
  });

  it("makes the same decisions for the same seed", () => {
    const decisions = (seed: number) => {
      const injector = new FaultInjector({ seed, rules: [{ kind: "throttle", rate: 0.5 }] });
      return Array.from({ length: 40 }, () => injector.decide("sqs", "SendMessage").kind).join(",");
    };
    assert.equal(decisions(7), decisions(7));
    assert.notEqual(decisions(7), decisions(8));
  });

  it("limits a rule to one kind of caller, and counts what it injects", () => {
    const plan = parseFaultPlan("throttle:1:::admin,server-error:1:sqs::role-session");
    assert.deepEqual(plan.rules, [
      { kind: "throttle", rate: 1, caller: "admin" },
      { kind: "server-error", rate: 1, service: "sqs", caller: "role-session" },
    ]);
    const injector = new FaultInjector(plan);
    const codes = [injector.decide("s3", "PutObject", "admin"), injector.decide("s3", "PutObject", "role-session"), injector.decide("sqs", "ReceiveMessage", "role-session")].map(
      (decision) => (decision.kind === "error" ? decision.error.code : decision.kind),
    );
    assert.deepEqual(codes, ["SlowDown", "none", "InternalFailure"]);
    assert.deepEqual(injector.counts(), { throttle: 1, "server-error": 1 });
    assert.throws(() => parseFaultPlan("throttle:1:::robot"), /unknown fault caller "robot"/);
  });

  it("uses each service's own throttling error", () => {
    const injector = new FaultInjector({ seed: 1, rules: [{ kind: "throttle", rate: 1 }] });
    const codes = ["sqs", "s3", "lambda", "iam", "logs"].map((service) => {
      const decision = injector.decide(service, "Op");
      return decision.kind === "error" ? decision.error.code : decision.kind;
    });
    assert.deepEqual(codes, ["RequestThrottled", "SlowDown", "TooManyRequestsException", "Throttling", "ThrottlingException"]);
  });
});

describe("fault injection through the admin API", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator.stop();
  });

  /** The admin API takes the emulator's admin token (or its key's signature). */
  const admin = () => ({ "x-eda-admin-token": emulator.hub.settings.adminToken });

  async function setPlan(plan: string | null): Promise<Response> {
    return fetch(`${emulator.endpoint}/_eda/faults`, plan === null ? { method: "DELETE", headers: admin() } : { method: "PUT", body: plan, headers: admin() });
  }

  it("reports health without a signature", async () => {
    const health = (await (await fetch(`${emulator.endpoint}/_eda/health`)).json()) as Record<string, unknown>;
    assert.equal(health.status, "running");
    assert.equal(health.endpoint, emulator.endpoint);
  });

  it("throttles every matching request and the SDK surfaces the service's code", async () => {
    assert.equal((await setPlan("throttle:1:sts")).status, 200);
    const sts = new STSClient(clientConfig(emulator));
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), { name: "Throttling" });
    await setPlan(null);
    assert.ok((await sts.send(new GetCallerIdentityCommand({}))).Account);
  });

  it("lets the SDK's retries get through intermittent 5xx errors and dropped connections", async () => {
    await setPlan("server-error:0.3:sts,reset:0.2:sts@3");
    const sts = new STSClient(clientConfig(emulator, { maxAttempts: 8 }));
    for (let i = 0; i < 10; i++) assert.ok((await sts.send(new GetCallerIdentityCommand({}))).Account);
    await setPlan(null);
  });

  it("rejects an invalid plan with 400 and keeps the current one", async () => {
    await setPlan("latency=5:1:sts");
    const response = await setPlan("throttle:2");
    assert.equal(response.status, 400);
    const current = (await (await fetch(`${emulator.endpoint}/_eda/faults`, { headers: admin() })).json()) as { plan: unknown };
    assert.deepEqual(current.plan, { seed: 1, rules: [{ kind: "latency", rate: 1, latencyMs: 5, service: "sts" }] });
    await setPlan(null);
  });
});
