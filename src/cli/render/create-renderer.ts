import type { OutputSettings } from "../global-options.js";
import { supportsUnicode } from "./glyphs.js";
import { JsonRenderer } from "./json-renderer.js";
import { PlainRenderer } from "./plain-renderer.js";
import type { OutputStreams, Renderer } from "./renderer.js";
import { TtyRenderer } from "./tty-renderer.js";

/** --json wins; a terminal on both streams gets spinners; anything else gets plain lines. */
export function createRenderer(settings: OutputSettings, streams: OutputStreams & { env?: NodeJS.ProcessEnv }): Renderer {
  if (settings.json) return new JsonRenderer(streams);
  if (settings.interactive) return new TtyRenderer(streams, { color: settings.color, unicode: supportsUnicode(streams.env ?? process.env) });
  return new PlainRenderer(streams, { verbose: settings.verbose });
}
