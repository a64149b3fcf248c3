/**
 * CloudWatch Logs filter patterns for unstructured events: every plain term
 * or "quoted phrase" must appear, at least one `?term` must appear when any
 * are given, and no `-term` may appear. Matching is case-sensitive, as the
 * filter pattern syntax reference states. JSON (`{ ... }`) and space-delimited
 * (`[ ... ]`) patterns are refused rather than matched wrongly.
 */
import { invalidParameter } from "./errors.js";

export interface FilterPattern {
  required: string[];
  optional: string[];
  excluded: string[];
}

export function parseFilterPattern(text: string | undefined): FilterPattern {
  const pattern: FilterPattern = { required: [], optional: [], excluded: [] };
  const source = (text ?? "").trim();
  if (source.startsWith("{") || source.startsWith("[")) {
    throw invalidParameter("Invalid filter pattern: JSON and space-delimited filter patterns are not supported by the eda emulator.");
  }
  let i = 0;
  while (i < source.length) {
    const char = source[i] as string;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    let kind: keyof FilterPattern = "required";
    if (char === "?" || char === "-") {
      kind = char === "?" ? "optional" : "excluded";
      i++;
    }
    let term: string;
    if (source[i] === '"') {
      const end = source.indexOf('"', i + 1);
      if (end < 0) throw invalidParameter("Invalid filter pattern: unterminated quoted term.");
      term = source.slice(i + 1, end);
      i = end + 1;
    } else {
      const start = i;
      while (i < source.length && !/\s/.test(source[i] as string)) i++;
      term = source.slice(start, i);
    }
    if (term.length === 0) throw invalidParameter("Invalid filter pattern: empty term.");
    pattern[kind].push(term);
  }
  return pattern;
}

export function matchesFilterPattern(pattern: FilterPattern, message: string): boolean {
  if (!pattern.required.every((term) => message.includes(term))) return false;
  if (pattern.optional.length > 0 && !pattern.optional.some((term) => message.includes(term))) return false;
  return !pattern.excluded.some((term) => message.includes(term));
}
