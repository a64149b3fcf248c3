/** `eda upload FILE...`: upload files under uploads/ and show each consumer's result for each file. */
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCommand } from "../run-command.js";
import { consumerColours } from "./tail.js";

interface UploadOptions {
  prefix?: string;
  wait: boolean;
  timeout?: string;
}

export function register(program: Command): void {
  program
    .command("upload")
    .description("upload files under uploads/ and show both consumers' results for each one, checked against the size and SHA-256 sent")
    .argument("<file...>", "files to upload (each becomes uploads/[prefix/]<file name>)")
    .option("--prefix <folder>", "folder under uploads/ to put the files in")
    .option("--no-wait", "upload and return without waiting for results")
    .option("--timeout <duration>", "how long to wait for the results (default 60s)")
    .action((files: string[], options: UploadOptions, command: Command) => {
      const globals = globalOptionsOf(command);
      return runCommand(globals, async (ctx, io) => {
        const { parseDuration } = await import("../../core/command-options.js");
        const { UPLOAD_DEFAULT_TIMEOUT_MS, upload } = await import("../../core/traffic/upload.js");
        const timeoutMs = options.timeout === undefined ? UPLOAD_DEFAULT_TIMEOUT_MS : parseDuration(options.timeout, "--timeout");
        const events = await consumerColours(ctx.events, globals, io);
        return upload({ ...ctx, events }, { files, wait: options.wait, timeoutMs, ...(options.prefix === undefined ? {} : { prefix: options.prefix }) });
      });
    });
}
