/** The few S3 operations the consumers need, so their logic can run against any store. */

export interface ObjectHead {
  contentType: string;
  /** Without the surrounding quotes. */
  eTag: string;
  size: number;
  /** User metadata (`x-amz-meta-*`), names lower-cased. */
  metadata: Record<string, string>;
}

export interface ObjectStore {
  head(bucket: string, key: string): Promise<ObjectHead>;
  /**
   * Streams an object's body into `consume`; the body is released afterwards
   * whether or not it was read to the end.
   */
  read<T>(bucket: string, key: string, consume: (head: ObjectHead, body: AsyncIterable<Uint8Array>) => Promise<T>): Promise<T>;
  putJson(bucket: string, key: string, value: unknown): Promise<void>;
}
