/**
 * 10,000 objects through the local pipeline (the CI suite runs 300): every
 * object exactly one result per consumer with the right content, nothing
 * extra, every record processed once by the logs, empty queues and DLQs;
 * then the same with the consumers failing 20% of their records
 * transiently (queue visibility shortened to 5 s so retries come in
 * seconds), redriving anything dead-lettered after five failures.
 *
 *   npm run bench -- reliability-load [--reliability-objects 10000]
 */
import { cpus, loadavg } from "node:os";
import { startEmulator } from "../src/emulator/emulator.js";
import { ensureHandlerBundles } from "./lib/workloads/eda-process.js";
import { describeLoad, type LoadReport, runLoad } from "./lib/workloads/load-run.js";

function verdict(report: LoadReport, exactlyOnce: boolean): string {
  const lost = report.results.missing.inventory.length + report.results.missing.audit.length;
  const extra = report.results.extra.inventory.length + report.results.extra.audit.length;
  const left = report.leftInQueues.inventory + report.leftInQueues.audit + report.leftInDeadLetterQueues.inventory + report.leftInDeadLetterQueues.audit;
  const twice = report.processedTwice.inventory + report.processedTwice.audit;
  const ok = lost === 0 && extra === 0 && left === 0 && report.contentProblems.length === 0 && (!exactlyOnce || twice === 0);
  return ok ? "PASS" : "FAIL";
}

export async function runReliabilityLoad(args: { objects: number }): Promise<void> {
  ensureHandlerBundles();
  console.error(`machine: ${cpus().length} CPUs, load average ${loadavg().map((value) => value.toFixed(1)).join(" ")}, node ${process.versions.node}`);
  const emulator = await startEmulator({ port: 0 });
  try {
    const timeoutMs = Math.max(300_000, args.objects * 200);
    const clean = await runLoad(emulator.endpoint, { stack: "bench-load", objects: args.objects, timeoutMs, uploadConcurrency: 32 });
    console.log(`reliability-load, no failures: ${verdict(clean, true)}: ${describeLoad(clean)}`);
    const flaky = await runLoad(emulator.endpoint, {
      stack: "bench-flaky",
      objects: args.objects,
      transientFailureRate: 0.2,
      visibilityTimeoutSeconds: 5,
      timeoutMs,
      uploadConcurrency: 32,
    });
    console.log(`reliability-load, 20% transient failures: ${verdict(flaky, false)}: ${describeLoad(flaky)}`);
  } finally {
    await emulator.stop();
  }
}
