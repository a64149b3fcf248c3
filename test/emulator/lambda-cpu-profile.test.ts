/**
 * EDA_LOCAL_FUNCTION_CPU_PROFILE=<dir>: each execution environment's process
 * writes a V8 CPU profile into <dir> as it exits, named after the function,
 * and stopping the emulator lets the processes exit so that they do.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { IAMClient } from "@aws-sdk/client-iam";
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { RunningEmulator } from "../../src/emulator/emulator.js";
import { clientConfig, startTestEmulator } from "../helpers/emulator.js";
import { createExecutionRole, zipOf } from "../helpers/lambda.js";

// Busy for 30 ms of CPU per invocation, so the sampler (one sample a millisecond) sees it.
const HANDLER = `
function spin(ms) {
  const until = process.cpuUsage().user + ms * 1000;
  let turns = 0;
  while (process.cpuUsage().user < until) turns++;
  return turns;
}
export const handler = async (event) => ({ doubled: event.n * 2, turns: spin(30) > 0 });
`;

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  startTime: number;
  endTime: number;
}

describe("CPU profiles of the functions' processes", () => {
  let directory: string;
  let emulator: RunningEmulator | undefined;

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), "eda-cpu-profile-"));
  });
  after(async () => {
    await emulator?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it("writes a parseable .cpuprofile per execution environment, named after its function, when the emulator stops", async () => {
    // Read as the emulator starts, like the other EDA_LOCAL_* settings.
    process.env.EDA_LOCAL_FUNCTION_CPU_PROFILE = directory;
    try {
      emulator = await startTestEmulator();
    } finally {
      delete process.env.EDA_LOCAL_FUNCTION_CPU_PROFILE;
    }
    const iam = new IAMClient(clientConfig(emulator));
    const lambda = new LambdaClient(clientConfig(emulator));
    try {
      const role = await createExecutionRole(iam, "profiled-role", []);
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: "profiled-doubler",
          Runtime: "nodejs22.x",
          Role: role,
          Handler: "index.handler",
          Code: { ZipFile: zipOf({ "index.mjs": HANDLER }) },
        }),
      );
      for (let n = 1; n <= 3; n++) {
        const output = await lambda.send(new InvokeCommand({ FunctionName: "profiled-doubler", Payload: JSON.stringify({ n }) }));
        assert.equal(output.FunctionError, undefined, Buffer.from(output.Payload ?? []).toString());
        assert.deepEqual(JSON.parse(Buffer.from(output.Payload!).toString()), { doubled: n * 2, turns: true });
      }
    } finally {
      iam.destroy();
      lambda.destroy();
    }
    // Nothing is written while the environment lives: the profile is written as its process exits.
    assert.deepEqual(await readdir(directory), []);

    await emulator.stop();
    emulator = undefined;

    // One warm environment usually serves all three; a loaded machine may start another (each writes its own).
    const files = await readdir(directory);
    assert.ok(files.length >= 1, "a profile was written");
    const profiles: CpuProfile[] = [];
    for (const file of files) {
      assert.match(file, /^profiled-doubler\.[0-9a-f]+\.cpuprofile$/);
      const profile = JSON.parse(await readFile(join(directory, file), "utf8")) as CpuProfile;
      assert.ok(Array.isArray(profile.nodes) && profile.nodes.length > 0, `${file} has call-tree nodes`);
      assert.ok(Array.isArray(profile.samples), `${file} has samples`);
      assert.ok(profile.endTime > profile.startTime);
      profiles.push(profile);
    }
    // The function's own code is in the call tree.
    assert.ok(
      profiles.some((profile) => profile.nodes.some((node) => node.callFrame.functionName === "spin" && node.callFrame.url.endsWith("/index.mjs"))),
      "the function's spin() in index.mjs appears in a profile",
    );
  });
});
