#!/usr/bin/env node
/**
 * The eda executable (dist/bin/eda.js; `node --import tsx bin/eda.ts` from
 * source). The only place that calls process.exit: commands return codes.
 */
import nodeModule from "node:module";

// Set before anything loads the AWS SDK: eda declares its own supported Node versions (package.json engines).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

// `eda ... | head` closes the pipe early: end quietly, as a Unix tool killed by SIGPIPE would (128 + 13).
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(141);
    throw error;
  });
}

// Node >= 22.1 keeps the compiled code of the bundle's chunks on disk between runs; Node 20 has no such cache.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { runProgram } = await import("../src/cli/program.js");

let exitCode: number;
try {
  exitCode = await runProgram(process.argv);
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  exitCode = 1;
}
// Pipes are asynchronous on some platforms: let the output drain before exiting.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write("", resolve))));
process.exit(exitCode);
