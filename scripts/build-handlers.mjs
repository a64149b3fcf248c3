#!/usr/bin/env node
// Bundles each consumer (handlers/<name>/index.ts) into dist/handlers/<name>/index.mjs.
// The AWS SDK v3 stays external: the managed Node.js runtime provides it.
// esbuild's output is deterministic, so the same sources give the same zip and CodeSha256.
import { build } from "esbuild";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = "handlers";
const names = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, d.name, "index.ts")))
  .map((d) => d.name)
  .sort();

for (const name of names) {
  await build({
    entryPoints: [join(root, name, "index.ts")],
    outfile: join("dist", "handlers", name, "index.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    external: ["@aws-sdk/*"],
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
}
console.log(`built handlers: ${names.join(", ") || "(none)"}`);
