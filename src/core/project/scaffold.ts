/**
 * `eda init`: a new project from a template (templates/<name>/ plus
 * templates/common/ in eda's package). It never overwrites: when any file it
 * would write exists, it writes nothing and names them all.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { packageRoot } from "../packaging/package-root.js";
import { MAX_STACK_NAME_LENGTH, validateStackName } from "../preflight.js";
import { schemaPath } from "./schema.js";

export const TEMPLATES = ["default", "minimal"] as const;
export type TemplateName = (typeof TEMPLATES)[number];

/** npm drops files named .gitignore from packages, so templates hold them without the dot. */
const RENAMED: Record<string, string> = { gitignore: ".gitignore" };

export interface ScaffoldResult {
  directory: string;
  stack: string;
  /** Files written, relative to the directory, sorted. */
  files: string[];
}

export function scaffoldProject(options: { directory: string; template: string; stack?: string }): ScaffoldResult {
  if (!(TEMPLATES as readonly string[]).includes(options.template)) {
    throw new UsageError(`unknown template "${options.template}": choose ${TEMPLATES.join(" or ")}`);
  }
  const directory = resolve(options.directory);
  if (existsSync(directory) && !statSync(directory).isDirectory()) throw new UsageError(`${options.directory} is a file, not a directory: give another directory`);
  const stack = validateStackName(options.stack ?? stackNameFor(directory));
  const templatesRoot = join(packageRoot(), "templates");
  const files = new Map<string, string>();
  for (const source of [join(templatesRoot, "common"), join(templatesRoot, options.template)]) {
    for (const file of listFiles(source)) {
      const target = file.split("/").map((part) => RENAMED[part] ?? part).join("/");
      files.set(target, readFileSync(join(source, file), "utf8"));
    }
  }
  const inTheWay = [...files.keys()].filter((file) => existsSync(join(directory, file))).sort();
  if (inTheWay.length > 0) {
    throw new UsageError(`eda init never overwrites: ${inTheWay.join(", ")} already exist in ${options.directory} (move them away, or init another directory)`);
  }
  // Editors resolve a relative $schema from eda.json's directory.
  const schema = relative(directory, schemaPath()).split("\\").join("/");
  for (const [file, text] of files) {
    const path = join(directory, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text.replaceAll("{{stack}}", stack).replaceAll("{{schema}}", schema), { flag: "wx" });
  }
  return { directory, stack, files: [...files.keys()].sort() };
}

/** The directory's name made a valid stack name ("My Pipeline" -> "my-pipeline"), or "eda-app". */
export function stackNameFor(directory: string): string {
  const name = basename(directory)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, MAX_STACK_NAME_LENGTH)
    .replace(/-+$/, "");
  try {
    return validateStackName(name);
  } catch {
    return "eda-app";
  }
}

function listFiles(root: string, prefix = ""): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(root, path) : [path];
  });
}
