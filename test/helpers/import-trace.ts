/**
 * What a traced eda run loaded (test/helpers/cli-import-trace.mjs writes the
 * resolved URLs), as repository-relative source paths, so an assertion reads
 * the same whichever CLI ran. From the sources (tsx) each URL is a source;
 * from the bundle, each dist/bin file stands for the sources that
 * dist/bin/chunks.json (written by scripts/build-cli.mjs) lists for it.
 */
import { readFileSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { REPO_ROOT } from "./cli.js";

export function loadedSources(traceFile: string): string[] {
  let chunks: Record<string, string[]> | undefined;
  const sources = new Set<string>();
  for (const url of readFileSync(traceFile, "utf8").split("\n").filter(Boolean)) {
    if (!url.startsWith("file:")) {
      sources.add(url); // node:fs and the like
      continue;
    }
    const path = relative(REPO_ROOT, fileURLToPath(url)).split(sep).join("/");
    if (!path.startsWith("dist/bin/")) {
      sources.add(path);
      continue;
    }
    chunks ??= JSON.parse(readFileSync(join(REPO_ROOT, "dist", "bin", "chunks.json"), "utf8")) as Record<string, string[]>;
    const inside = chunks[basename(path)];
    if (!inside) throw new Error(`${path} is not in dist/bin/chunks.json: rebuild (npm run build)`);
    for (const source of inside) sources.add(source);
  }
  return [...sources];
}
