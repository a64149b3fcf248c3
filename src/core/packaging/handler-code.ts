/** Where function code comes from when a step needs it: the packaged consumers, each built once per command. */
import type { HandlerCodeSource } from "../resources/resource.js";

/** Builds each consumer's zip once per command, however many steps ask for it. */
export function memoizedHandlerCode(source: HandlerCodeSource): HandlerCodeSource {
  const cache = new Map<string, ReturnType<HandlerCodeSource>>();
  return (consumer) => {
    let code = cache.get(consumer.name);
    if (!code) {
      code = source(consumer);
      cache.set(consumer.name, code);
    }
    return code;
  };
}

/** Each consumer's zip (src/core/packaging), loaded only when a function step needs it. */
export const packagedHandlerCode: HandlerCodeSource = async (consumer) => {
  if (consumer.code.kind === "project") {
    const { bundleProjectConsumer } = await import("./project-bundle.js");
    return bundleProjectConsumer(consumer);
  }
  const { buildHandlerZip } = await import("./handler-zip.js");
  return buildHandlerZip(consumer.name);
};
