#!/usr/bin/env node
// Runs the test files with node's built-in runner through tsx, by tier:
//
//   node scripts/run-tests.mjs                  every suite (`npm test`, what CI runs)
//   node scripts/run-tests.mjs --tier fast      unit + the quick emulator suites (seconds)
//   node scripts/run-tests.mjs --tier compat    conformance, AWS CLI, boto3, moto
//   node scripts/run-tests.mjs --tier reliability
//   node scripts/run-tests.mjs --tier stress    three full runs while burners keep every core busy
//   node scripts/run-tests.mjs test/unit/core   the files under given paths
//
// Node 20 does not expand globs, so the files are collected here. Each file
// runs in a process of its own, except the groups that share one
// (SHARED_PROCESS_GROUPS, scripts/shared-process/). Each run ends with one
// line: tests, passed, failed and wall time.
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { cpus } from "node:os";
import { basename, join } from "node:path";

function collect(path) {
  if (statSync(path).isFile()) return path.endsWith(".test.ts") ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => collect(join(path, entry)));
}

/** Suites that drive the emulator with other AWS clients than SDK v3 (AWS CLI, boto3) or run against moto. */
const COMPAT_FILES = new Set([
  "test/emulator/aws-cli-s3-notifications.test.ts",
  "test/emulator/boto3-sns.test.ts",
  "test/emulator/sqs-aws-cli-v1.test.ts",
  "test/emulator/sqs-query-cli.test.ts",
  "test/e2e/moto-project.test.ts",
  "test/e2e/moto-setup.test.ts",
]);

/**
 * Emulator suites left out of the fast tier: function processes (a Node child
 * per Lambda environment), queue redelivery, thousands of requests (bursts,
 * fuzzing, 45 MB bodies) or a Python client each take tens of seconds on a
 * busy machine. New emulator suites are fast unless named here.
 */
const SLOW_EMULATOR_FILES = new Set([
  "test/emulator/iam.test.ts",
  "test/emulator/lambda-batch-response.test.ts",
  "test/emulator/lambda-cpu-profile.test.ts",
  "test/emulator/lambda-functions.test.ts",
  "test/emulator/lambda-invoke.test.ts",
  "test/emulator/lambda-sdk-resolution.test.ts",
  "test/emulator/lambda-sqs.test.ts",
  "test/emulator/lambda-zip-archive.test.ts",
  "test/emulator/logs.test.ts",
  "test/emulator/robustness.test.ts",
  "test/emulator/s3-lambda-notifications.test.ts",
  "test/emulator/s3-notification-burst.test.ts",
]);

const TIERS = {
  all: () => collect("test"),
  fast: () => [...collect("test/unit"), ...collect("test/emulator").filter((file) => !COMPAT_FILES.has(file) && !SLOW_EMULATOR_FILES.has(file))],
  compat: () => [...collect("test/conformance"), ...COMPAT_FILES],
  reliability: () => collect("test/reliability"),
};

/**
 * Suites whose cost is mostly a process's fixed cost share one process per
 * group: a process through tsx that starts an emulator and SDK clients
 * takes about 2 s of CPU before its first test. Measured on 2 cores, the 55
 * unit files took 52 s of CPU (27 s wall) as a process each and 15 s (11 s)
 * in one; the 21 fast emulator files 52 s (45 s) and 11 s (10 s). Their
 * tests are pure logic or start their own emulator on a free port and stop
 * it, so they do not need a process each. Every other suite (the CLI, the
 * pipeline, function processes, other clients) keeps a process of its own,
 * so the runner can run those side by side.
 */
const SHARED_PROCESS_GROUPS = {
  unit: (file) => file.startsWith("test/unit/"),
  emulator: (file) => file.startsWith("test/emulator/") && !COMPAT_FILES.has(file) && !SLOW_EMULATOR_FILES.has(file),
  conformance: (file) => file.startsWith("test/conformance/"),
};

/** What node's runner is given: one entry per shared-process group with files, then every other file; and the groups' files. */
function runnerEntries(files) {
  const groups = {};
  const own = [];
  for (const file of files.map((path) => path.split(/[\\/]/).join("/"))) {
    const group = Object.keys(SHARED_PROCESS_GROUPS).find((name) => SHARED_PROCESS_GROUPS[name](file));
    if (group) (groups[group] ??= []).push(file);
    else own.push(file);
  }
  return { entries: [...Object.keys(groups).map((name) => `scripts/shared-process/${name}.mjs`), ...own], groups };
}

/** Runs the files once, streaming the report; resolves with the summary the runner printed. */
function runOnce(files) {
  const started = Date.now();
  const { entries, groups } = runnerEntries(files);
  const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=3", "--test-reporter=spec", ...entries], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", EDA_SHARED_PROCESS_GROUPS: JSON.stringify(groups) },
  });
  const counts = {};
  let pending = "";
  child.stdout.on("data", (chunk) => {
    process.stdout.write(chunk);
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop();
    for (const line of lines) {
      // The spec reporter's closing summary: "ℹ tests 812", "ℹ pass 810", "ℹ fail 2".
      const summary = /^\S*\s*(tests|pass|fail|skipped|cancelled) (\d+)$/.exec(line.trim());
      if (summary) counts[summary[1]] = Number(summary[2]);
    }
  });
  return new Promise((resolve) => {
    child.on("close", (code) => resolve({ code: code ?? 1, seconds: (Date.now() - started) / 1000, counts }));
  });
}

function summaryLine(label, run) {
  const { tests = 0, pass = 0, fail = 0, skipped = 0, cancelled = 0 } = run.counts;
  const verdict = run.code === 0 ? "passed" : "FAILED";
  return `${label}: ${verdict}, ${tests} tests (${pass} pass, ${fail} fail, ${cancelled} cancelled, ${skipped} skipped) in ${run.seconds.toFixed(1)} s`;
}

/**
 * The full suite three times in a row while one busy-looping process per
 * core competes for the CPU: a test that waits on the wall clock instead of
 * on state shows up here as a failure.
 */
async function stress() {
  const burners = cpus().map(() => spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }));
  const stopBurners = () => burners.forEach((burner) => burner.kill("SIGKILL"));
  process.once("SIGINT", () => {
    stopBurners();
    process.exit(130);
  });
  const runs = [];
  try {
    for (let round = 1; round <= 3; round++) {
      const run = await runOnce(TIERS.all());
      runs.push(run);
      console.log(summaryLine(`stress run ${round}/3 (${burners.length} CPU burners)`, run));
    }
  } finally {
    stopBurners();
  }
  for (const [index, run] of runs.entries()) console.log(summaryLine(`run ${index + 1}`, run));
  return runs.every((run) => run.code === 0) ? 0 : 1;
}

const args = process.argv.slice(2);
const tierAt = args.indexOf("--tier");
const tier = tierAt === -1 ? undefined : args[tierAt + 1];
const paths = tierAt === -1 ? args : args.filter((_, index) => index !== tierAt && index !== tierAt + 1);

if (tier !== undefined && tier !== "stress" && !(tier in TIERS)) {
  console.error(`error: unknown tier ${JSON.stringify(tier)}: use one of ${[...Object.keys(TIERS), "stress"].join(", ")}`);
  process.exit(2);
}
if (tier === "stress") process.exit(await stress());

const files = tier ? TIERS[tier]() : paths.length > 0 ? paths.flatMap(collect) : TIERS.all();
if (files.length === 0) {
  console.error(`error: no test files under ${paths.join(", ")}`);
  process.exit(1);
}
const run = await runOnce(files);
console.log(summaryLine(tier ? `tier ${tier}` : files.length === 1 ? basename(files[0]) : `${files.length} files`, run));
process.exit(run.code);
