/** `eda status`: every resource present, missing or drifted, with states and queue depths. */
import type { Command } from "commander";
import type { StatusResult } from "../../core/provision/status.js";
import { globalOptionsOf } from "../global-options.js";
import type { CommandIo } from "../command-session.js";
import { runCommand } from "../run-command.js";
import { withConsumerOptions } from "./tail.js";

export function register(program: Command): void {
  withConsumerOptions(
    program
      .command("status")
      .description("show every resource of the stack as present, missing or drifted, function and mapping states, queue and DLQ depths (exit 1 unless all is as planned)"),
    "the shared resources and this consumer's",
  ).action((options: { consumer?: string; queue?: string }, command: Command) =>
      runCommand(globalOptionsOf(command), async (ctx, io) => {
        const { selectConsumers } = await import("../../core/command-options.js");
        const { status } = await import("../../core/provision/status.js");
        const result = await status(ctx, { consumers: selectConsumers(options, ctx.consumers.map((consumer) => consumer.name)) });
        for (const line of await statusLines(result, io)) io.print(line);
        return { ok: result.ok, summary: result.summary, data: result.data };
      }),
    );
}

/**
 * On a terminal wide enough, the heading line, then the pipeline as a
 * picture with the resources that are not as planned; elsewhere (a pipe, a
 * narrow terminal) the heading and the table.
 */
async function statusLines(result: StatusResult, io: CommandIo): Promise<string[]> {
  if (!io.terminal) return result.lines;
  // Loaded only here: `eda --help` loads no terminal library.
  const { statusPicture, terminalPaint } = await import("../render/pipeline-view.js");
  const { UPLOADS_PREFIX } = await import("../../core/stack/config.js");
  const paint = io.terminal.color ? terminalPaint() : undefined;
  const picture = statusPicture(result.data.resources, { width: io.terminal.columns, unicode: io.terminal.unicode, prefix: UPLOADS_PREFIX, ...(paint ? { paint } : {}) });
  // The table's first line is the heading: where and as whom status looked.
  return picture ? [result.lines[0]!, "", ...picture, ""] : result.lines;
}
