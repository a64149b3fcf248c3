/** The project a command works on: --config, else the nearest eda.json upward, else none (eda's built-in pair). */
import { isAbsolute, relative } from "node:path";
import type { Project } from "./load-project.js";
import { locateProjectFile } from "./project-file.js";

export type { Project } from "./load-project.js";

export async function openProject(options: { config?: string }, cwd: string): Promise<Project | undefined> {
  const path = locateProjectFile(cwd, options.config);
  if (path === undefined) return undefined;
  // Loaded only for a project file: its validation brings the JSON Schema validator (ajv).
  const { loadProject } = await import("./load-project.js");
  const fromCwd = relative(cwd, path);
  return loadProject(path, fromCwd.startsWith("..") || isAbsolute(fromCwd) ? path : fromCwd);
}
