// Imports the test files of one shared-process group, in this process. The
// runner (scripts/run-tests.mjs) passes each group's files in
// EDA_SHARED_PROCESS_GROUPS, a JSON object of group name -> paths.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

export async function runGroup(name) {
  const groups = JSON.parse(process.env.EDA_SHARED_PROCESS_GROUPS ?? "{}");
  for (const file of groups[name] ?? []) await import(pathToFileURL(resolve(file)).href);
}
