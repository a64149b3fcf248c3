/**
 * `eda watch`: deploys the stack once, then watches every project consumer's
 * source files (the inputs esbuild's metafile lists, so a changed import
 * outside the consumer's folder counts too) and, a moment after the last
 * save, rebundles the consumers whose files changed and updates only their
 * functions. Meanwhile it follows the consumers' logs, so the next
 * invocation's lines appear below the redeploy. Runs until Ctrl-C.
 */
import { watch, type FSWatcher } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { CoreContext } from "../context.js";
import { OperationError, UsageError } from "../errors.js";
import { bundleProjectConsumer } from "../packaging/project-bundle.js";
import { showLogs } from "../observe/logs.js";
import { memoizedHandlerCode, packagedHandlerCode } from "../packaging/handler-code.js";
import { openStack } from "../stack/open-stack.js";
import type { HandlerCode } from "../resources/resource.js";
import { ensureNode, setup, type SetupOptions } from "../provision/setup.js";
import { resourceName } from "../stack/plan.js";
import type { ConsumerSpec } from "../stack/config.js";

/** Editors write a file in several steps (truncate, write, rename): wait for the burst to end. */
export const WATCH_DEBOUNCE_MS = 150;

export interface WatchOptions {
  confirmRemoval?: SetupOptions["confirmRemoval"];
}

export interface WatchSummary {
  consumers: string[];
  redeploys: Record<string, number>;
  compileErrors: number;
}

export async function watchConsumers(ctx: CoreContext, options: WatchOptions = {}): Promise<never> {
  const specs = ctx.consumers.filter((spec) => spec.code.kind === "project");
  if (specs.length === 0) throw new UsageError("eda watch redeploys a project's consumers, and there is no eda.json here or above: run eda init, or pass --config");
  const started = ctx.clock.now();
  const summary: WatchSummary = { consumers: specs.map((spec) => spec.name), redeploys: {}, compileErrors: 0 };

  // The bundles setup builds are the ones watched first: built once.
  const initialCode = memoizedHandlerCode(packagedHandlerCode);
  const first = await setup(ctx, { handlerCode: initialCode, ...(options.confirmRemoval ? { confirmRemoval: options.confirmRemoval } : {}) });
  if (!first.ok) throw new OperationError(first.summary);
  ctx.events.emit({ type: "info", message: first.summary });

  const session = await openStack(ctx);
  const sources = new Map<string, Set<string>>();
  const dirty = new Set<string>();
  let wake: (() => void) | undefined;
  const watchers = new Map<string, FSWatcher>();
  const onChange = (directory: string, file: string | null) => {
    if (file === null) return;
    const path = join(directory, file);
    for (const [consumer, files] of sources) if (files.has(path)) dirty.add(consumer);
    if (dirty.size > 0) wake?.();
  };
  // Directories, not files: an editor that saves by renaming a new file over the old one replaces the inode a file watch holds.
  const watchDirectories = () => {
    const wanted = new Set([...sources.values()].flatMap((files) => [...files].map((file) => dirname(file))));
    for (const [directory, watcher] of watchers) {
      if (wanted.has(directory)) continue;
      watcher.close();
      watchers.delete(directory);
    }
    for (const directory of wanted) {
      if (!watchers.has(directory)) watchers.set(directory, watch(directory, { signal: ctx.signal }, (_event, file) => onChange(directory, file ? basename(file.toString()) : null)));
    }
  };
  const deployed = new Map<string, string>();
  for (const spec of specs) {
    const code = await initialCode(spec);
    deployed.set(spec.name, code.sha256);
    sources.set(spec.name, new Set(code.sources ?? []));
  }
  watchDirectories();
  const fileCount = new Set([...sources.values()].flatMap((files) => [...files])).size;
  ctx.events.emit({ type: "info", message: `watching ${fileCount} source files of ${summary.consumers.join(", ")}; save a file to redeploy its consumer (Ctrl-C to stop)` });

  // The consumers' log lines, from now on, while watching.
  const logs = showLogs(ctx, { consumers: summary.consumers, sinceMs: 0, follow: true }).catch((error: unknown) => {
    if (!ctx.signal.aborted) ctx.events.emit({ type: "warning", message: `following the logs stopped: ${(error as Error).message}` });
  });

  const aborted = new Promise<never>((_, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason), { once: true }));
  aborted.catch(() => {});
  try {
    while (!ctx.signal.aborted) {
      await Promise.race([
        new Promise<void>((resolve) => {
          wake = resolve;
          if (dirty.size > 0) resolve();
        }),
        aborted,
      ]);
      // Quiet period: further saves in the burst restart it.
      let seen = -1;
      while (seen !== dirty.size) {
        seen = dirty.size;
        await ctx.clock.sleep(WATCH_DEBOUNCE_MS, ctx.signal);
      }
      const changed = specs.filter((spec) => dirty.has(spec.name));
      dirty.clear();
      for (const spec of changed) {
        const redeployStarted = ctx.clock.now();
        const code = await rebundle(ctx, spec, summary);
        if (!code) continue;
        sources.set(spec.name, new Set(code.sources ?? []));
        watchDirectories();
        if (code.sha256 === deployed.get(spec.name)) {
          ctx.events.emit({ type: "info", message: `${spec.name}: the bundle is unchanged, nothing to deploy` });
          continue;
        }
        const node = session.plan.nodes.find((candidate) => candidate.id === `function:${spec.name}`)!;
        const step = await ensureNode(node, ctx, async () => code);
        deployed.set(spec.name, code.sha256);
        summary.redeploys[spec.name] = (summary.redeploys[spec.name] ?? 0) + 1;
        const took = ctx.clock.now() - redeployStarted;
        ctx.events.emit({
          type: "info",
          message: `${spec.name}: ${step.outcome === "updated" ? "updated 1" : step.outcome} function ${resourceName(node)} in ${took} ms (bundle and deploy); its next log lines follow`,
        });
      }
    }
  } catch (error) {
    if (!ctx.signal.aborted) throw error;
  } finally {
    for (const watcher of watchers.values()) watcher.close();
  }
  await logs;
  const total = Object.values(summary.redeploys).reduce((sum, count) => sum + count, 0);
  const perConsumer = Object.entries(summary.redeploys).map(([name, count]) => `${name} ${count}`);
  ctx.events.emit({
    type: "info",
    message: `watched ${summary.consumers.join(", ")} for ${Math.round((ctx.clock.now() - started) / 1000)} s: ${total} redeploys${perConsumer.length > 0 ? ` (${perConsumer.join(", ")})` : ""}, ${summary.compileErrors} compile errors`,
  });
  throw ctx.signal.reason;
}

/** A compile error while watching is reported and waited out: the next save may fix it. */
async function rebundle(ctx: CoreContext, spec: ConsumerSpec, summary: WatchSummary): Promise<HandlerCode | undefined> {
  try {
    return await bundleProjectConsumer(spec);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    summary.compileErrors += 1;
    ctx.events.emit({ type: "warning", message: `${error.message} (not deployed; save again once fixed)` });
    return undefined;
  }
}
