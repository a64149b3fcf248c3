/**
 * The files every execution environment shares: the runtime interface client
 * the child runs, LAMBDA_RUNTIME_DIR, whose node_modules links to eda's own
 * `@aws-sdk` and `@smithy` packages (the managed runtime's bundled SDK, found
 * by require() through NODE_PATH), and the folder environments live in.
 *
 * ES module imports ignore NODE_PATH: they look for node_modules next to the
 * importing file and in its parent folders. A node_modules linking to the
 * same packages in the folder above every environment lets
 * `import "@aws-sdk/client-s3"` in a function's code resolve as on the
 * managed runtime, after the function's own node_modules, which wins
 * (without a module loader hook, whose thread each environment would pay for).
 *
 * Compiled (dist/), the client is ../child/bootstrap.js. From the
 * TypeScript sources (tests, tsx), it is bundled once into plain JavaScript,
 * so the child runs without a TypeScript loader that would also transform,
 * and change the errors of, the function's own code.
 */
import { existsSync } from "node:fs";
import { mkdir, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface RuntimeFiles {
  /** The script the child process runs. */
  bootstrapPath: string;
  /** LAMBDA_RUNTIME_DIR; `node_modules` below it is NODE_PATH. */
  runtimeDir: string;
  /** Each environment gets a folder in here. */
  environmentsDir: string;
  /** V8's compile cache, shared by environments (used from Node 22.1). */
  compileCacheDir: string;
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
  const linkType = process.platform === "win32" ? "junction" : "dir";
  for (const [scope, probe] of SDK_SCOPES) {
    await symlink(scopeDirectory(require.resolve(probe), scope), join(modulesDir, scope), linkType);
  }
  const environmentsDir = join(workDir, "environments");
  await mkdir(environmentsDir, { recursive: true });
  await symlink(modulesDir, join(environmentsDir, "node_modules"), linkType);
  // Outside the emulator's working folder, so the next emulator finds it too; V8 checks each entry against the source.
  const compileCacheDir = join(tmpdir(), "eda-lambda-compile-cache");
  return { bootstrapPath: await bootstrapScript(runtimeDir), runtimeDir, environmentsDir, compileCacheDir };
}

function scopeDirectory(resolvedFile: string, scope: string): string {
  for (let directory = dirname(resolvedFile); dirname(directory) !== directory; directory = dirname(directory)) {
    if (basename(directory) === scope) return directory;
  }
  throw new Error(`cannot find the ${scope} packages above ${resolvedFile}`);
}

async function bootstrapScript(runtimeDir: string): Promise<string> {
  const compiled = fileURLToPath(new URL("../child/bootstrap.js", import.meta.url));
  if (!import.meta.url.endsWith(".ts") && existsSync(compiled)) return compiled;
  // Running from the sources: esbuild is a development dependency, present wherever the sources are.
  const { build } = await import("esbuild");
  await build({
    entryPoints: { bootstrap: fileURLToPath(new URL("../child/bootstrap.ts", import.meta.url)) },
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
