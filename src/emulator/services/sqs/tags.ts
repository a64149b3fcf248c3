/** Queue tag limits (SQS guide, "Tagging your queues"): 50 tags, keys 1-128 and values 0-256 characters. */
import { invalidParameterValue } from "./errors.js";

const MAX_TAGS = 50;

export function validateTags(queueName: string, existing: ReadonlyMap<string, string>, added: Record<string, string>): void {
  for (const [key, value] of Object.entries(added)) {
    if (key.length < 1 || key.length > 128) throw invalidParameterValue("Tag keys must be between 1 and 128 characters in length.");
    if (value.length > 256) throw invalidParameterValue("Tag values must be at most 256 characters in length.");
    if (key.toLowerCase().startsWith("aws:")) throw invalidParameterValue("Tag keys must not start with the reserved prefix aws:.");
  }
  const keys = new Set([...existing.keys(), ...Object.keys(added)]);
  if (keys.size > MAX_TAGS) throw invalidParameterValue(`Too many tags added for queue ${queueName}.`);
}
