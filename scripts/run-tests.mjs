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
// Node 20 does not expand globs, so the files are collected here, and most
// share a process with others of their kind (SHARED_PROCESS_GROUPS). Each run
// ends with one line: tests, passed, failed and wall time.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

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

/** An emulator suite of the fast tier: neither slow nor driven by another client. */
function isFastEmulatorSuite(file) {
  return file.startsWith("test/emulator/") && !COMPAT_FILES.has(file) && !SLOW_EMULATOR_FILES.has(file);
}

const TIERS = {
  all: () => collect("test"),
  fast: () => [...collect("test/unit"), ...collect("test/emulator").filter(isFastEmulatorSuite)],
  compat: () => [...collect("test/conformance"), ...COMPAT_FILES],
  reliability: () => collect("test/reliability"),
};

/**
 * Files that run in a process of their own: handlers.test.ts runs the
 * consumers in-process and sets process.env for them, emulator-security
 * measures the process's memory, and the reliability suites report figures
 * of their own process.
 */
const OWN_PROCESS = (file) => file === "test/e2e/handlers.test.ts" || file.startsWith("test/reliability/");

/**
 * Every other file shares a process with others of its kind, up to a number
 * per process. A process through tsx that starts an emulator and SDK clients
 * takes about 2 s of CPU before its first test; on 2 cores the 55 unit files
 * took 52 s of CPU (27 s wall) as a process each and 15 s (11 s) in one, the
 * 21 fast emulator files 52 s (45 s) and 11 s (10 s). Each file starts its
 * own servers on free ports and stops them, so files do not need a process
 * each. Suites that wait on the pipeline share in small numbers, so the
 * runner still runs them side by side on every core.
 */
const SHARED_PROCESS_GROUPS = [
  { name: "unit", includes: (file) => file.startsWith("test/unit/"), perProcess: Infinity },
  { name: "emulator", includes: isFastEmulatorSuite, perProcess: Infinity },
  { name: "conformance", includes: (file) => file.startsWith("test/conformance/"), perProcess: Infinity },
  { name: "emulator-slow", includes: (file) => file.startsWith("test/emulator/"), perProcess: 4 },
  { name: "e2e", includes: (file) => file.startsWith("test/e2e/"), perProcess: 4 },
];

/**
 * The suites that take longest, in the order they start, each in a process
 * of its own: crash-resume spends the most CPU (the real CLI killed at every
 * change), the others mostly wait on queue time (redeliveries, poisoned
 * objects reaching their DLQs, injected throttling backoff), 27-36 s of wall
 * for 5-8 s of CPU each when run alone. Started first, beside each other and
 * beside the CPU-bound suites, their waiting overlaps with work instead of
 * ending the run; inside a shared process they would wait one after another.
 */
const STARTED_FIRST = [
  "test/reliability/crash-resume.test.ts",
  "test/e2e/demo.test.ts",
  "test/e2e/poison-story.test.ts",
  "test/reliability/load.test.ts",
  "test/reliability/faults.test.ts",
  "test/emulator/lambda-sqs.test.ts",
];

/**
 * How many test processes run at once: one more than the 2 cores of the
 * machines it runs on, because the suites started first mostly wait. More
 * costs more than it overlaps. Runs made side by side within one hour on 2
 * idle cores (the machine's speed varies by the hour): 233 s and 429 s of
 * CPU with 4, 238 s and 406 s with 3 (245 s when crash-resume started last),
 * 240 s and 450 s with 6, where every suite slows and polls for longer.
 */
const CONCURRENCY = 4;

/**
 * What node's runner is given: one entry module per process (written to
 * `directory`), importing its test files in turn. Node's runner starts files
 * in the order of their names, so the names begin with the position a
 * process starts in. A failure is still reported at its test file's line.
 */
function runnerEntries(files, directory) {
  const normalised = files.map((path) => path.split(/[\\/]/).join("/"));
  const processes = STARTED_FIRST.filter((file) => normalised.includes(file)).map((file) => ({ label: basename(file, ".test.ts"), files: [file] }));
  /** Each group's process still taking files. */
  const filling = new Map();
  for (const file of normalised.filter((candidate) => !STARTED_FIRST.includes(candidate))) {
    const group = OWN_PROCESS(file) ? undefined : SHARED_PROCESS_GROUPS.find((candidate) => candidate.includes(file));
    if (!group) {
      processes.push({ label: basename(file, ".test.ts"), files: [file] });
      continue;
    }
    let open = filling.get(group);
    if (!open || open.files.length === group.perProcess) {
      const part = (open?.part ?? 0) + 1;
      open = { label: `${group.name}-${part}`, part, files: [] };
      filling.set(group, open);
      processes.push(open);
    }
    open.files.push(file);
  }
  const width = String(processes.length).length;
  return processes.map(({ label, files: members }, index) => {
    const entry = join(directory, `${String(index + 1).padStart(width, "0")}-${label}.mjs`);
    const imports = members.map((file) => `await import(${JSON.stringify(pathToFileURL(resolve(file)).href)});`);
    writeFileSync(entry, `${imports.join("\n")}\n`);
    return entry;
  });
}

/** Runs the files once, streaming the report; resolves with the summary the runner printed. */
function runOnce(files) {
  const started = Date.now();
  const directory = mkdtempSync(join(tmpdir(), "eda-test-processes-"));
  const entries = runnerEntries(files, directory);
  const child = spawn(process.execPath, ["--import", "tsx", "--test", `--test-concurrency=${CONCURRENCY}`, "--test-reporter=spec", ...entries], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
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
  return new Promise((done) => {
    child.on("close", (code) => {
      rmSync(directory, { recursive: true, force: true });
      done({ code: code ?? 1, seconds: (Date.now() - started) / 1000, counts });
    });
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
