#!/usr/bin/env node
// Bundles each consumer (handlers/<name>/index.ts) into dist/handlers/<name>/index.mjs.
// The AWS SDK v3 stays external: the managed Node.js runtime provides it.
// esbuild's output is deterministic, so the same sources give the same zip and CodeSha256.
// Paths are relative to the package root, whatever the working directory.
import { build } from "esbuild";
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const handlersDir = join(packageRoot, "handlers");
const names = readdirSync(handlersDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(handlersDir, d.name, "index.ts")))
  .map((d) => d.name)
  .sort();

for (const name of names) {
  const { outputFiles } = await build({
    entryPoints: [join(handlersDir, name, "index.ts")],
    outfile: join(packageRoot, "dist", "handlers", name, "index.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    external: ["@aws-sdk/*"],
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    write: false,
  });
  // Write then rename, so a concurrent build or a reader (tests run in parallel)
  // never sees a half-written bundle.
  for (const file of outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}
console.log(`built handlers: ${names.join(", ") || "(none)"} -> ${relative(process.cwd(), join(packageRoot, "dist", "handlers")) || "."}`);
