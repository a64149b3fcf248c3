/** An in-memory ObjectStore: lets the consumers' logic run without S3. */
import { createHash } from "node:crypto";
import type { ObjectHead, ObjectStore } from "../../handlers/shared/object-store.js";

interface StoredObject {
  data: Uint8Array;
  contentType: string;
  metadata: Record<string, string>;
}

export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, StoredObject>();
  readonly calls: string[] = [];

  put(bucket: string, key: string, data: string | Uint8Array, options: Partial<Omit<StoredObject, "data">> = {}): void {
    this.objects.set(`${bucket}/${key}`, {
      data: typeof data === "string" ? new TextEncoder().encode(data) : data,
      contentType: options.contentType ?? "binary/octet-stream",
      metadata: options.metadata ?? {},
    });
  }

  json(bucket: string, key: string): unknown {
    const object = this.objects.get(`${bucket}/${key}`);
    return object ? JSON.parse(new TextDecoder().decode(object.data)) : undefined;
  }

  keys(prefix = ""): string[] {
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
  }

  async head(bucket: string, key: string): Promise<ObjectHead> {
    this.calls.push(`head ${bucket}/${key}`);
    return this.headOf(bucket, key);
  }

  async read<T>(
    bucket: string,
    key: string,
    consume: (head: ObjectHead, body: AsyncIterable<Uint8Array>) => Promise<T>,
  ): Promise<T> {
    this.calls.push(`get ${bucket}/${key}`);
    const head = this.headOf(bucket, key);
    const data = this.objects.get(`${bucket}/${key}`)!.data;
    // Three-byte chunks exercise the streaming code paths across chunk borders.
    async function* chunks() {
      for (let offset = 0; offset < data.byteLength; offset += 3) yield data.subarray(offset, offset + 3);
    }
    return consume(head, chunks());
  }

  async putJson(bucket: string, key: string, value: unknown): Promise<void> {
    this.calls.push(`put ${bucket}/${key}`);
    this.put(bucket, key, JSON.stringify(value), { contentType: "application/json" });
  }

  private headOf(bucket: string, key: string): ObjectHead {
    const object = this.objects.get(`${bucket}/${key}`);
    if (!object) throw Object.assign(new Error("The specified key does not exist."), { name: "NoSuchKey" });
    return {
      contentType: object.contentType,
      eTag: createHash("md5").update(object.data).digest("hex"),
      size: object.data.byteLength,
      metadata: object.metadata,
    };
  }
}
