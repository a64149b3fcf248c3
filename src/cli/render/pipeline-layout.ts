/**
 * The pipeline picture as lines of text for a given width, drawn like the
 * README's diagram:
 *
 *   S3 bucket ─uploads/─▶ SNS topic ─┬──▶ inventory queue ──▶ λ inventory
 *   ✔ present             ✔ present  │    0 queued · 0 in flight · DLQ 0   ✔ Active
 *                                    └──▶ audit queue ──────▶ λ audit
 *
 * Each consumer is a lane of two lines: names and arrows, then figures.
 * Arrows carry a hop's p50 (or the notification's key prefix); a link that
 * does not work is drawn dashed with its mark. When the width is short the
 * figures take shorter wordings, the arrows drop their p50s, and names are
 * cut with an ellipsis; below MIN_WIDTH, or when even that does not fit,
 * there is no picture (undefined) and the caller prints its table instead.
 * Pure: the tones say where colour carries meaning, the painter applies it.
 */
import type { Glyphs } from "./glyphs.js";
import type { Health, Lane, Part, PipelineModel } from "./pipeline-model.js";

export type Tone = "ok" | "warn" | "bad" | "dim";

export interface Segment {
  text: string;
  tone?: Tone;
}

export type PictureLine = Segment[];

export interface LayoutOptions {
  width: number;
  glyphs: Glyphs;
}

/** Narrower terminals get the table or progress lines. */
export const MIN_WIDTH = 60;
/** A name is never cut shorter than this. */
const MIN_NAME_WIDTH = 6;

/** A cell's wordings, longest first; a `cut` cell's last wording may be cut with an ellipsis. */
interface Cell {
  variants: Segment[][];
  cut?: boolean;
}

/** An arrow's label, and how the arrow looks when its link does not work. */
interface Arrow {
  label?: Segment;
  broken?: Health;
}

/**
 * How much the picture says: everything; arrows without p50 or prefix;
 * arrows with only the marks of broken links, names cut to fit; states as
 * marks alone (the lines under `eda status`'s picture name every resource
 * not as planned).
 */
type Detail = 0 | 1 | 2 | 3;

const BUCKET = 0;
const NOTIFICATION = 1;
const TOPIC = 2;
const FAN = 3;
const QUEUE = 4;
const MAPPING = 5;
const FUNCTION = 6;
const NODE_COLUMNS = [BUCKET, TOPIC, QUEUE, FUNCTION];

export function layoutPipeline(model: PipelineModel, options: LayoutOptions): PictureLine[] | undefined {
  if (options.width < MIN_WIDTH || model.lanes.length === 0) return undefined;
  for (const detail of [0, 1, 2, 3] as const) {
    const lines = attempt(model, options, detail);
    if (lines) return lines;
  }
  return undefined;
}

/** A picture line as plain text (no colour). */
export function plainText(line: PictureLine): string {
  return line.map((segment) => segment.text).join("");
}

/**
 * What gives way first when the width is short, one column's wordings a
 * step shorter at a time: the queue's "in flight" words, the bucket's p50,
 * the queue's words, the function's p50, "queue" after the consumer's name,
 * "done", "uploaded".
 */
const SHORTER_WORDINGS = [QUEUE, BUCKET, QUEUE, FUNCTION, nameOf(QUEUE), FUNCTION, BUCKET];

/** Names and figures in one column give way separately: a column's names go by this key in the wording levels. */
function nameOf(column: number): number {
  return column + 10;
}

function attempt(model: PipelineModel, { width, glyphs }: LayoutOptions, detail: Detail): PictureLine[] | undefined {
  const words = new Words(glyphs, detail);
  const lanes = model.lanes;
  // Two rows per lane, node cells by column; arrows by lane and column (they are drawn on each lane's first row).
  const rows = lanes.flatMap((lane, index) => [words.laneNames(lane, index === 0), words.laneFigures(model, lane, index === 0)]);
  const arrows = lanes.map((lane, index) => words.laneArrows(model, lane, index === 0, detail));

  // Before an arrow's body: a space, or for the fan-out a space, a line and the fork. The body: "──▶ ", "─▶ " after a fork, "─12ms─▶ ".
  const arrowWidth = (column: number, prefix: number) =>
    Math.max(...arrows.map((row) => row[column]).map((arrow) => (arrow === undefined ? 0 : prefix + (arrow.label ? arrow.label.text.length + 4 : prefix === 1 ? 4 : 3))));
  const widths: number[] = [];
  widths[NOTIFICATION] = arrowWidth(NOTIFICATION, 1);
  widths[FAN] = arrowWidth(FAN, 3);
  widths[MAPPING] = arrowWidth(MAPPING, 1);
  const total = () => widths.reduce((sum, value) => sum + value, 0);

  const level = new Map<number, number>();
  // Even rows hold names, odd rows figures.
  const wording = (cell: Cell, column: number, row: number) => cell.variants[Math.min(level.get(row % 2 === 0 ? nameOf(column) : column) ?? 0, cell.variants.length - 1)]!;
  const columnWidth = (column: number, measure: (cell: Cell, row: number) => number) =>
    Math.max(0, ...rows.map((cells, row) => (cells[column] ? measure(cells[column]!, row) : 0)));
  const natural = (column: number) => columnWidth(column, (cell, row) => variantWidth(wording(cell, column, row)));
  const fit = () => {
    for (const column of NODE_COLUMNS) widths[column] = natural(column);
    return total() <= width;
  };
  let fits = fit();
  for (const column of SHORTER_WORDINGS) {
    if (fits) break;
    level.set(column, (level.get(column) ?? 0) + 1);
    fits = fit();
  }
  if (!fits && detail >= 2) {
    // Last resort: names cut with an ellipsis, the widest column first.
    const least = (column: number) =>
      columnWidth(column, (cell, row) => (cell.cut ? Math.min(variantWidth(wording(cell, column, row)), MIN_NAME_WIDTH) : variantWidth(wording(cell, column, row))));
    while (total() > width) {
      const column = NODE_COLUMNS.map((index) => ({ index, slack: widths[index]! - least(index) }))
        .filter((candidate) => candidate.slack > 0)
        .sort((a, b) => b.slack - a.slack)[0];
      if (!column) return undefined;
      widths[column.index]! -= 1;
    }
    fits = true;
  }
  if (!fits) return undefined;

  const lines: PictureLine[] = [];
  lanes.forEach((_lane, index) => {
    const last = index === lanes.length - 1;
    for (const firstRow of [true, false]) {
      const row = 2 * index + (firstRow ? 0 : 1);
      const cells = rows[row]!;
      const laneArrows = firstRow ? arrows[index]! : [];
      const line: PictureLine = [];
      // A name shorter than its column leads into the arrow after it: "audit queue ─────▶".
      let lead: Segment | undefined;
      for (let column = 0; column <= FUNCTION; column++) {
        if (NODE_COLUMNS.includes(column)) {
          const cell = cells[column];
          const content = cell ? fitted(wording(cell, column, row), widths[column]!, glyphs) : [];
          const room = widths[column]! - variantWidth(content);
          const next = laneArrows[column + 1];
          line.push(...content);
          if (cell && next && room > 0) {
            const tone = next.broken ? toneOf(next.broken) : undefined;
            line.push({ text: " " }, withTone((next.broken ? glyphs.brokenLine : glyphs.line).repeat(room - 1), tone));
            lead = withTone(next.broken ? glyphs.brokenLine : glyphs.line, tone);
          } else {
            line.push({ text: " ".repeat(room) });
            lead = undefined;
          }
          continue;
        }
        const arrow = laneArrows[column];
        const space = lead ?? { text: " " };
        if (column === FAN) {
          const prefix = firstRow
            ? index === 0
              ? [space, { text: `${glyphs.line}${lanes.length > 1 ? glyphs.fork : glyphs.line}` }]
              : [{ text: `  ${last ? glyphs.lastBranch : glyphs.branch}` }]
            : [{ text: `  ${last ? " " : glyphs.trunk}` }];
          line.push(...prefix, ...(arrow ? arrowBody(arrow, widths[FAN]! - 3, glyphs) : [{ text: " ".repeat(widths[FAN]! - 3) }]));
        } else {
          line.push(...(arrow ? [space, ...arrowBody(arrow, widths[column]! - 1, glyphs)] : [{ text: " ".repeat(widths[column]!) }]));
        }
      }
      lines.push(trimEnd(line));
    }
  });
  return lines;
}

/** `width` characters: the line, the label, one more line, the arrowhead and a space. */
function arrowBody(arrow: Arrow, width: number, glyphs: Glyphs): Segment[] {
  const tone = arrow.broken ? toneOf(arrow.broken) : undefined;
  const line = arrow.broken ? glyphs.brokenLine : glyphs.line;
  const labelWidth = arrow.label ? arrow.label.text.length + 1 : 0;
  const segments: Segment[] = [withTone(line.repeat(width - 2 - labelWidth), tone)];
  if (arrow.label) segments.push(arrow.label, withTone(line, tone));
  segments.push(withTone(glyphs.arrow, tone), { text: " " });
  return segments;
}

/** A wording as it is, or cut with an ellipsis to `width` (only names are ever cut). */
function fitted(wording: Segment[], width: number, glyphs: Glyphs): Segment[] {
  if (variantWidth(wording) <= width) return wording;
  const text = wording.map((segment) => segment.text).join("");
  return [{ text: `${text.slice(0, Math.max(0, width - glyphs.ellipsis.length))}${glyphs.ellipsis}` }];
}

/** The words and figures of each part, in every wording from longest to shortest. */
class Words {
  constructor(
    private readonly glyphs: Glyphs,
    private readonly detail: Detail,
  ) {}

  laneNames(lane: Lane, first: boolean): (Cell | undefined)[] {
    const folded = lane.consumers > 1;
    const cells: (Cell | undefined)[] = [];
    if (first) {
      cells[BUCKET] = { variants: [[{ text: "S3 bucket" }]] };
      cells[TOPIC] = { variants: [[{ text: "SNS topic" }]] };
    }
    cells[QUEUE] = { variants: [[{ text: `${lane.name} ${folded ? "queues" : "queue"}` }], [{ text: lane.name }]], cut: true };
    cells[FUNCTION] = { variants: [[{ text: `${this.glyphs.lambda} ${lane.name}` }]], cut: true };
    return cells;
  }

  laneFigures(model: PipelineModel, lane: Lane, first: boolean): (Cell | undefined)[] {
    const cells: (Cell | undefined)[] = [];
    if (first) {
      cells[BUCKET] = this.bucket(model);
      cells[TOPIC] = model.checked ? this.state(model.topic, "present") : undefined;
    }
    cells[QUEUE] = this.queue(model, lane);
    cells[FUNCTION] = this.fn(model, lane);
    return cells;
  }

  laneArrows(model: PipelineModel, lane: Lane, first: boolean, detail: Detail): (Arrow | undefined)[] {
    const arrows: (Arrow | undefined)[] = [];
    if (first) arrows[NOTIFICATION] = this.arrow(model.notification, detail, model.notification.prefix, model.notification.p50);
    arrows[FAN] = this.arrow(lane.subscription, detail, undefined, lane.subscription.p50);
    arrows[MAPPING] = this.arrow(lane.mapping, detail, undefined, lane.mapping.p50);
    return arrows;
  }

  private arrow(part: Part, detail: Detail, prefix: string | undefined, p50: number | undefined): Arrow {
    if (part.health !== "ok") {
      const mark = this.mark(part.health);
      return { broken: part.health, label: withTone(detail < 2 && part.note ? `${mark} ${part.note}` : mark, toneOf(part.health)) };
    }
    if (detail > 0) return {};
    if (prefix !== undefined) return { label: { text: prefix, tone: "dim" } };
    if (p50 !== undefined) return { label: { text: shortMs(p50) } };
    return {};
  }

  private bucket(model: PipelineModel): Cell | undefined {
    const { bucket } = model;
    if (!bucket.uploaded) return model.checked ? this.state(bucket, "present") : undefined;
    const { done, planned, failed } = bucket.uploaded;
    const failures = failed > 0 ? [{ text: `${this.sep()}${failed} failed`, tone: "bad" as const }] : [];
    const p50 = bucket.p50 === undefined ? [] : [[{ text: `${done}/${planned} uploaded${this.sep()}${shortMs(bucket.p50)}` }, ...failures]];
    return { variants: [...p50, [{ text: `${done}/${planned} uploaded` }, ...failures], [{ text: `${done}/${planned}` }, ...failures]] };
  }

  private queue(model: PipelineModel, lane: Lane): Cell {
    const { queue } = lane;
    const state = model.checked && queue.health !== "ok" ? this.state(queue, "present").variants.at(-1)! : [];
    const lead = state.length > 0 ? [...state, { text: this.sep() }] : [];
    const dlq =
      queue.deadLetters === undefined
        ? []
        : [withTone(`DLQ ${queue.deadLetters}`, queue.deadLetters === 0 ? undefined : queue.deadLettersExpected ? "warn" : "bad")];
    const withDepth = (depth: string | undefined): Segment[] => {
      const parts: Segment[][] = [...(depth === undefined ? [] : [[{ text: depth }]]), ...(dlq.length > 0 ? [dlq] : [])];
      const joined = parts.flatMap((part, index) => (index === 0 ? part : [{ text: this.sep() }, ...part]));
      return trimEnd([...lead, ...joined]);
    };
    if (queue.visible === undefined || queue.inFlight === undefined) return { variants: [withDepth(undefined)] };
    const { visible, inFlight } = queue;
    return {
      variants: [
        withDepth(`${visible} queued${this.sep()}${inFlight} in flight`),
        withDepth(`${visible}+${inFlight} queued`),
        withDepth(`${visible}+${inFlight}`),
      ],
    };
  }

  private fn(model: PipelineModel, lane: Lane): Cell | undefined {
    const { fn } = lane;
    if (model.checked) return this.state(fn, fn.state ?? "present");
    if (fn.results === undefined) return undefined;
    const done = `${fn.results} done`;
    return { variants: [...(fn.p50 === undefined ? [] : [[{ text: `${done}${this.sep()}${shortMs(fn.p50)}` }]]), [{ text: done }], [{ text: String(fn.results) }]] };
  }

  /** "✔ Active" (the mark green), "✖ missing", "~ role drifted" (all in the state's colour); the mark alone at the least detail. */
  private state(part: Part, okWord: string): Cell {
    const mark = withTone(this.mark(part.health), part.health === "ok" ? "ok" : toneOf(part.health));
    const full =
      part.health === "ok"
        ? [mark, { text: ` ${okWord}` }]
        : [withTone(`${mark.text} ${part.note ?? (part.health === "error" ? "unreadable" : part.health)}`, toneOf(part.health))];
    return { variants: [this.detail === 3 ? [mark] : full] };
  }

  private mark(health: Health): string {
    return health === "missing" ? this.glyphs.missing : health === "drifted" ? this.glyphs.drifted : health === "error" ? this.glyphs.error : this.glyphs.ok;
  }

  private sep(): string {
    return ` ${this.glyphs.separator} `;
  }
}

function toneOf(health: Health): Tone | undefined {
  return health === "ok" ? undefined : health === "drifted" ? "warn" : "bad";
}

function withTone(text: string, tone: Tone | undefined): Segment {
  return tone ? { text, tone } : { text };
}

function variantWidth(segments: readonly Segment[]): number {
  return segments.reduce((sum, segment) => sum + segment.text.length, 0);
}

/** Without trailing blanks, so no line is wider than it shows. */
function trimEnd(line: Segment[]): Segment[] {
  const result = [...line];
  while (result.length > 0) {
    const last = result.at(-1)!;
    const trimmed = last.text.trimEnd();
    if (trimmed === last.text) break;
    result.pop();
    if (trimmed !== "") {
      result.push({ ...last, text: trimmed });
      break;
    }
  }
  return result;
}

/** 8 -> "8ms", 950 -> "950ms", 1234 -> "1.2s", 12_345 -> "12s", 125_000 -> "2m05s", 900_000 -> "15m": at most five characters. */
export function shortMs(ms: number): string {
  const value = Math.max(0, Math.round(ms));
  if (value < 1000) return `${value}ms`;
  if (value < 9950) return `${(value / 1000).toFixed(1)}s`;
  const seconds = Math.round(value / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 10 ? `${minutes}m${String(seconds % 60).padStart(2, "0")}s` : `${minutes}m`;
}
