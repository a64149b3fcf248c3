/**
 * The characters the pipeline picture is drawn with: box-drawing and marks
 * where the terminal can show them, plain ASCII where it cannot.
 */
export interface Glyphs {
  line: string;
  /** A link that does not work (missing, drifted, unreadable). */
  brokenLine: string;
  arrow: string;
  /** Fan-out: first branch, middle branches, last branch, the trunk between them. */
  fork: string;
  branch: string;
  lastBranch: string;
  trunk: string;
  ellipsis: string;
  separator: string;
  lambda: string;
  ok: string;
  drifted: string;
  error: string;
  missing: string;
}

export const UNICODE_GLYPHS: Glyphs = {
  line: "─",
  brokenLine: "╌",
  arrow: "▶",
  fork: "┬",
  branch: "├",
  lastBranch: "└",
  trunk: "│",
  ellipsis: "…",
  separator: "·",
  lambda: "λ",
  ok: "✔",
  drifted: "~",
  error: "!",
  missing: "✖",
};

export const ASCII_GLYPHS: Glyphs = {
  line: "-",
  brokenLine: ".",
  arrow: ">",
  fork: "+",
  branch: "+",
  lastBranch: "`",
  trunk: "|",
  ellipsis: "~",
  separator: "-",
  lambda: "fn",
  ok: "+",
  drifted: "~",
  error: "!",
  missing: "x",
};

/**
 * Whether the terminal shows Unicode: not on TERM=dumb or the Linux console
 * (its font lacks most box-drawing arrows), nor when the locale names
 * another encoding (LANG=C, en_US.ISO-8859-1). LC_ALL wins over LC_CTYPE
 * over LANG, as in POSIX locale lookup; no locale at all counts as UTF-8,
 * as it does for today's terminals. On Windows only the terminals known to
 * show it (the list of sindresorhus/is-unicode-supported).
 */
export function supportsUnicode(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): boolean {
  const term = env.TERM ?? "";
  if (term === "dumb" || term === "linux") return false;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || "";
  if (locale !== "" && !/utf-?8/i.test(locale)) return false;
  if (platform !== "win32") return true;
  return Boolean(env.WT_SESSION) || env.TERM_PROGRAM === "vscode" || term === "xterm-256color" || term === "alacritty";
}
