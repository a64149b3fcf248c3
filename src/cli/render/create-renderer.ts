import type { OutputSettings } from "../global-options.js";
import { supportsUnicode } from "./glyphs.js";
import { JsonRenderer } from "./json-renderer.js";
import { PlainRenderer } from "./plain-renderer.js";
import type { OutputStreams, Renderer } from "./renderer.js";

/**
 * --json wins; a terminal on both streams gets spinners; anything else gets
 * plain lines. The terminal renderer (ora, chalk) loads only for a terminal.
 */
export async function createRenderer(settings: OutputSettings, streams: OutputStreams & { env?: NodeJS.ProcessEnv }): Promise<Renderer> {
  if (settings.json) return new JsonRenderer(streams);
  if (settings.interactive) {
    const { TtyRenderer } = await import("./tty-renderer.js");
    return new TtyRenderer(streams, { color: settings.color, unicode: supportsUnicode(streams.env ?? process.env) });
  }
  return new PlainRenderer(streams, { verbose: settings.verbose });
}
