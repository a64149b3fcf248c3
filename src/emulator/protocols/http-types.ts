/** The HTTP request and response as the codecs see them: no sockets, no streams. */
export interface HttpRequest {
  method: string;
  /** Path as sent, still percent-encoded, without the query string. */
  path: string;
  /** Raw query string without the leading "?". */
  rawQuery: string;
  query: URLSearchParams;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: Buffer;
  remoteAddress: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}
