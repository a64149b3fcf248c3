/** Tag comparison shared by every kind: the stack's tags must be present; other tags are left alone. */
export type Tags = Record<string, string>;

/** The desired tags that are missing or have another value on the live resource. */
export function missingTags(desired: Tags, live: Tags): Tags {
  return Object.fromEntries(Object.entries(desired).filter(([key, value]) => live[key] !== value));
}

export function describeMissingTags(missing: Tags): string {
  return `tags ${Object.entries(missing)
    .map(([key, value]) => `${key}=${value}`)
    .join(", ")} missing`;
}

export function tagsFromList(list: readonly { Key?: string; Value?: string }[] | undefined): Tags {
  return Object.fromEntries((list ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
}

export function tagsToList(tags: Tags): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
