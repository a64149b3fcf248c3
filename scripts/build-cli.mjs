#!/usr/bin/env node
// Bundles the CLI (bin/eda.ts, src/cli, src/core and their runtime dependencies,
// the AWS SDK included) into dist/bin/eda.js plus one chunk per dynamic import,
// so a start reads a few files instead of resolving hundreds of modules.
// dist/bin/chunks.json lists the sources in each output file (for tests that
// check what a command loads). Paths are relative to the package root,
// whatever the working directory; the output is deterministic.
import { build } from "esbuild";
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(packageRoot, "dist", "bin");
const emulatorDir = join(packageRoot, "src", "emulator") + sep;

/**
 * The emulator stays tsc-compiled in dist/src/emulator: its background process
 * and its function children load files beside it by path (execution/host finds
 * child/bootstrap.js next to itself), which a bundle would move. The CLI
 * imports it only in `eda demo` and `eda local start`, through these imports
 * rewritten to point from dist/bin/ to dist/src/emulator/.
 */
const emulatorStaysCompiled = {
  name: "emulator-stays-compiled",
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      const target = join(args.resolveDir, args.path);
      if (!target.startsWith(emulatorDir)) return undefined;
      const compiled = relative(outdir, join(packageRoot, "dist", relative(packageRoot, target))).split(sep).join("/");
      return { path: compiled, external: true };
    });
  },
};

const result = await build({
  absWorkingDir: packageRoot,
  entryPoints: { eda: "bin/eda.ts" },
  outdir,
  entryNames: "[name]",
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Packages' ES module builds first (the SDK's dist-es): esbuild's default for Node
  // prefers "main", and a dynamic import() of a bundled CommonJS module then has
  // only a default export, not the named ones Node gives it.
  mainFields: ["module", "main"],
  // esbuild finds its native binary through its own package at run time: it cannot be bundled.
  external: ["esbuild"],
  plugins: [emulatorStaysCompiled],
  // CommonJS dependencies (archiver, yauzl, ajv ...) call require() for Node's built-ins: ESM has none.
  banner: { js: 'import { createRequire as __edaCreateRequire } from "node:module"; const require = __edaCreateRequire(import.meta.url);' },
  // Not minified: --verbose stack traces stay readable, and minifying saved no measurable start-up time.
  // The bundled packages stay dependencies in package.json: installed with eda, their licences with them.
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
  write: false,
});

// Which sources each output file holds, by file name in dist/bin.
const chunks = {};
for (const [output, { inputs }] of Object.entries(result.metafile.outputs).sort(([a], [b]) => a.localeCompare(b))) {
  chunks[basename(output)] = Object.keys(inputs).sort();
}

// Write then rename, so a concurrent build or a reader (tests run in parallel)
// never sees a half-written file; the chunks before the entry that imports them.
mkdirSync(outdir, { recursive: true });
const written = new Set(["chunks.json"]);
const files = [...result.outputFiles].sort((a, b) => Number(basename(a.path) === "eda.js") - Number(basename(b.path) === "eda.js"));
for (const { path, contents } of [{ path: join(outdir, "chunks.json"), contents: `${JSON.stringify(chunks, null, 2)}\n` }, ...files]) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
  written.add(basename(path));
}
// Chunks of an earlier build (their names carry a content hash), and the
// per-module output of the tsc build that compiled the CLI before it was bundled.
for (const name of readdirSync(outdir)) {
  if (!written.has(name) && !name.endsWith(".tmp")) rmSync(join(outdir, name), { force: true });
}
for (const folder of ["cli", "core"]) rmSync(join(packageRoot, "dist", "src", folder), { recursive: true, force: true });

console.log(`built cli: ${files.length} files -> ${relative(process.cwd(), outdir) || "."}`);
