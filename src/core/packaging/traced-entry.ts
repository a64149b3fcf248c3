/**
 * The entry point esbuild bundles for a project consumer: the module the
 * function's `index.handler` loads. It imports the user's handler under the
 * name their file exports it and exports it as `handler`, wrapped in the
 * tracing shim (src/function-shim/traced.ts) that records every batch for
 * `eda test`. The user's file is not changed.
 */
import { basename, dirname } from "node:path";
import { ownModule } from "./package-root.js";

export interface TracedEntryInput {
  /** The consumer's name, as in the project file. */
  consumer: string;
  /** Absolute path of the user's handler file (.ts, .js or .mjs). */
  entry: string;
  /** The export the user's file gives the handler under (`handler` by default). */
  exportName: string;
}

/** esbuild `stdin` options: the entry's source, where its imports resolve from, and its name in source maps. */
export interface EntrySource {
  contents: string;
  resolveDir: string;
  sourcefile: string;
  loader: "js";
}

/** The shim (its source under tsx; tsc's copy in dist/src once eda is built and bundled). */
const SHIM = { source: "src/function-shim/traced.ts", built: "dist/src/function-shim/traced.js" };

export function tracedEntry(input: TracedEntryInput): EntrySource {
  const specifier = JSON.stringify(`./${basename(input.entry)}`);
  return {
    contents: [
      `import { ${input.exportName} as userHandler } from ${specifier};`,
      `import { traced } from ${JSON.stringify(ownModule(SHIM.source, SHIM.built))};`,
      `export const handler = traced(userHandler, { consumer: ${JSON.stringify(input.consumer)} });`,
      "",
    ].join("\n"),
    resolveDir: dirname(input.entry),
    sourcefile: `eda-entry-${input.consumer}.js`,
    loader: "js",
  };
}
