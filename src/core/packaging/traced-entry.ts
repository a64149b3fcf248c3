/**
 * The entry point esbuild bundles for a project consumer: the module the
 * function's `index.handler` loads. It re-exports the user's handler under
 * the name Lambda calls, so the user's file can name its export freely.
 */
import { basename, dirname } from "node:path";

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

export function tracedEntry(input: TracedEntryInput): EntrySource {
  const specifier = JSON.stringify(`./${basename(input.entry)}`);
  return {
    contents: `export { ${input.exportName} as handler } from ${specifier};\n`,
    resolveDir: dirname(input.entry),
    sourcefile: `eda-entry-${input.consumer}.js`,
    loader: "js",
  };
}
