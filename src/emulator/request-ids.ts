/**
 * The second id S3 pairs with each request id: the x-amz-id-2 header and the
 * HostId of its error bodies, also quoted in the event records of the
 * notifications the request caused (responseElements."x-amz-id-2").
 */
export function s3HostId(requestId: string): string {
  return Buffer.from(`eda-emulator:${requestId}`).toString("base64");
}
