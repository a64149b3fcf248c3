/**
 * The pipeline picture on a terminal: the model of `eda status` or of
 * `eda test`'s progress, laid out for the terminal's width, in its glyphs,
 * coloured where colour means something. Undefined when the terminal is too
 * narrow: the caller prints its table or progress lines instead.
 */
import { Chalk, supportsColor, type ChalkInstance } from "chalk";
import type { TestProgressData } from "../../core/events.js";
import type { ResourceStatus } from "../../core/provision/status.js";
import { ASCII_GLYPHS, UNICODE_GLYPHS, type Glyphs } from "./glyphs.js";
import { layoutPipeline, type PictureLine, type Tone } from "./pipeline-layout.js";
import { statusModel, testModel } from "./pipeline-model.js";

export type Paint = (text: string, tone: Tone) => string;

export interface PictureOptions {
  width: number;
  unicode: boolean;
  /** Colours per tone; none without colour. */
  paint?: Paint;
}

/** Colours at the depth the terminal supports, at least 16 (as the terminal renderer's). */
export function terminalPaint(): Paint {
  return chalkPaint(new Chalk({ level: (supportsColor && supportsColor.level) || 1 }));
}

export function chalkPaint(chalk: ChalkInstance): Paint {
  const tones: Record<Tone, (text: string) => string> = { ok: chalk.green, warn: chalk.yellow, bad: chalk.red, dim: chalk.dim };
  return (text, tone) => tones[tone](text);
}

/** The picture of a stack as `eda status` read it, then one line per resource that is not as planned (what the picture only marks). */
export function statusPicture(resources: readonly ResourceStatus[], options: PictureOptions & { prefix?: string }): string[] | undefined {
  const glyphs = glyphsFor(options);
  const lines = layoutPipeline(statusModel(resources, options.prefix), { width: options.width, glyphs });
  if (!lines) return undefined;
  const problems = resources.filter((resource) => resource.state !== "present").map((resource) => problemLine(resource, glyphs, options.paint));
  return [...paintLines(lines, options.paint), ...(problems.length > 0 ? ["", ...problems] : [])];
}

/** The picture of `eda test`'s latest progress. */
export function testPicture(progress: TestProgressData, options: PictureOptions): string[] | undefined {
  const lines = layoutPipeline(testModel(progress), { width: options.width, glyphs: glyphsFor(options) });
  return lines && paintLines(lines, options.paint);
}

export function paintLines(lines: readonly PictureLine[], paint?: Paint): string[] {
  return lines.map((line) => line.map((segment) => (paint && segment.tone ? paint(segment.text, segment.tone) : segment.text)).join(""));
}

function glyphsFor(options: PictureOptions): Glyphs {
  return options.unicode ? UNICODE_GLYPHS : ASCII_GLYPHS;
}

/** "✖ mapping:audit missing (eda-demo-audit -> eda-demo-audit)", "~ queue:inventory drifted: VisibilityTimeout 30 -> 180". */
function problemLine(resource: ResourceStatus, glyphs: Glyphs, paint?: Paint): string {
  const [mark, tone]: [string, Tone] =
    resource.state === "missing" ? [glyphs.missing, "bad"] : resource.state === "drifted" ? [glyphs.drifted, "warn"] : [glyphs.error, "bad"];
  const details = [...(resource.note ? [resource.note] : []), ...(resource.error ? [`error: ${resource.error}`] : []), ...resource.drift];
  const word = resource.state === "error" ? "unreadable" : resource.state;
  return `${paint ? paint(mark, tone) : mark} ${resource.id} ${word} (${resource.resource})${details.length > 0 ? `: ${details.join("; ")}` : ""}`;
}
