/** The project a command works on: --config, else the nearest eda.json upward, else none (eda's built-in pair). */
import { isAbsolute, relative } from "node:path";
import { loadProject, type Project } from "./load-project.js";
import { locateProjectFile } from "./project-file.js";

export type { Project } from "./load-project.js";

export function openProject(options: { config?: string }, cwd: string): Project | undefined {
  const path = locateProjectFile(cwd, options.config);
  if (path === undefined) return undefined;
  const fromCwd = relative(cwd, path);
  return loadProject(path, fromCwd.startsWith("..") || isAbsolute(fromCwd) ? path : fromCwd);
}
