/**
 * The files every execution environment shares: the runtime interface client
 * the child runs, and LAMBDA_RUNTIME_DIR, whose node_modules links to eda's
 * own `@aws-sdk` and `@smithy` packages (the managed runtime's bundled SDK).
 *
 * Compiled (dist/), the client is the sibling bootstrap.js. From the
 * TypeScript sources (tests, tsx), it is bundled once into plain JavaScript,
 * so the child runs without a TypeScript loader that would also transform,
 * and change the errors of, the function's own code.
 */
import { existsSync } from "node:fs";
import { mkdir, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface RuntimeFiles {
  /** The script the child process runs. */
  bootstrapPath: string;
  /** LAMBDA_RUNTIME_DIR; `node_modules` below it is NODE_PATH. */
  runtimeDir: string;
}

const SDK_SCOPES: [scope: string, probe: string][] = [
  ["@aws-sdk", "@aws-sdk/client-lambda"],
  ["@smithy", "@smithy/core"],
];

export async function prepareRuntimeFiles(workDir: string): Promise<RuntimeFiles> {
  const runtimeDir = join(workDir, "runtime");
  const modulesDir = join(runtimeDir, "node_modules");
  await mkdir(modulesDir, { recursive: true });
  const require = createRequire(import.meta.url);
  for (const [scope, probe] of SDK_SCOPES) {
    await symlink(scopeDirectory(require.resolve(probe), scope), join(modulesDir, scope), process.platform === "win32" ? "junction" : "dir");
  }
  return { bootstrapPath: await bootstrapScript(runtimeDir), runtimeDir };
}

function scopeDirectory(resolvedFile: string, scope: string): string {
  for (let directory = dirname(resolvedFile); dirname(directory) !== directory; directory = dirname(directory)) {
    if (basename(directory) === scope) return directory;
  }
  throw new Error(`cannot find the ${scope} packages above ${resolvedFile}`);
}

async function bootstrapScript(runtimeDir: string): Promise<string> {
  const compiled = fileURLToPath(new URL("./bootstrap.js", import.meta.url));
  if (!import.meta.url.endsWith(".ts") && existsSync(compiled)) return compiled;
  // Running from the sources: esbuild is a development dependency, present wherever the sources are.
  const { build } = await import("esbuild");
  await build({
    entryPoints: {
      bootstrap: fileURLToPath(new URL("./bootstrap.ts", import.meta.url)),
      "sdk-resolve-hook": fileURLToPath(new URL("./sdk-resolve-hook.ts", import.meta.url)),
    },
    outdir: runtimeDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "silent",
  });
  return join(runtimeDir, "bootstrap.mjs");
}
