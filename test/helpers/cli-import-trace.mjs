// Loaded with `node --import`: appends the URL of every module the process
// resolves to the file named by EDA_IMPORT_TRACE, so a test can prove what
// `eda --help` does not load. The same file provides the resolve hook.
import { appendFileSync } from "node:fs";
import { register } from "node:module";
import { isMainThread } from "node:worker_threads";

let traceFile;

export function initialize(data) {
  traceFile = data.file;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(traceFile, `${resolved.url}\n`);
  return resolved;
}

if (isMainThread && process.env.EDA_IMPORT_TRACE) {
  register(import.meta.url, { data: { file: process.env.EDA_IMPORT_TRACE } });
}
