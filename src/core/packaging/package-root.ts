/**
 * Where eda's own package is: the nearest directory above this module with
 * eda's package.json (src/core/packaging under tsx, dist/bin once bundled,
 * in the repository or an installed copy). The built-in consumers' bundles, the
 * project file's JSON Schema, the `eda init` templates, the tracing shim and
 * eda's own entry script live there.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../errors.js";

export interface PackageManifest {
  name: string;
  version?: string;
}

let found: { root: string; manifest: PackageManifest } | undefined;

export function packageRoot(): string {
  return locate().root;
}

/** eda's package.json, as found by packageRoot(). */
export function packageManifest(): PackageManifest {
  return locate().manifest;
}

/**
 * One of eda's own modules, which exists as a TypeScript source and as a
 * built file: `source` when eda runs from its sources (under tsx), else
 * `built` (the bundled CLI in dist/bin has no sources beside it). Both are
 * relative to the package root.
 */
export function ownModule(source: string, built: string): string {
  const fromSources = extname(fileURLToPath(import.meta.url)) === ".ts";
  return join(packageRoot(), fromSources ? source : built);
}

function locate(): { root: string; manifest: PackageManifest } {
  if (found) return found;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let directory = start; ; directory = dirname(directory)) {
    const path = join(directory, "package.json");
    const manifest = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Partial<PackageManifest>) : undefined;
    if (manifest?.name === "eda") {
      found = { root: directory, manifest: { name: "eda", version: manifest.version } };
      return found;
    }
    if (dirname(directory) === directory) {
      throw new UsageError(`cannot find eda's package.json above ${start}: reinstall eda`);
    }
  }
}
